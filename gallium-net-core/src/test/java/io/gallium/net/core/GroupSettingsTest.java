package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.FailoverPolicy;
import io.gallium.net.GroupMode;
import io.gallium.net.Lacp;
import io.gallium.net.Topology;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A group's MTU, failover policy and LACP mode on the in-memory host (#13, group settings). */
class GroupSettingsTest {

  private final InMemoryHost host = QuickStartTest.host();
  private final HostNetwork net = HostNetwork.of(host);

  private static Topology.Builder storage() {
    return QuickStartTest.quickStart().toBuilder();
  }

  private int mtu(String device) {
    return host.state().device(device).orElseThrow().mtu();
  }

  private BondSettings bond() {
    return host.state().device("gb-uplink").orElseThrow().bond().orElseThrow();
  }

  @Test
  void theGroupsMtuIsOnItsAdaptersBondBridgeAndVmPorts() {
    Topology t = storage().mtu("uplink", 9000).build();
    net.apply(t);
    for (String d : List.of("eth0", "eth1", "gb-uplink", "gv-uplink", "tap-vm1")) {
      assertEquals(9000, mtu(d), d);
    }
    assertEquals(t, net.observe(), "the MTU reads back from the bond");
    assertTrue(net.plan(t).isEmpty());
  }

  @Test
  void changingTheMtuOfARunningGroupSetsItInPlaceAndNothingElse() {
    net.apply(storage().build());
    Plan raise = net.plan(storage().mtu("uplink", 9000).build());
    assertEquals(
        List.of(
            new Change.SetMtu("gb-uplink", 9000),
            new Change.SetMtu("gv-uplink", 9000),
            new Change.SetMtu("tap-vm1", 9000)),
        raise.changes(),
        "the bond passes it to its adapters; nothing is created again");
    net.apply(storage().mtu("uplink", 9000).build());
    assertEquals(9000, mtu("eth1"));
    Plan lower = net.plan(storage().build());
    assertEquals(3, lower.size(), lower::toString);
    net.apply(storage().build());
    assertEquals(1500, mtu("eth0"));
  }

