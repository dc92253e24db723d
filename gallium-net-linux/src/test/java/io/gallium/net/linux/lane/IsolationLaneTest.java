package io.gallium.net.linux.lane;

import static io.gallium.net.linux.testing.SwitchedHost.awaitRxPackets;
import static io.gallium.net.linux.testing.SwitchedHost.delta;
import static io.gallium.net.linux.testing.SwitchedHost.rxPackets;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolation with real frames. The switch sends broadcasts on VLAN 100, on VLAN 200 and untagged;
 * VMs send broadcasts on their networks; packet counters (each namespace's {@code /proc/net/dev})
 * on every VM's and the switch's interfaces say who got what. No ping or tcpdump is needed (the
 * guest has neither).
 *
 * <p>Why exact counts are safe without sleeping: a veth's receive counter is its peer's transmit
 * counter, and a bridge floods a broadcast to all its ports in one pass. So once a VLAN's wanted
 * receiver has counted all of that VLAN's frames, a copy leaked to any other port would already be
 * counted too. IPv6 is off in every namespace, so nothing else is on the wire.
 */
@Tag("lane")
class IsolationLaneTest {
  private static final int FRAMES = 5;
  private static final int PORT = 6000;

  @Test
  void eachVmPortSeesOnlyItsNetworksFramesAndSendsOnlyOnIt(@TempDir Path journal) {
    try (SwitchedHost bench = SwitchedHost.create(2, true)) {
      bench.vmPort("vm100", "e100", "10.100.0.2/24");
      bench.vmPort("vm200", "e200", "10.200.0.2/24");
      bench.vmPort("vmu", "eu", "192.168.7.2/24");
      bench.vmPort("vmx", "ex", null);
      bench.switchVlan(100, "10.100.0.1/24");
      bench.switchVlan(200, "10.200.0.1/24");
      bench.switchUntagged("192.168.7.1/24").wire();
      Topology topology =
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .vlanNetwork("prod", "uplink", 100)
              .vlanNetwork("test", "uplink", 200)
              .untaggedNetwork("mgmt", "uplink")
              .vmPort("vm100", "prod")
              .vmPort("vm200", "test")
              .vmPort("vmu", "mgmt")
              .build();
      HostNetwork.builder().driver(bench.driver()).journal(journal).build().apply(topology);
      SwitchedHost.awaitForwarding(bench.host(), "gb-uplink", "vm100", "vm200", "vmu");
      SwitchedHost.awaitForwarding(bench.switchSide(), "swp0");
      // A port enslaved but not configured yet (as between two stages of an apply, or a port
      // someone else added): with the bridge's default PVID 0 it has no VLAN at all.
      String bridge = (String) QuickStartLaneTest.link(bench.host(), "gb-uplink").get("master");
      bench.host().ipOk("link", "set", "vmx", "master", bridge);
      bench.host().ipOk("link", "set", "vmx", "up");
      assertEquals(
          Map.of(), QuickStartLaneTest.vidFlags(QuickStartLaneTest.vlans(bench.host()).get("vmx")));

      TestNamespace vm = bench.vm();
      TestNamespace sw = bench.switchSide();
      List<String> vmSides = List.of("e100", "e200", "eu", "ex");

      // The switch to the VMs.
      Map<String, Long> before = rxPackets(vm, vmSides);
      try (UdpInNamespace s100 = UdpInNamespace.bind(sw, "10.100.0.1", PORT);
          UdpInNamespace s200 = UdpInNamespace.bind(sw, "10.200.0.1", PORT);
          UdpInNamespace su = UdpInNamespace.bind(sw, "192.168.7.1", PORT)) {
        for (int i = 0; i < FRAMES; i++) {
          s200.send("10.200.0.255", PORT, "tagged 200");
          su.send("192.168.7.255", PORT, "untagged");
          s100.send("10.100.0.255", PORT, "tagged 100");
        }
      }
      awaitRxPackets(vm, "e100", before.get("e100") + FRAMES);
      awaitRxPackets(vm, "e200", before.get("e200") + FRAMES);
      awaitRxPackets(vm, "eu", before.get("eu") + FRAMES);
      Map<String, Long> got = delta(before, rxPackets(vm, vmSides));
      assertEquals(
          Map.of("e100", (long) FRAMES, "e200", (long) FRAMES, "eu", (long) FRAMES, "ex", 0L),
          got,
          "frames each VM received of "
              + FRAMES
              + " per VLAN 100, VLAN 200 and untagged"
              + " (the VLAN 100 port none tagged 200 or untagged; the unconfigured port nothing)");

      // A VM on VLAN 100 to the switch: its frames leave the trunk tagged 100, and reach no other
      // VM.
      List<String> switchSides = List.of("swbr", "swbr.100", "swbr.200");
      Map<String, Long> swBefore = rxPackets(sw, switchSides);
      Map<String, Long> vmBefore = rxPackets(vm, vmSides);
      try (UdpInNamespace v100 = UdpInNamespace.bind(vm, "10.100.0.2", PORT)) {
        for (int i = 0; i < FRAMES; i++) {
          v100.send("10.100.0.255", PORT, "from vm100");
        }
      }
      awaitRxPackets(sw, "swbr.100", swBefore.get("swbr.100") + FRAMES);
      assertEquals(
          Map.of("swbr", (long) FRAMES, "swbr.100", (long) FRAMES, "swbr.200", 0L),
          delta(swBefore, rxPackets(sw, switchSides)),
          "what reached the switch from the VLAN 100 VM (the bridge device counts every frame it"
              + " gets, tagged or not: all of them came tagged 100)");
      assertEquals(
          Map.of("e100", 0L, "e200", 0L, "eu", 0L, "ex", 0L),
          delta(vmBefore, rxPackets(vm, vmSides)),
          "no other VM heard the VLAN 100 VM");

      // The untagged network's VM: its frames leave untagged.
      swBefore = rxPackets(sw, switchSides);
      try (UdpInNamespace vu = UdpInNamespace.bind(vm, "192.168.7.2", PORT)) {
        for (int i = 0; i < FRAMES; i++) {
          vu.send("192.168.7.255", PORT, "from vmu");
        }
      }
      awaitRxPackets(sw, "swbr", swBefore.get("swbr") + FRAMES);
      assertEquals(
          Map.of("swbr", (long) FRAMES, "swbr.100", 0L, "swbr.200", 0L),
          delta(swBefore, rxPackets(sw, switchSides)),
          "what reached the switch from the untagged network's VM: untagged frames only");
    }
  }
}
