package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.linux.testing.FaultyDriver;
import io.gallium.net.linux.testing.LinkSnapshot;
import io.gallium.net.linux.testing.SwitchedHost;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All or nothing on a real kernel: an apply that fails midway (a fault at change k, for every k of
 * the plan; an adapter removed between plan and apply; a name taken behind our back) leaves the
 * host exactly as iproute2 saw it before ({@link LinkSnapshot}: {@code ip -d -j link show} and
 * {@code bridge -j vlan show}, with only self-changing fields left out), and no journal behind.
 */
@Tag("lane")
class AllOrNothingLaneTest {

  /** Where the modifying plans start: a one-adapter group with one network and a VM port. */
  static Topology small() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0")
        .vlanNetwork("prod", "uplink", 100)
        .vmPort("tap-vm1", "prod")
        .build();
  }

  /** The quick start grown: a standby added, networks added, a VM port moved, one added. */
  static Topology grown() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0", "nic1")
        .vlanNetwork("prod", "uplink", 100)
        .vlanNetwork("test", "uplink", 200)
        .untaggedNetwork("mgmt", "uplink")
        .vmPort("tap-vm1", "test")
        .vmPort("vm2", "mgmt")
        .build();
  }

  static SwitchedHost bench() {
    SwitchedHost bench = SwitchedHost.create(2, false);
    try {
      bench.tap("tap-vm1").vmPort("vm2", "eth-vm2", null).wire();
      return bench;
    } catch (RuntimeException | Error e) {
      bench.close();
      throw e;
    }
  }

  @Test
  void aFaultAtAnyChangeOfACreatingPlanLeavesTheHostAsItWas(@TempDir Path journal) {
    try (SwitchedHost bench = bench()) {
      faultAtEveryChange(bench, journal, QuickStartLaneTest.quickStart());
    }
  }

  @Test
  void aFaultAtAnyChangeOfAModifyingPlanLeavesTheHostAsItWas(@TempDir Path journal) {
    try (SwitchedHost bench = bench()) {
      HostNetwork.builder().driver(bench.driver()).journal(journal).build().apply(small());
      faultAtEveryChange(bench, journal, grown());
    }
  }

  private static void faultAtEveryChange(SwitchedHost bench, Path journal, Topology goal) {
    HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
    Topology start = plain.observe();
    int size = plain.plan(goal).size();
    System.out.println(
        "AllOrNothingLaneTest: the plan to " + goal.adapterGroups() + " has " + size + " changes");
    LinkSnapshot before = LinkSnapshot.of(bench.host());
    for (int k = 1; k <= size; k++) {
      FaultyDriver faulty = FaultyDriver.failingAt(bench.driver(), k);
      HostNetwork network = HostNetwork.builder().driver(faulty).journal(journal).build();
      ApplyException e =
          assertThrows(ApplyException.class, () -> network.apply(goal), "fault at change " + k);
      assertTrue(faulty.fired(), "the plan reached change " + k);
      assertTrue(e.rolledBack(), "fault at change " + k + ": " + e.getMessage());
      LinkSnapshot after = LinkSnapshot.of(bench.host());
      assertEquals(
          before,
          after,
          "fault at change " + k + " of " + size + ": " + before.differencesFrom(after));
      assertEquals(start, plain.observe(), "fault at change " + k);
      assertFalse(plain.recover(), "no journal left behind (fault at change " + k + ")");
    }
    plain.apply(goal);
    assertEquals(goal, plain.observe(), "without a fault the same plan goes through");
  }

  @Test
  void anAdapterRemovedBetweenPlanAndApplyIsRefusedBeforeAnythingIsTouched(@TempDir Path journal) {
    try (SwitchedHost bench = bench()) {
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      assertTrue(network.plan(QuickStartLaneTest.quickStart()).size() > 0);
      bench.host().ipOk("link", "del", "nic1");
      LinkSnapshot before = LinkSnapshot.of(bench.host());
      RefusedTopologyException e =
          assertThrows(
              RefusedTopologyException.class, () -> network.apply(QuickStartLaneTest.quickStart()));
      assertTrue(e.getMessage().contains("nic1"), e.getMessage());
      LinkSnapshot after = LinkSnapshot.of(bench.host());
      assertEquals(before, after, before.differencesFrom(after));
    }
  }

  @Test
  void anAdapterRemovedWhileTheApplyRunsRollsItBack(@TempDir Path journal) {
    try (SwitchedHost bench = bench()) {
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      plain.apply(small());
      AtomicReference<LinkSnapshot> before = new AtomicReference<>();
      // After the apply observed the host and planned, before its first change: nic1 goes.
      FaultyDriver meddling =
          FaultyDriver.interferingAt(
              bench.driver(),
              1,
              () -> {
                bench.host().ipOk("link", "del", "nic1");
                before.set(LinkSnapshot.of(bench.host()));
              });
      HostNetwork network = HostNetwork.builder().driver(meddling).journal(journal).build();
      ApplyException e = assertThrows(ApplyException.class, () -> network.apply(grown()));
      assertTrue(e.rolledBack(), e.getMessage());
      LinkSnapshot after = LinkSnapshot.of(bench.host());
      assertEquals(before.get(), after, before.get().differencesFrom(after));
      assertEquals(small(), plain.observe());
      assertFalse(plain.recover(), "no journal left behind");
    }
  }

  @Test
  void aBridgeNameTakenBehindOurBackRollsTheApplyBackAndLeavesTheForeignBridgeAlone(
      @TempDir Path journal) {
    try (SwitchedHost bench = bench()) {
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      String bridge =
          plain.plan(QuickStartLaneTest.quickStart()).changes().stream()
              .filter(c -> c instanceof io.gallium.net.core.spi.Change.CreateBridge)
              .map(c -> ((io.gallium.net.core.spi.Change.CreateBridge) c).device())
              .findFirst()
              .orElseThrow();
      AtomicReference<LinkSnapshot> before = new AtomicReference<>();
      FaultyDriver meddling =
          FaultyDriver.interferingAt(
              bench.driver(),
              1,
              () -> {
                bench.host().ipOk("link", "add", bridge, "type", "bridge");
                before.set(LinkSnapshot.of(bench.host()));
              });
      HostNetwork network = HostNetwork.builder().driver(meddling).journal(journal).build();
      ApplyException e =
          assertThrows(ApplyException.class, () -> network.apply(QuickStartLaneTest.quickStart()));
      LinkSnapshot after = LinkSnapshot.of(bench.host());
      assertEquals(
          before.get(),
          after,
          "the foreign bridge "
              + bridge
              + " and everything else as before: "
              + before.get().differencesFrom(after));
      assertTrue(e.rolledBack(), e.getMessage());
      assertFalse(plain.recover(), "no journal left behind");
    }
  }

  @Test
  void aNameTakenBehindOurBackRollsTheApplyBackAndLeavesTheIntruderAlone(@TempDir Path journal) {
    try (SwitchedHost bench = bench()) {
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      String bond =
          plain.plan(QuickStartLaneTest.quickStart()).changes().stream()
              .filter(c -> c instanceof io.gallium.net.core.spi.Change.CreateBond)
              .map(c -> ((io.gallium.net.core.spi.Change.CreateBond) c).device())
              .findFirst()
              .orElseThrow();
      AtomicReference<LinkSnapshot> before = new AtomicReference<>();
      FaultyDriver meddling =
          FaultyDriver.interferingAt(
              bench.driver(),
              1,
              () -> {
                bench
                    .host()
                    .ipOk("link", "add", bond, "type", "veth", "peer", "name", "intruder-p");
                bench.host().ipOk("link", "set", bond, "alias", "someone else's");
                before.set(LinkSnapshot.of(bench.host()));
              });
      HostNetwork network = HostNetwork.builder().driver(meddling).journal(journal).build();
      ApplyException e =
          assertThrows(ApplyException.class, () -> network.apply(QuickStartLaneTest.quickStart()));
      assertTrue(e.rolledBack(), e.getMessage());
      assertTrue(
          String.valueOf(e.getCause()).contains(bond),
          "the failure names the taken name: " + e.getCause());
      LinkSnapshot after = LinkSnapshot.of(bench.host());
      assertEquals(before.get(), after, before.get().differencesFrom(after));
      assertFalse(plain.recover(), "no journal left behind");
    }
  }
}
