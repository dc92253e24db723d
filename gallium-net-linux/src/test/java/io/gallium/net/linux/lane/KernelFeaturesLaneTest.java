package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.Lane;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves that the lane's kernel has what gallium-net's Linux layout needs (DESIGN.md, "How a
 * topology becomes devices"): an active-backup bond over two adapters, under a VLAN-filtering
 * bridge with {@code vlan_default_pvid 0}, carrying VLAN 100 on the bond port. Built with iproute2
 * and checked with its JSON output; the driver's own lane tests build on this.
 */
@Tag("lane")
class KernelFeaturesLaneTest {

  @Test
  void bondUnderVlanFilteringBridgeCarriesVlan100() {
    Lane.assumeLaneAndRoot();
    try (TestNamespace ns = TestNamespace.create()) {
      // Two "adapters": veth ends whose peers stay in the namespace as the switch side.
      ns.ipOk("link", "add", "nic0", "type", "veth", "peer", "name", "sw0");
      ns.ipOk("link", "add", "nic1", "type", "veth", "peer", "name", "sw1");
      ns.ipOk("link", "add", "bond0", "type", "bond", "mode", "active-backup", "miimon", "100");
      ns.ipOk("link", "set", "dev", "nic0", "master", "bond0");
      ns.ipOk("link", "set", "dev", "nic1", "master", "bond0");
      ns.ipOk("link", "set", "dev", "bond0", "type", "bond", "primary", "nic0");
      ns.ipOk(
          "link", "add", "br0", "type", "bridge", "vlan_filtering", "1", "vlan_default_pvid", "0");
      ns.ipOk("link", "set", "dev", "bond0", "master", "br0");
      ns.bridgeOk("vlan", "add", "vid", "100", "dev", "bond0");
      for (String dev : List.of("sw0", "sw1", "bond0", "br0")) {
        ns.ipOk("link", "set", "dev", dev, "up");
      }

      Map<String, Object> bond = link(ns, "bond0");
      assertEquals("bond", path(bond, "linkinfo", "info_kind"));
      assertEquals("active-backup", path(bond, "linkinfo", "info_data", "mode"));
      assertEquals(100L, path(bond, "linkinfo", "info_data", "miimon"));
      assertEquals("nic0", path(bond, "linkinfo", "info_data", "primary"));
      assertEquals("br0", bond.get("master"));
      assertEquals("bridge", path(bond, "linkinfo", "info_slave_kind"));

      for (String nic : List.of("nic0", "nic1")) {
        Map<String, Object> slave = link(ns, nic);
        assertEquals("bond0", slave.get("master"), nic + " enslaved to the bond");
        assertEquals("bond", path(slave, "linkinfo", "info_slave_kind"));
      }
      assertEquals(
          "ACTIVE",
          path(link(ns, "nic0"), "linkinfo", "info_slave_data", "state"),
          "primary is active");
      assertEquals(
          "BACKUP",
          path(link(ns, "nic1"), "linkinfo", "info_slave_data", "state"),
          "second is standby");

      Map<String, Object> bridge = link(ns, "br0");
      assertEquals("bridge", path(bridge, "linkinfo", "info_kind"));
      assertEquals(1L, path(bridge, "linkinfo", "info_data", "vlan_filtering"));
      assertEquals(0L, path(bridge, "linkinfo", "info_data", "vlan_default_pvid"));

      // The bond port carries VLAN 100 only: with default PVID 0 it got no VLAN 1 on enslaving.
      assertEquals(List.of(100L), vlans(ns, "bond0"));
    }
  }

  private static Map<String, Object> link(TestNamespace ns, String dev) {
    List<Map<String, Object>> links =
        Json.parseArray(ns.ipOk("-d", "-j", "link", "show", "dev", dev));
    assertEquals(1, links.size(), "one link named " + dev);
    return links.get(0);
  }

  /** VLAN IDs configured on {@code dev}, from {@code bridge -j vlan show}. */
  private static List<Long> vlans(TestNamespace ns, String dev) {
    List<Map<String, Object>> ports =
        Json.parseArray(ns.bridgeOk("-j", "vlan", "show", "dev", dev));
    assertTrue(ports.size() <= 1, "at most one entry for " + dev + ": " + ports);
    if (ports.isEmpty()) {
      return List.of();
    }
    List<?> vlans = (List<?>) ports.get(0).get("vlans");
    return vlans.stream().map(v -> (Long) cast(v).get("vlan")).collect(Collectors.toList());
  }

  private static Object path(Map<String, Object> root, String... keys) {
    Object at = root;
    for (String key : keys) {
      assertTrue(at instanceof Map, "no object at '" + key + "' in " + root);
      at = cast(at).get(key);
    }
    return at;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
