package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale: one group carrying every network it can (4093 VLAN networks, 2..4094, and the untagged
 * one: 4094 networks) and 500 VM ports (taps), applied, observed and removed on a real kernel. The
 * times are printed for the record (under emulation they say little); nothing asserts them.
 */
@Tag("lane")
class ScaleLaneTest {
  private static final int PORTS = 500;

  @Test
  void aGroupWith4094NetworksAnd500VmPortsIsAppliedObservedAndRemoved(@TempDir Path journal) {
    try (SwitchedHost bench = SwitchedHost.create(2, false)) {
      List<String> taps = new ArrayList<>();
      for (int i = 0; i < PORTS; i++) {
        taps.add("tuntap add mode tap name vm" + i);
      }
      bench.host().ipBatch(taps);
      Topology.Builder builder =
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .untaggedNetwork("mgmt", "uplink");
      for (int vid = 2; vid <= 4094; vid++) {
        builder.vlanNetwork("net" + vid, "uplink", vid);
      }
      for (int i = 0; i < PORTS; i++) {
        builder.vmPort("vm" + i, i % 50 == 0 ? "mgmt" : "net" + vid(i));
      }
      Topology topology = builder.build();
      assertEquals(4094, topology.networks().size());
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();

      long t0 = System.nanoTime();
      network.apply(topology);
      long t1 = System.nanoTime();
      Topology observed = network.observe();
      long t2 = System.nanoTime();
      assertEquals(topology, observed);

      // iproute2 agrees: the bond port carries all 4094 VIDs, each VM port exactly its own.
      Map<String, List<Map<String, Object>>> vlans = QuickStartLaneTest.vlans(bench.host());
      Map<Long, Set<String>> bond = QuickStartLaneTest.vidFlags(vlans.get("gb-uplink"));
      assertEquals(4094, bond.size());
      assertEquals(Set.of("PVID", "Egress Untagged"), bond.get(1L));
      assertEquals(Set.of(), bond.get(4094L));
      for (int i = 0; i < PORTS; i++) {
        long vid = i % 50 == 0 ? 1 : vid(i);
        assertEquals(
            Map.of(vid, Set.of("PVID", "Egress Untagged")),
            QuickStartLaneTest.vidFlags(vlans.get("vm" + i)),
            "vm" + i);
      }

      long t3 = System.nanoTime();
      network.apply(Topology.empty());
      long t4 = System.nanoTime();
      assertEquals(Topology.empty(), network.observe());
      assertFalse(names(bench.host()).contains("gb-uplink"), "the bond is gone");
      System.out.printf(
          "ScaleLaneTest: 4094 networks, %d VM ports: apply %d ms, observe %d ms, remove %d ms%n",
          PORTS, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t4 - t3) / 1_000_000);
    }
  }

  private static int vid(int port) {
    return 2 + (port * 8) % 4093;
  }

  private static Set<String> names(TestNamespace ns) {
    Set<String> out = new java.util.TreeSet<>();
    for (Map<String, Object> link : Json.parseArray(ns.ipOk("-j", "link", "show"))) {
      out.add((String) link.get("ifname"));
    }
    return out;
  }
}
