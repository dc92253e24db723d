package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.linux.testing.FaultyDriver;
import io.gallium.net.linux.testing.LinkSnapshot;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM port's lifecycle through {@link HostNetwork#attach} and {@link HostNetwork#detach} on a real
 * kernel, checked against iproute2 ({@code ip -d -j link show}, {@code bridge -j vlan show}): after
 * an attach or a move the port is a port of its network's group bridge with exactly that network's
 * VID, as PVID and untagged, and up; after a detach it is on no bridge, carries no VLAN and has its
 * up/down state and MTU from before the attach back; a detach of a port that is not attached
 * changes nothing; and a fault at any request of an attach or a move leaves the host as iproute2
 * saw it before.
 */
@Tag("lane")
class PortLifecycleLaneTest {

  /** Two groups, so that a move can stay in its group or leave it; no VM port yet. */
  static Topology twoGroups() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0")
        .vlanNetwork("prod", "uplink", 100)
        .vlanNetwork("test", "uplink", 200)
        .untaggedNetwork("mgmt", "uplink")
        .adapterGroup("edge", "nic1")
        .vlanNetwork("dmz", "edge", 300)
        .build();
  }

  private static SwitchedHost bench(Path journal) {
    SwitchedHost bench = SwitchedHost.create(2, false);
    try {
      bench.tap("tap-vm1").vmPort("vm2", "eth-vm2", null).vmPort("vm3", "eth-vm3", null).wire();
      HostNetwork.builder().driver(bench.driver()).journal(journal).build().apply(twoGroups());
      return bench;
    } catch (RuntimeException | Error e) {
      bench.close();
      throw e;
    }
  }

  /** The bridge of the group whose only adapter is {@code nic}: the master of its bond. */
  private static String bridgeOf(TestNamespace host, String nic) {
    String bond = (String) QuickStartLaneTest.link(host, nic).get("master");
    assertNotNull(bond, nic + " is a bond slave");
    String bridge = (String) QuickStartLaneTest.link(host, bond).get("master");
    assertNotNull(bridge, bond + " is a bridge port");
    return bridge;
  }

  /** What iproute2 says of {@code port}: its master, its VIDs with flags, whether it is up. */
  private record PortView(String master, Map<Long, Set<String>> vlans, boolean up) {
    static PortView of(TestNamespace host, String port) {
      Map<String, Object> link = QuickStartLaneTest.link(host, port);
      return new PortView(
          (String) link.get("master"),
          QuickStartLaneTest.vidFlags(QuickStartLaneTest.vlans(host).get(port)),
          QuickStartLaneTest.flags(link).contains("UP"));
    }
  }

  private static PortView onNetwork(String bridge, long vid) {
    return new PortView(bridge, Map.of(vid, Set.of("PVID", "Egress Untagged")), true);
  }

  private static void assertAttached(
      HostNetwork network, TestNamespace host, String port, String bridge, long vid, String what) {
    assertEquals(onNetwork(bridge, vid), PortView.of(host, port), what);
    assertTrue(
        QuickStartLaneTest.portsOf(host, bridge).contains(port), what + ": a port of " + bridge);
  }

  /**
   * {@link LinkSnapshot#of} without the devices' {@code tso_max_size} and {@code tso_max_segs}: the
   * kernel recomputes a bridge's from its ports whenever one joins or leaves (seen in the lane: a
   * bridge read 65536 before a tap joined and 524280, its bond's, after the tap left), and no
   * request can set them (read-only attributes), so no rollback or detach can restore them.
   */
  @SuppressWarnings("unchecked")
  private static LinkSnapshot snapshot(TestNamespace ns) {
    LinkSnapshot raw = LinkSnapshot.of(ns);
    Map<String, Object> links = new java.util.TreeMap<>();
    raw.links()
        .forEach(
            (name, link) -> {
              Map<String, Object> kept = new java.util.TreeMap<>((Map<String, Object>) link);
              kept.remove("tso_max_size");
              kept.remove("tso_max_segs");
              links.put(name, kept);
            });
    return new LinkSnapshot(links, raw.vlans());
  }

  private static LinkSnapshot without(LinkSnapshot snapshot, String device) {
    Map<String, Object> links = new java.util.TreeMap<>(snapshot.links());
    Map<String, Object> vlans = new java.util.TreeMap<>(snapshot.vlans());
    links.remove(device);
    vlans.remove(device);
    return new LinkSnapshot(links, vlans);
  }

  @Test
  void attachMoveAndDetachOfATapAndAVethAsIproute2SeesThem(@TempDir Path journal) {
    try (SwitchedHost bench = bench(journal)) {
      TestNamespace host = bench.host();
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      String uplink = bridgeOf(host, "nic0");
      String edge = bridgeOf(host, "nic1");
      assertNotEquals(uplink, edge);
      LinkSnapshot start = snapshot(host);
      assertEquals(new PortView(null, Map.of(), false), PortView.of(host, "tap-vm1"));

      // A tap: attached, moved within its group, moved to the other group, detached.
      assertTrue(network.attach("tap-vm1", "prod").changed());
      assertAttached(network, host, "tap-vm1", uplink, 100, "tap-vm1 attached to prod");
      assertEquals(
          twoGroups().toBuilder().vmPort("tap-vm1", "prod").build(), network.observe(), "observe");

      assertTrue(network.attach("tap-vm1", "test").changed());
      assertAttached(network, host, "tap-vm1", uplink, 200, "tap-vm1 moved to test (same group)");

      assertTrue(network.attach("tap-vm1", "mgmt").changed());
      assertAttached(network, host, "tap-vm1", uplink, 1, "tap-vm1 moved to the untagged mgmt");

      assertTrue(network.attach("tap-vm1", "dmz").changed());
      assertAttached(network, host, "tap-vm1", edge, 300, "tap-vm1 moved to dmz (other group)");
      assertFalse(
          QuickStartLaneTest.portsOf(host, uplink).contains("tap-vm1"), "tap-vm1 left " + uplink);
      assertEquals(
          twoGroups().toBuilder().vmPort("tap-vm1", "dmz").build(), network.observe(), "observe");

      assertFalse(network.attach("tap-vm1", "dmz").changed(), "attach where it is: nothing");

      assertTrue(network.detach("tap-vm1").changed());
      assertEquals(
          new PortView(null, Map.of(), false),
          PortView.of(host, "tap-vm1"),
          "tap-vm1 detached: on no bridge, no VLAN, down as it was");
      assertEquals(twoGroups(), network.observe(), "observe after the detach");
      LinkSnapshot detached = without(snapshot(host), "tap-vm1");
      assertEquals(
          without(start, "tap-vm1"),
          detached,
          without(start, "tap-vm1").differencesFrom(detached)
              + "\neverything but the released port as before the attach");

      // A detach of a port that is not attached: nothing changes, as iproute2 sees it.
      LinkSnapshot before = snapshot(host);
      ApplyResult again = network.detach("tap-vm1");
      assertFalse(again.changed(), "detach of a detached port: " + again.plan());
      ApplyResult never = network.detach("vm3");
      assertFalse(never.changed(), "detach of a port never attached: " + never.plan());
      LinkSnapshot after = snapshot(host);
      assertEquals(before, after, before.differencesFrom(after));

      // A veth, the other way round: into the other group first, then into uplink, then out.
      assertTrue(network.attach("vm2", "dmz").changed());
      assertAttached(network, host, "vm2", edge, 300, "vm2 attached to dmz");
      assertTrue(network.attach("vm2", "prod").changed());
      assertAttached(network, host, "vm2", uplink, 100, "vm2 moved to prod (other group)");
      assertFalse(QuickStartLaneTest.portsOf(host, edge).contains("vm2"), "vm2 left " + edge);
      assertTrue(network.attach("vm2", "test").changed());
      assertAttached(network, host, "vm2", uplink, 200, "vm2 moved to test (same group)");
      assertTrue(network.detach("vm2").changed());
      assertEquals(
          new PortView(null, Map.of(), false), PortView.of(host, "vm2"), "vm2 detached, down");
      assertEquals(twoGroups(), network.observe(), "observe after the veth's detach");
      assertFalse(network.recover(), "no journal left behind");
    }
  }

  /** What iproute2 says of a port's MTU and up/down state. */
  private static String upAndMtu(TestNamespace host, String port) {
    Map<String, Object> link = QuickStartLaneTest.link(host, port);
    return (QuickStartLaneTest.flags(link).contains("UP") ? "up" : "down")
        + " mtu "
        + link.get("mtu");
  }

  @Test
  void aReleasedPortGetsItsUpDownAndMtuBackHoweverItIsReleased(@TempDir Path journal) {
    try (SwitchedHost bench = bench(journal)) {
      TestNamespace host = bench.host();
      host.ipOk("link", "set", "tap-vm1", "mtu", "1280");
      host.ipOk("link", "set", "vm2", "mtu", "1400", "up");
      host.ipOk("link", "set", "vm3", "mtu", "1450");
      assertEquals("down mtu 1280", upAndMtu(host, "tap-vm1"));
      assertEquals("up mtu 1400", upAndMtu(host, "vm2"));
      assertEquals("down mtu 1450", upAndMtu(host, "vm3"));

      // Attach, move to the other group, detach; each call from a HostNetwork of its own, as from
      // another process.
      HostNetwork.builder()
          .driver(bench.driver())
          .journal(journal)
          .build()
          .attach("tap-vm1", "prod");
      HostNetwork.builder()
          .driver(bench.driver())
          .journal(journal)
          .build()
          .attach("tap-vm1", "dmz");
      assertEquals("up mtu 1500", upAndMtu(host, "tap-vm1"), "attached: up, the group's MTU");
      HostNetwork.builder().driver(bench.driver()).journal(journal).build().detach("tap-vm1");
      assertEquals("down mtu 1280", upAndMtu(host, "tap-vm1"), "detached: down as it was");

      // Taken by apply, released by an apply without it and by a detach.
      HostNetwork net = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      net.apply(twoGroups().toBuilder().vmPort("vm2", "test").vmPort("vm3", "mgmt").build());
      assertEquals("up mtu 1500", upAndMtu(host, "vm3"), "attached: up, the group's MTU");
      net.detach("vm2");
      net.apply(twoGroups());
      assertEquals("up mtu 1400", upAndMtu(host, "vm2"), "released by detach: as it was");
      assertEquals("down mtu 1450", upAndMtu(host, "vm3"), "released by apply: as it was");
      assertEquals(twoGroups(), net.observe());
      assertFalse(net.recover(), "no journal left behind");
    }
  }

  @Test
  void aFaultAtAnyRequestOfAnAttachOrAMoveLeavesThePortAsItWas(@TempDir Path journal) {
    try (SwitchedHost bench = bench(journal)) {
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      faultAtEveryRequest(bench, journal, "tap-vm1", "prod", "an attach");
      plain.attach("tap-vm1", "prod");
      faultAtEveryRequest(bench, journal, "tap-vm1", "test", "a move within the group");
      faultAtEveryRequest(bench, journal, "tap-vm1", "dmz", "a move to the other group");
      faultAtEveryRequest(bench, journal, "vm2", "mgmt", "an attach of a veth to mgmt");
    }
  }

  /**
   * Fails request k of {@code port}'s attach to {@code network}, for k = 1, 2, ... until the attach
   * has fewer requests than k (it then goes through, is checked, and is undone by an attach back or
   * a detach).
   */
  private static void faultAtEveryRequest(
      SwitchedHost bench, Path journal, String port, String network, String what) {
    HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
    Topology start = plain.observe();
    String was = start.vmPort(port).map(p -> p.network()).orElse(null);
    LinkSnapshot before = snapshot(bench.host());
    int k = 1;
    while (true) {
      FaultyDriver faulty = FaultyDriver.failingAt(bench.driver(), k);
      HostNetwork failing = HostNetwork.builder().driver(faulty).journal(journal).build();
      ApplyException e = null;
      try {
        failing.attach(port, network);
      } catch (ApplyException caught) {
        e = caught;
      }
      if (!faulty.fired()) {
        assertNull(e, what + ": without a fault it goes through");
        break;
      }
      assertNotNull(e, what + ": fault at request " + k + " is reported");
      assertTrue(e.rolledBack(), what + ", fault at request " + k + ": " + e.getMessage());
      LinkSnapshot after = snapshot(bench.host());
      assertEquals(
          before, after, what + ", fault at request " + k + ": " + before.differencesFrom(after));
      assertEquals(start, plain.observe(), what + ", fault at request " + k);
      assertFalse(plain.recover(), "no journal left behind (" + what + ", request " + k + ")");
      k++;
    }
    System.out.println(
        "PortLifecycleLaneTest: "
            + what
            + " ("
            + port
            + " to "
            + network
            + ") has "
            + (k - 1)
            + " requests, a fault at each left the host as it was");
    assertTrue(k > 1, what + " made at least one request");
    assertEquals(network, plain.observe().vmPort(port).orElseThrow().network(), what);
    if (was == null) {
      plain.detach(port);
    } else {
      plain.attach(port, was);
    }
  }
}