  @Test
  void anAdapterThatCannotTakeTheMtuIsRefusedBeforeAnythingIsTouched() {
    host.addDevice(Device.builder("eth7", DeviceKind.ADAPTER).maxMtu(1500).carrier(true).build());
    var before = host.state();
    long requests = host.requestCount();
    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class,
            () -> net.apply(Topology.builder().adapterGroup("s", "eth7").mtu("s", 9000).build()));
    assertEquals(
        "adapter 'eth7' of group 's' takes an MTU of at most 1500 (its device's maximum), not the"
            + " group's 9000; lower the group's MTU to 1500 or less, or use another adapter",
        e.refusals().get(0).message());
    assertEquals("eth7", e.refusals().get(0).device());
    assertEquals(before, host.state());
    assertEquals(requests, host.requestCount());
  }

  @Test
  void aVmPortAttachedLaterGetsTheGroupsMtuOrIsRefusedIfItCannotTakeIt() {
    net.apply(storage().mtu("uplink", 9000).build());
    host.addPort("tap-vm2");
    net.attach("tap-vm2", "prod");
    assertEquals(9000, mtu("tap-vm2"));
    host.addDevice(Device.builder("tap-small", DeviceKind.PORT).maxMtu(4000).build());
    RefusedTopologyException e =
        assertThrows(RefusedTopologyException.class, () -> net.attach("tap-small", "prod"));
    assertTrue(
        e.getMessage()
            .contains("VM port 'tap-small' of network 'prod' takes an MTU of at most 4000"),
        e.getMessage());
    assertEquals(Optional.empty(), host.state().device("tap-small").get().master());
  }

  @Test
  void aFailoverPolicyIsOneSettingsChangeOnTheRunningBond() {
    net.apply(storage().build());
    FailoverPolicy policy = FailoverPolicy.DEFAULT.withFailback(false).withDelays(200, 100);
    Topology t = storage().failover("uplink", policy).build();
    Plan plan = net.plan(t);
    assertEquals(1, plan.size(), plan::toString);
    Change.SetBondSettings set = (Change.SetBondSettings) plan.changes().get(0);
    assertEquals(BondSettings.RESELECT_FAILURE, set.settings().primaryReselect());
    assertEquals(200, set.settings().updelayMillis());
    assertEquals(
        "set bond gb-uplink miimon 100 updelay 200 downdelay 100 primary_reselect failure"
            + " arp_interval 0 arp_ip_target none xmit_hash_policy layer2",
        set.toString());
    net.apply(t);
    assertEquals(t, net.observe());
    assertTrue(net.plan(t).isEmpty());

    Topology arp =
        storage().failover("uplink", FailoverPolicy.DEFAULT.withArpTargets("192.0.2.1")).build();
    net.apply(arp);
    assertEquals(0, bond().miimonMillis());
    assertEquals(100, bond().arpIntervalMillis());
    assertEquals(List.of("192.0.2.1"), bond().arpTargets());
    assertEquals(arp, net.observe());
  }

  @Test
  void failbackOnReturnsToTheFirstAdapterAndOffStaysOnTheStandby() {
    net.apply(storage().build());
    host.setCarrier("eth0", false);
    assertEquals(Optional.of("eth1"), bond().activeAdapter());
    host.setCarrier("eth0", true);
    assertEquals(Optional.of("eth0"), bond().activeAdapter(), "failback on: back to eth0");

    net.apply(storage().failover("uplink", FailoverPolicy.DEFAULT.withFailback(false)).build());
    host.setCarrier("eth0", false);
    host.setCarrier("eth0", true);
    assertEquals(Optional.of("eth1"), bond().activeAdapter(), "failback off: stays on eth1");
    host.setCarrier("eth1", false);
    assertEquals(Optional.of("eth0"), bond().activeAdapter());
  }

  @Test
  void switchingToLacpCreatesTheBondAgainAndSaysWhyButKeepsTheBridge() {
    net.apply(storage().build());
    Topology lacp = storage().lacp("uplink").build();
    Plan plan = net.plan(lacp);
    assertTrue(
        plan.stages().stream()
            .anyMatch(
                s ->
                    s.purpose().startsWith("delete bonds whose mode or LACP rate changes")
                        && s.changes().equals(List.of(new Change.DeleteDevice("gb-uplink")))),
        plan::toString);
    assertFalse(
        plan.changes().stream()
            .anyMatch(c -> c.device().equals("gv-uplink") && c instanceof Change.CreateBridge),
        plan::toString);
    net.apply(lacp);
    assertEquals(BondSettings.LACP, bond().mode());
    assertEquals("layer2+3", bond().xmitHashPolicy());
    assertEquals("fast", bond().lacpRate());
    assertEquals(Optional.empty(), bond().primary(), "Linux takes no primary in mode 802.3ad");
    assertEquals(lacp, net.observe());

    Plan hash =
        net.plan(storage().lacp("uplink", Lacp.TransmitHash.LAYER3_4, Lacp.Rate.FAST).build());
    assertEquals(1, hash.size(), "the transmit hash changes in place: " + hash);
    Plan rate =
        net.plan(storage().lacp("uplink", Lacp.TransmitHash.LAYER2_3, Lacp.Rate.SLOW).build());
    assertTrue(
        rate.changes().contains(new Change.DeleteDevice("gb-uplink")),
        "the LACP rate only changes on a bond that is down: " + rate);
    net.apply(storage().build());
    assertEquals(BondSettings.ACTIVE_BACKUP, bond().mode());
    assertEquals(Optional.of("eth0"), bond().primary());
  }

  @Test
  void someoneElsesChangeOfAFailoverSettingIsDriftSetBack() {
    Topology t = storage().failover("uplink", FailoverPolicy.DEFAULT.withDelays(200, 0)).build();
    net.apply(t);
    host.changeByOthers(
        new Change.SetBondSettings(
            "gb-uplink", bond().withLiveSettingsOf(BondSettings.activeBackup(100))));
    assertEquals(0, bond().updelayMillis());
    assertEquals(
        List.of(
            new Change.SetBondSettings(
                "gb-uplink",
                bond()
                    .withLiveSettingsOf(
                        new BondSettings(
                            BondSettings.ACTIVE_BACKUP,
                            100,
                            Optional.empty(),
                            Optional.empty(),
                            200,
                            0,
                            BondSettings.RESELECT_ALWAYS,
                            0,
                            List.of(),
                            BondSettings.HASH_LAYER2,
                            BondSettings.LACP_SLOW)))),
        net.plan(t).changes());
    net.apply(t);
    assertEquals(200, bond().updelayMillis());
  }

  @Test
  void statusTellsModeActiveAdapterLinkStateAndVmPorts() {
    net.apply(storage().build());
    GroupStatus g = net.status().get(0);
    assertEquals(GroupMode.ACTIVE_BACKUP, g.mode());
    assertEquals(Optional.of("eth0"), g.activeAdapter());
    assertEquals(
        List.of(
            new GroupStatus.AdapterStatus("eth0", true, true, true, 0, 0, false),
            new GroupStatus.AdapterStatus("eth1", true, false, true, 0, 0, false)),
        g.adapters());
    assertEquals(
        List.of("tap-vm1"), g.vmPorts().stream().map(GroupStatus.PortStatus::name).toList());
    assertEquals(Optional.of("prod"), g.vmPorts().get(0).network());

    net.apply(storage().lacp("uplink").build());
    GroupStatus lacp = net.status().get(0);
    assertEquals(GroupMode.LACP, lacp.mode());
    assertEquals(Optional.empty(), lacp.activeAdapter(), "an LACP group has no one active adapter");
    assertTrue(lacp.adapters().stream().allMatch(a -> a.active() && a.lacpDistributing()));
    host.setCarrier("eth1", false);
    GroupStatus.AdapterStatus eth1 = net.status().get(0).adapters().get(1);
    assertEquals("eth1", eth1.name());
    assertFalse(eth1.active());
    assertFalse(eth1.linkUp());
  }

  @Test
  void aFailoverSettingOrMtuChangedByOthersIsDriftNamingIt() {
    Topology t =
        storage()
            .mtu("uplink", 9000)
            .failover("uplink", FailoverPolicy.DEFAULT.withFailback(false))
            .build();
    net.apply(t);
    List<NetworkEvent> events = new java.util.ArrayList<>();
    Subscription sub = net.subscribe(events::add);
    try {
      host.changeByOthers(
          new Change.SetBondSettings(
              "gb-uplink", bond().withLiveSettingsOf(BondSettings.activeBackup(100))));
      host.changeByOthers(new Change.SetMtu("tap-vm1", 1500));
      EventsTest.delivered(sub);
      assertEquals(
          List.of(
              List.of("gb-uplink: bond primary_reselect is always, expected failure"),
              List.of("tap-vm1: mtu is 1500, expected 9000")),
          events.stream().map(e -> ((NetworkEvent.Drift) e).differences()).toList());
      events.clear();
      net.apply(t);
      EventsTest.delivered(sub);
      assertEquals(List.of(), events, "our own repair is no drift");
      assertEquals(BondSettings.RESELECT_FAILURE, bond().primaryReselect());
      assertEquals(9000, mtu("tap-vm1"));
    } finally {
      sub.close();
    }
  }
}
