package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start on a real kernel: one group of two adapters, a VLAN network and an untagged
 * network, a VM port on each (a tap and a veth, made by the test as a hypervisor would), checked
 * against iproute2's own view ({@code ip -d -j link show}, {@code bridge -j vlan show}) and read
 * back by {@code observe()}. Replaces the end-to-end check HostNetworkLaneTest began.
 */
@Tag("lane")
class QuickStartLaneTest {

  static Topology quickStart() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0", "nic1")
        .vlanNetwork("prod", "uplink", 100)
        .untaggedNetwork("mgmt", "uplink")
        .vmPort("tap-vm1", "prod")
        .vmPort("vm2", "mgmt")
        .build();
  }

  @Test
  void quickStartBecomesABondUnderAVlanAwareBridgeAsIproute2SeesIt(@TempDir Path journal) {
    try (SwitchedHost bench = SwitchedHost.create(2, false)) {
      bench.tap("tap-vm1");
      bench.vmPort("vm2", "eth-vm2", null).wire();
      Topology topology = quickStart();
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();

      assertTrue(network.apply(topology).changed());
      TestNamespace host = bench.host();

      // The bond: active-backup, miimon, primary nic0, both adapters its slaves, nic0 active.
      Map<String, Object> nic0 = link(host, "nic0");
      String bondName = (String) nic0.get("master");
      assertNotNull(bondName, "nic0 is enslaved: " + nic0);
      Map<String, Object> bond = link(host, bondName);
      assertEquals("bond", IpOracle.linkInfo(bond).get("info_kind"));
      Map<String, Object> bondData = data(bond, "info_data");
      assertEquals("active-backup", bondData.get("mode"));
      assertEquals("nic0", bondData.get("primary"));
      assertTrue(
          ((Number) bondData.get("miimon")).longValue() > 0, "link monitoring on: " + bondData);
      for (String nic : List.of("nic0", "nic1")) {
        Map<String, Object> slave = link(host, nic);
        assertEquals(bondName, slave.get("master"), nic);
        assertEquals("bond", IpOracle.linkInfo(slave).get("info_slave_kind"), nic);
        assertTrue(flags(slave).contains("UP"), nic + " is up");
      }
      assertEquals(Set.of("nic0", "nic1"), slavesOf(host, bondName));
      assertEquals("ACTIVE", data(link(host, "nic0"), "info_slave_data").get("state"));
      assertEquals("BACKUP", data(link(host, "nic1"), "info_slave_data").get("state"));

      // The bridge: VLAN filtering on, default PVID 0, the bond its uplink port.
      String bridgeName = (String) bond.get("master");
      assertNotNull(bridgeName, "the bond is a bridge port: " + bond);
      Map<String, Object> bridge = link(host, bridgeName);
      assertEquals("bridge", IpOracle.linkInfo(bridge).get("info_kind"));
      assertEquals(1L, data(bridge, "info_data").get("vlan_filtering"));
      assertEquals(0L, data(bridge, "info_data").get("vlan_default_pvid"));
      assertEquals("bridge", IpOracle.linkInfo(bond).get("info_slave_kind"));
      assertTrue(
          String.valueOf(bridge.get("altnames")).contains("uplink"),
          "group name as altname: " + bridge);
      assertEquals(Set.of(bondName, "tap-vm1", "vm2"), portsOf(host, bridgeName));

      // VLANs: the bond port carries 100 tagged and 1 as PVID untagged (the untagged network);
      // each VM port exactly one VLAN, its network's, as PVID and untagged.
      Map<String, List<Map<String, Object>>> vlans = vlans(host);
      assertEquals(
          Map.of(1L, Set.of("PVID", "Egress Untagged"), 100L, Set.of()),
          vidFlags(vlans.get(bondName)));
      assertEquals(Map.of(100L, Set.of("PVID", "Egress Untagged")), vidFlags(vlans.get("tap-vm1")));
      assertEquals(Map.of(1L, Set.of("PVID", "Egress Untagged")), vidFlags(vlans.get("vm2")));
      assertFalse(
          vlans.containsKey("nic0") || vlans.containsKey("nic1"),
          "adapters are bond slaves, not bridge ports: " + vlans);

      // observe() rebuilds the same topology from the kernel alone (and the catalog's names).
      assertEquals(topology, network.observe());
      assertEquals(
          topology,
          HostNetwork.builder().driver(bench.driver()).journal(journal).build().observe());
      assertFalse(network.apply(topology).changed(), "applying it again changes nothing");
    }
  }

  static Map<String, Object> link(TestNamespace ns, String device) {
    return IpOracle.links(ns).stream()
        .filter(l -> device.equals(l.get("ifname")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no device " + device + " in " + ns.name()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> data(Map<String, Object> link, String key) {
    Object data = IpOracle.linkInfo(link).get(key);
    assertNotNull(data, key + " of " + link.get("ifname") + ": " + link);
    return (Map<String, Object>) data;
  }

  static Set<String> flags(Map<String, Object> link) {
    Set<String> out = new TreeSet<>();
    for (Object f : (List<?>) link.get("flags")) {
      out.add((String) f);
    }
    return out;
  }

  static Set<String> slavesOf(TestNamespace ns, String master) {
    return portsOf(ns, master);
  }

  static Set<String> portsOf(TestNamespace ns, String master) {
    Set<String> out = new TreeSet<>();
    for (Map<String, Object> l : IpOracle.links(ns)) {
      if (master.equals(l.get("master"))) {
        out.add((String) l.get("ifname"));
      }
    }
    return out;
  }

  /** {@code bridge -j vlan show}: port name to its VLAN entries. */
  @SuppressWarnings("unchecked")
  static Map<String, List<Map<String, Object>>> vlans(TestNamespace ns) {
    Map<String, List<Map<String, Object>>> out = new java.util.TreeMap<>();
    String text = ns.bridgeOk("-j", "vlan", "show").strip();
    if (!text.isEmpty()) {
      for (Map<String, Object> port : Json.parseArray(text)) {
        out.put((String) port.get("ifname"), (List<Map<String, Object>>) port.get("vlans"));
      }
    }
    return out;
  }

  /** VID to its flags, ranges ({@code vlan}..{@code vlanEnd}) expanded. */
  static Map<Long, Set<String>> vidFlags(List<Map<String, Object>> entries) {
    Map<Long, Set<String>> out = new java.util.TreeMap<>();
    if (entries == null) {
      return out;
    }
    for (Map<String, Object> e : entries) {
      long from = ((Number) e.get("vlan")).longValue();
      long to = e.containsKey("vlanEnd") ? ((Number) e.get("vlanEnd")).longValue() : from;
      Set<String> flags = new TreeSet<>();
      if (e.get("flags") instanceof List<?> list) {
        list.forEach(f -> flags.add((String) f));
      }
      for (long v = from; v <= to; v++) {
        out.put(v, flags);
      }
    }
    return out;
  }
}
