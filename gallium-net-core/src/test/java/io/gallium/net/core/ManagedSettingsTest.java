package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.internal.KernelRules;
import io.gallium.net.core.internal.Layout;
import io.gallium.net.core.internal.Planner;
import io.gallium.net.core.internal.StateEdits;
import io.gallium.net.core.internal.Undo;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A bridge's VLAN filtering and default PVID and a bond's mode and link monitoring are ours: when
 * someone else changes them it is drift, and apply puts them back without recreating the device
 * (#12 item 2).
 */
class ManagedSettingsTest {

  private static final BridgeSettings NOT_FILTERING = new BridgeSettings(false, 0);

  private final InMemoryHost host = QuickStartTest.host();
  private final HostNetwork net = HostNetwork.of(host);

  ManagedSettingsTest() {
    net.apply(QuickStartTest.quickStart());
  }

  @Test
  void aBridgeThatStoppedFilteringIsPlannedBackAloneAndRepaired() {
    host.changeByOthers(new Change.SetBridgeSettings("gv-uplink", NOT_FILTERING));
    assertEquals(
        QuickStartTest.quickStart(),
        net.observe(),
        "the topology still reads back: VLAN filtering is no part of it, the plan shows the gap");
    Plan plan = net.plan(QuickStartTest.quickStart());
    assertEquals(
        List.of(new Change.SetBridgeSettings("gv-uplink", BridgeSettings.vlanAware())),
        plan.changes());
    assertTrue(net.apply(QuickStartTest.quickStart()).changed());
    assertEquals(BridgeSettings.vlanAware(), host.state().device("gv-uplink").get().bridge().get());
    assertTrue(net.plan(QuickStartTest.quickStart()).isEmpty());
  }

  @Test
  void aBondWithoutLinkMonitoringIsPlannedBackAloneAndRepaired() {
    host.changeByOthers(new Change.SetBondMiimon("gb-uplink", 0));
    assertEquals(
        List.of(new Change.SetBondMiimon("gb-uplink", Layout.MIIMON_MILLIS)),
        net.plan(QuickStartTest.quickStart()).changes());
    net.apply(QuickStartTest.quickStart());
    assertEquals(
        Layout.MIIMON_MILLIS, host.state().device("gb-uplink").get().bond().get().miimonMillis());
    assertTrue(net.plan(QuickStartTest.quickStart()).isEmpty());
  }

  @Test
  void aDefaultPvidSetByOthersMovesPortsAndIsUndoneWithTheirVlans() {
    host.changeByOthers(new Change.SetBridgeSettings("gv-uplink", new BridgeSettings(true, 1)));
    assertEquals(
        List.of(VlanRange.access(1), new VlanRange(100, 100, false, true)),
        host.state().device("tap-vm1").get().vlans(),
        "the kernel gave the VM port the default PVID, untagged: it now sits in the untagged"
            + " network");
    Plan plan = net.plan(QuickStartTest.quickStart());
    assertTrue(
        plan.changes()
            .contains(new Change.SetBridgeSettings("gv-uplink", BridgeSettings.vlanAware())),
        plan.toString());
    assertTrue(
        plan.changes().stream()
            .noneMatch(c -> c instanceof Change.CreateBridge || c instanceof Change.DeleteDevice),
        plan.toString());
    net.apply(QuickStartTest.quickStart());
    assertEquals(List.of(VlanRange.access(100)), host.state().device("tap-vm1").get().vlans());
    assertTrue(net.plan(QuickStartTest.quickStart()).isEmpty());
  }

  @Test
  void aBondInAnotherModeIsCreatedAgain() {
    // Only a bond without slaves, down, takes another mode; whoever did that left it so.
    HostState desired = host.state();
    Device bond = desired.device("gb-uplink").get();
    BondSettings rr = new BondSettings("balance-rr", 100, Optional.empty(), Optional.empty());
    HostState observed =
        StateEdits.with(
            StateEdits.with(
                StateEdits.with(
                    desired,
                    desired.device("eth0").get().toBuilder()
                        .master((String) null)
                        .up(false)
                        .build()),
                desired.device("eth1").get().toBuilder().master((String) null).up(false).build()),
            bond.toBuilder().bond(rr).up(false).build());
    List<Change> changes = Planner.diff(observed, desired).changes();
    assertTrue(changes.contains(new Change.DeleteDevice("gb-uplink")), changes.toString());
    assertTrue(
        changes.contains(new Change.CreateBond("gb-uplink", bond.mtu(), Layout.MIIMON_MILLIS)),
        changes.toString());
  }

  @Test
  void changedSettingsAreDriftNamingTheSetting() {
    List<NetworkEvent> events = new ArrayList<>();
    Subscription sub = net.subscribe(events::add);
    try {
      host.changeByOthers(new Change.SetBridgeSettings("gv-uplink", NOT_FILTERING));
      host.changeByOthers(new Change.SetBondMiimon("gb-uplink", 0));
      EventsTest.delivered(sub);
      assertEquals(
          List.of(
              new NetworkEvent.Drift(
                  "gv-uplink",
                  List.of("gv-uplink: bridge vlan_filtering is 0, expected 1"),
                  List.of(new NetworkEvent.Drift.Difference("bridge vlan_filtering", "1", "0")),
                  Optional.empty()),
              new NetworkEvent.Drift(
                  "gb-uplink",
                  List.of("gb-uplink: bond miimon is 0, expected 100"),
                  List.of(new NetworkEvent.Drift.Difference("bond miimon", "100", "0")),
                  Optional.empty())),
          events);
      events.clear();
      net.apply(QuickStartTest.quickStart());
      EventsTest.delivered(sub);
      assertEquals(List.of(), events, "our own repair is no drift");
    } finally {
      sub.close();
    }
  }

  @Test
  void undoOfSettingsGivesBackWhatWasThere() throws Exception {
    HostState before = host.state();
    for (Change c :
        List.of(
            new Change.SetBondMiimon("gb-uplink", 0),
            new Change.SetBridgeSettings("gv-uplink", NOT_FILTERING),
            new Change.SetBridgeSettings("gv-uplink", new BridgeSettings(true, 1)),
            new Change.SetBridgeSettings("gv-uplink", new BridgeSettings(false, 7)))) {
      HostState after = KernelRules.apply(before, c);
      assertFalse(after.equals(before), c + " changes something");
      HostState undone = after;
      for (Change u : Undo.of(c, before)) {
        undone = KernelRules.apply(undone, u);
      }
      assertEquals(before, undone, "undo of " + c + ": " + Undo.of(c, before));
    }
  }

  @Test
  void theKernelRulesOfTheSettings() throws Exception {
    HostState s = host.state();
    assertRefused(s, new Change.SetBondMiimon("gv-uplink", 0), Errno.EOPNOTSUPP);
    assertRefused(s, new Change.SetBridgeSettings("gb-uplink", NOT_FILTERING), Errno.EOPNOTSUPP);
    assertRefused(
        s, new Change.SetBridgeSettings("gv-uplink", new BridgeSettings(true, 4095)), Errno.EINVAL);
    assertRefused(s, new Change.SetBondMiimon("gb-none", 0), Errno.ENODEV);
    // Turning filtering off touches no port; a default PVID moves only ports still on the old one.
    HostState off = KernelRules.apply(s, new Change.SetBridgeSettings("gv-uplink", NOT_FILTERING));
    assertEquals(s.portsOf("gv-uplink"), off.portsOf("gv-uplink"));
    HostState seven =
        KernelRules.apply(
            s, new Change.SetBridgeSettings("gv-uplink", new BridgeSettings(true, 7)));
    assertEquals(
        List.of(new VlanRange(1, 1, false, true), VlanRange.access(7), VlanRange.tagged(100, 100)),
        seven.device("gb-uplink").get().vlans(),
        "with no default PVID before, every port without VLAN 7 gets it as its PVID");
    HostState eight =
        KernelRules.apply(
            seven, new Change.SetBridgeSettings("gv-uplink", new BridgeSettings(true, 8)));
    assertEquals(
        List.of(VlanRange.access(8), new VlanRange(100, 100, false, true)),
        eight.device("tap-vm1").get().vlans(),
        "a port still on the old default moves to the new one");
    HostState none =
        KernelRules.apply(
            eight, new Change.SetBridgeSettings("gv-uplink", BridgeSettings.vlanAware()));
    assertEquals(
        List.of(new VlanRange(100, 100, false, true)),
        none.device("tap-vm1").get().vlans(),
        "no default PVID: the port loses the old one and is left without a PVID");
    Device bridge =
        KernelRules.apply(s, new Change.CreateBridge("gv-new", 1500)).device("gv-new").get();
    assertEquals(Optional.of(BridgeSettings.vlanAware()), bridge.bridge());
    assertEquals(DeviceKind.BRIDGE, bridge.kind());
  }

  private static void assertRefused(HostState s, Change c, Errno errno) {
    KernelRules.Rejection r =
        assertThrows(KernelRules.Rejection.class, () -> KernelRules.apply(s, c));
    assertEquals(errno, r.errno(), r.getMessage());
  }
}
