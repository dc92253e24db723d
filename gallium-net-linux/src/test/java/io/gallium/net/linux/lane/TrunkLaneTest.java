package io.gallium.net.linux.lane;

import static io.gallium.net.linux.lane.QuickStartLaneTest.vidFlags;
import static io.gallium.net.linux.lane.QuickStartLaneTest.vlans;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk with real frames: VM port {@code vmtr} carries mgmt (native, untagged), prod (VLAN 100)
 * and test (VLAN 200) of group uplink, and not web (VLAN 300), which VM port {@code vm300} is on.
 * The VM's end {@code etr} has 802.1q devices for 1, 100, 200 and 300 on it, so the VM namespace's
 * packet counters say with which tag each frame arrived: {@code etr} counts every frame, {@code
 * etr.VID} those tagged VID; frames counted on {@code etr} and on none of its VLAN devices came
 * untagged. The oracle for the bridge's side is {@code bridge -j vlan show}.
 *
 * <p>Why exact counts are safe without sleeping is the argument of {@link IsolationLaneTest}: the
 * bridge floods a broadcast to all its ports in one pass, so once each VLAN's wanted receiver has
 * counted all of that VLAN's frames, a copy leaked to the trunk would be counted already.
 */
@Tag("lane")
class TrunkLaneTest {
  private static final int FRAMES = 5;
  private static final int PORT = 6000;

