package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.Planner;
import io.gallium.net.core.internal.StagedPlan;
import io.gallium.net.core.internal.StateEdits;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner's plans are minimal, safe and use VLAN ranges. */
class PlannerTest {

  private final InMemoryHost host = QuickStartTest.host();
  private final HostNetwork net = HostNetwork.of(host);

  PlannerTest() {
    host.addPort("tap-vm2");
    net.apply(QuickStartTest.quickStart());
  }

  private Topology.Builder quickStart() {
    return QuickStartTest.quickStart().toBuilder();
  }

  @Test
  void addingANetworkTouchesOnlyTheBondsVlans() {
    Plan plan = net.plan(quickStart().vlanNetwork("dev", "uplink", 200).build());
    assertEquals(
        List.of(new Change.AddPortVlans("gb-uplink", List.of(VlanRange.tagged(200, 200)))),
        plan.changes());
  }

  @Test
  void renamingANetworkChangesNoDevice() {
    Topology renamed =
        quickStart()
            .removeNetwork("prod")
            .vlanNetwork("production", "uplink", 100)
            .removeVmPort("tap-vm1")
            .vmPort("tap-vm1", "production")
            .build();
    assertTrue(net.plan(renamed).isEmpty());
    net.apply(renamed);
    assertEquals(renamed, net.observe(), "the catalog carries the new name");
  }

  @Test
  void manyNetworksAreOneChangeWithRanges() {
    Topology.Builder b = quickStart();
    for (int vid = 1000; vid <= 1999; vid++) {
      b.vlanNetwork("n" + vid, "uplink", vid);
    }
    b.vlanNetwork("n3000", "uplink", 3000);
    Plan plan = net.plan(b.build());
    assertEquals(
        List.of(
            new Change.AddPortVlans(
                "gb-uplink", List.of(VlanRange.tagged(1000, 1999), VlanRange.tagged(3000, 3000)))),
        plan.changes());
    net.apply(b.build());
    Plan removal = net.plan(QuickStartTest.quickStart());
    assertEquals(
        List.of(
            new Change.RemovePortVlans(
                "gb-uplink", List.of(VlanRange.tagged(1000, 1999), VlanRange.tagged(3000, 3000)))),
        removal.changes());
  }

  @Test
  void attachingAVmPortSetsItsVlanBeforeBringingItUp() {
    Plan plan = net.plan(quickStart().vmPort("tap-vm2", "mgmt").build());
    assertEquals(
        List.of(
            List.of(new Change.SetMaster("tap-vm2", "gv-uplink")),
            List.of(new Change.AddPortVlans("tap-vm2", List.of(VlanRange.access(1)))),
            List.of(new Change.SetUp("tap-vm2", true))),
        plan.stages().stream().map(Plan.Stage::changes).toList());
  }

  @Test
  void movingAVmPortDropsTheOldVlanBeforeAddingTheNew() {
    Plan plan = net.plan(quickStart().removeVmPort("tap-vm1").vmPort("tap-vm1", "mgmt").build());
    assertEquals(
        List.of(
            List.of(new Change.RemovePortVlans("tap-vm1", List.of(VlanRange.tagged(100, 100)))),
            List.of(new Change.AddPortVlans("tap-vm1", List.of(VlanRange.access(1))))),
        plan.stages().stream().map(Plan.Stage::changes).toList(),
        "never on two networks at once");
  }

  @Test
  void aReleasedAdapterGetsItsStateAndMtuBack() {
    InMemoryHost h = InMemoryHost.withAdapters("eth0", "eth1");
    h.changeByOthers(new Change.SetMtu("eth0", 9000));
    h.changeByOthers(new Change.SetUp("eth1", false));
    HostNetwork n = HostNetwork.of(h);
    HostState before = h.state();
    n.apply(Topology.builder().adapterGroup("uplink", "eth0", "eth1").mtu("uplink", 4000).build());
    assertEquals(
        4000, h.state().device("gb-uplink").orElseThrow().mtu(), "the bond has the group's MTU");
    assertEquals(4000, h.state().device("eth0").orElseThrow().mtu());
    assertEquals(4000, h.state().device("eth1").orElseThrow().mtu());
    assertTrue(h.state().device("eth1").orElseThrow().up());

    Plan release =
        n.plan(Topology.builder().adapterGroup("uplink", "eth0").mtu("uplink", 4000).build());
    assertEquals(
        List.of(
            List.of(new Change.ReleaseMaster("eth1")), List.of(new Change.SetMtu("eth1", 1500))),
        release.stages().stream().map(Plan.Stage::changes).toList(),
        "eth1 was down: it stays down");
    n.apply(Topology.empty());
    assertEquals(before, h.state());
  }

  @Test
  void anAdapterIsTakenDownBeforeItJoinsABond() {
    Plan plan =
        net.plan(
            quickStart()
                .removeAdapterGroup("uplink")
                .adapterGroup("uplink", "eth0", "eth2")
                .build());
    assertEquals(
        List.of(
            List.of(new Change.ReleaseMaster("eth1")),
            List.of(new Change.SetUp("eth2", false)),
            List.of(new Change.SetMaster("eth2", "gb-uplink")),
            List.of(new Change.SetUp("eth1", true))),
        plan.stages().stream().map(Plan.Stage::changes).toList(),
        "eth1 is released (the kernel takes it down) and brought back up as it was before it"
            + " joined");
  }

  @Test
  void aPlanOfAStateToItselfIsEmpty() {
    assertTrue(Planner.diff(host.state(), host.state()).isEmpty());
    assertEquals("plan: nothing to change", Plan.empty().toString());
  }

  @Test
  void eachChangeCarriesItsUndo() {
    Plan plan = net.plan(Topology.empty());
    StagedPlan.Step release =
        plan.staged().stages().get(0).steps().stream()
            .filter(s -> s.change().equals(new Change.ReleaseMaster("tap-vm1")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        List.of(
            new Change.SetMaster("tap-vm1", "gv-uplink"),
            new Change.AddPortVlans("tap-vm1", List.of(VlanRange.access(100)))),
        release.undo());
    StagedPlan.Step delete =
        plan.changes().stream()
            .filter(c -> c instanceof Change.DeleteDevice)
            .findFirst()
            .map(
                c ->
                    plan.staged().stages().stream()
                        .flatMap(s -> s.steps().stream())
                        .filter(s -> s.change() == c)
                        .findFirst()
                        .get())
            .orElseThrow();
    assertEquals(
        List.of(
            new Change.CreateBond("gb-uplink", 1500, 100),
            new Change.SetAlias("gb-uplink", Optional.of("gallium-net:bond:uplink")),
            new Change.SetUp("gb-uplink", true)),
        delete.undo());
  }

  @Test
  void aStateThatNeedsAMissingAdapterCannotBePlanned() {
    HostState want =
        StateEdits.with(host.state(), Device.builder("eth5", DeviceKind.ADAPTER).build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Planner.diff(host.state(), want));
    assertEquals(
        "the desired state needs eth5 (adapter), which the host does not have", e.getMessage());
  }
}