  private static Topology.Builder networks() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0")
        .untaggedNetwork("mgmt", "uplink")
        .vlanNetwork("prod", "uplink", 100)
        .vlanNetwork("test", "uplink", 200)
        .vlanNetwork("web", "uplink", 300)
        .vmPort("vm300", "web");
  }

  @Test
  void aTrunkReceivesExactlyItsVlansTaggedAndItsNativeUntagged(@TempDir Path journal) {
    try (SwitchedHost bench = SwitchedHost.create(1, true)) {
      bench.vmPort("vmtr", "etr", "192.168.7.2/24");
      bench.vmPort("vm300", "e300", null);
      bench.switchVlan(100, "10.100.0.1/24");
      bench.switchVlan(200, "10.200.0.1/24");
      bench.switchVlan(300, "10.30.0.1/24");
      bench.switchUntagged("192.168.7.1/24").wire();
      TestNamespace vm = bench.vm();
      TestNamespace sw = bench.switchSide();
      vm.ipBatch(
          List.of(
              "link add link etr name etr.1 type vlan id 1",
              "link add link etr name etr.100 type vlan id 100",
              "link add link etr name etr.200 type vlan id 200",
              "link add link etr name etr.300 type vlan id 300",
              "addr add 10.100.0.2/24 dev etr.100",
              "addr add 10.200.0.2/24 dev etr.200",
              "link set etr.1 up",
              "link set etr.100 up",
              "link set etr.200 up",
              "link set etr.300 up"));
      HostNetwork net = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      Topology trunk = networks().trunkPort("vmtr", "mgmt", "prod", "test").build();

      net.apply(trunk);
      SwitchedHost.awaitForwarding(bench.host(), "gb-uplink", "vmtr", "vm300");
      SwitchedHost.awaitForwarding(bench.switchSide(), "swp0");

      assertEquals(
          Map.of(1L, Set.of("PVID", "Egress Untagged"), 100L, Set.of(), 200L, Set.of()),
          vidFlags(vlans(bench.host()).get("vmtr")),
          "bridge -j vlan show: the trunk's VLANs");
      assertEquals(trunk, net.observe(), "observe() reads the trunk back from the kernel");

      // The switch to the VMs: 100 and 200 arrive tagged, the native network untagged, 300 not.
      Map<String, Long> want = counts(3 * FRAMES, 0, FRAMES, FRAMES, 0, FRAMES);
      assertEquals(
          want,
          switchSends(bench, want),
          "frames received of "
              + FRAMES
              + " per VLAN 100, 200, 300 and untagged: etr all but VLAN 300's, tagged 100 and"
              + " 200 on their VLAN devices, the rest untagged (none tagged 1); web's port all of"
              + " VLAN 300");

      // The trunk to the switch: a frame sent on etr.200 leaves the uplink tagged 200, one sent on
      // etr untagged; neither reaches the port of web.
      List<String> switchSides = List.of("swbr", "swbr.100", "swbr.200", "swbr.300");
      Map<String, Long> swBefore = rxPackets(sw, switchSides);
      long e300Before = SwitchedHost.rxPackets(vm, "e300");
      try (UdpInNamespace v200 = UdpInNamespace.bind(vm, "10.200.0.2", PORT);
          UdpInNamespace vu = UdpInNamespace.bind(vm, "192.168.7.2", PORT)) {
        for (int i = 0; i < FRAMES; i++) {
          v200.send("10.200.0.255", PORT, "from the trunk on test");
          vu.send("192.168.7.255", PORT, "from the trunk untagged");
        }
      }
      awaitRxPackets(sw, "swbr", swBefore.get("swbr") + 2 * FRAMES);
      awaitRxPackets(sw, "swbr.200", swBefore.get("swbr.200") + FRAMES);
      assertEquals(
          Map.of("swbr", 2L * FRAMES, "swbr.100", 0L, "swbr.200", (long) FRAMES, "swbr.300", 0L),
          delta(swBefore, rxPackets(sw, switchSides)),
          "what reached the switch from the trunk: tagged 200, and untagged");
      assertEquals(0, SwitchedHost.rxPackets(vm, "e300") - e300Before, "web's port heard none");

      // The trunk changes on the running port: no native network, prod and web tagged.
      Topology changed = networks().taggedTrunkPort("vmtr", "prod", "web").build();
      net.apply(changed);
      assertEquals(
          Map.of(100L, Set.of(), 300L, Set.of()),
          vidFlags(vlans(bench.host()).get("vmtr")),
          "bridge -j vlan show: the changed trunk's VLANs");
      assertEquals(changed, net.observe());
      want = counts(2 * FRAMES, 0, FRAMES, 0, FRAMES, FRAMES);
      assertEquals(
          want,
          switchSends(bench, want),
          "after the change: 100 and 300 tagged, nothing untagged, nothing of 200");

      // attach makes it an access port: prod untagged, nothing else.
      net.attach("vmtr", "prod");
      assertEquals(
          Map.of(100L, Set.of("PVID", "Egress Untagged")),
          vidFlags(vlans(bench.host()).get("vmtr")),
          "bridge -j vlan show: attach made the trunk an access port of prod");

      // attachTrunk makes it a trunk again, reading only its own devices: test native, web tagged.
      net.attachTrunk("vmtr", "test", "web");
      assertEquals(
          Map.of(200L, Set.of("PVID", "Egress Untagged"), 300L, Set.of()),
          vidFlags(vlans(bench.host()).get("vmtr")),
          "bridge -j vlan show: attachTrunk's trunk");
      assertEquals(
          networks().trunkPort("vmtr", "test", "web").build(),
          net.observe(),
          "observe() after attachTrunk");
      want = counts(2 * FRAMES, 0, 0, 0, FRAMES, FRAMES);
      assertEquals(
          want,
          switchSends(bench, want),
          "after attachTrunk: 300 tagged, 200 untagged (counted on etr, not on etr.200), nothing"
              + " of 100 or the untagged network");
    }
  }

  /** etr, etr.1, etr.100, etr.200, etr.300 and e300, in that order. */
  private static Map<String, Long> counts(
      long etr, long etr1, long etr100, long etr200, long etr300, long e300) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("etr", etr);
    out.put("etr.1", etr1);
    out.put("etr.100", etr100);
    out.put("etr.200", etr200);
    out.put("etr.300", etr300);
    out.put("e300", e300);
    return out;
  }

  /**
   * The switch broadcasts {@link #FRAMES} frames untagged, then on VLANs 100, 200 and 300 (last, so
   * that web's port, which gets all of them, is the last wanted receiver); returns what the trunk's
   * VM side and web's port received once each counter reached what {@code want} says it should: by
   * then a copy leaked to the trunk would be counted (see the class comment).
   */
  private static Map<String, Long> switchSends(SwitchedHost bench, Map<String, Long> want) {
    TestNamespace vm = bench.vm();
    TestNamespace sw = bench.switchSide();
    List<String> sides = List.copyOf(want.keySet());
    Map<String, Long> before = rxPackets(vm, sides);
    List<String[]> fromTo =
        List.of(
            new String[] {"192.168.7.1", "192.168.7.255"},
            new String[] {"10.100.0.1", "10.100.0.255"},
            new String[] {"10.200.0.1", "10.200.0.255"},
            new String[] {"10.30.0.1", "10.30.0.255"});
    for (String[] ft : fromTo) {
      try (UdpInNamespace s = UdpInNamespace.bind(sw, ft[0], PORT)) {
        for (int i = 0; i < FRAMES; i++) {
          s.send(ft[1], PORT, "from " + ft[0]);
        }
      }
    }
    want.forEach((device, n) -> awaitRxPackets(vm, device, before.get(device) + n));
    return delta(before, rxPackets(vm, sides));
  }
}
