package io.gallium.net.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What gallium-net put on a host interface, and only that, goes when the topology no longer asks
 * for it: its addresses and routes are recorded in the store ({@code hostif.<device>}), so that a
 * host interface removed, an address changed or a gateway dropped takes away exactly what
 * gallium-net added or moved there, and an address or route a DHCP client or an operator put on the
 * bridge stays. A group removed gives the adapter its addresses back came from.
 */
class HostAddressRecordTest {

  private static final String BRIDGE = "gv-uplink";
  private static final String RECORD = "hostif.gv-uplink";

  private static Topology withGateway() {
    return MgmtTopologies.untaggedWithGateway();
  }

  private static Topology withoutHostInterface() {
    return MgmtTopologies.untaggedMgmt().build();
  }

  private static Topology onVlan100() {
    return MgmtTopologies.vlan100Mgmt()
        .hostInterface("mgmt", "192.0.2.10/24")
        .defaultGateway("192.0.2.1")
        .build();
  }

  /** The host as a server boots: its management address and default route on eth0. */
  private static InMemoryHost managedThroughEth0() {
    return BootedHosts.managedThroughEth0(new Route("10.0.0.0/8", Optional.of("192.0.2.254"), 0));
  }

  /** A DHCP client's (or an operator's) address and route on the bridge. */
  private static void foreignOnTheBridge(InMemoryHost host) {
    host.addAddress(BRIDGE, "198.51.100.7/24");
    host.changeByOthers(
        new Change.AddRoute(BRIDGE, new Route("203.0.113.0/24", Optional.of("198.51.100.1"), 50)));
  }

  private static Device bridge(InMemoryHost host) {
    return host.state().device(BRIDGE).orElseThrow();
  }

  @Test
  void aHostInterfaceRemovedFromTheUntaggedNetworkTakesItsAddressesAndRoutesOffTheBridge() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withGateway());
    assertTrue(host.defaultStore().read(RECORD).isPresent(), "recorded when put there");

    net.apply(withoutHostInterface());

    assertEquals(List.of(), bridge(host).addresses());
    assertEquals(List.of(), bridge(host).routes());
    assertEquals(withoutHostInterface(), net.observe());
    assertTrue(net.plan(withoutHostInterface()).isEmpty());
    assertFalse(host.defaultStore().read(RECORD).isPresent(), "the record goes with them");
  }

  @Test
  void anAddressOrRouteSomeoneElsePutOnTheBridgeIsLeftAlone() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withGateway());
    foreignOnTheBridge(host);

    net.apply(withoutHostInterface());

    assertEquals(List.of("198.51.100.7/24"), bridge(host).addresses());
    assertEquals(
        List.of(new Route("203.0.113.0/24", Optional.of("198.51.100.1"), 50)),
        bridge(host).routes());
  }

  @Test
  void aChangedAddressReplacesOursOnlyAndAForeignOneStays() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withGateway());
    host.addAddress(BRIDGE, "198.51.100.7/24");
    Topology moved =
        withGateway().toBuilder()
            .removeHostInterface("mgmt")
            .hostInterface("mgmt", "192.0.2.11/24")
            .build();

    net.apply(moved);

    assertEquals(List.of("192.0.2.11/24", "198.51.100.7/24"), bridge(host).addresses());
    assertEquals(List.of(Route.defaultVia("192.0.2.1")), bridge(host).routes());
    net.apply(withoutHostInterface());
    assertEquals(List.of("198.51.100.7/24"), bridge(host).addresses());
  }

  @Test
  void aDroppedGatewayTakesItsDefaultRouteAlongAndLeavesTheAddress() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withGateway());
    Topology noGateway =
        MgmtTopologies.untaggedMgmt().hostInterface("mgmt", "192.0.2.10/24").build();

    net.apply(noGateway);

    assertEquals(List.of("192.0.2.10/24"), bridge(host).addresses());
    assertEquals(List.of(), bridge(host).routes());
    assertEquals(noGateway, net.observe());
  }

  @Test
  void withoutARecordNothingIsRemoved() {
    // A host set up by a version that kept no record: whose the addresses are cannot be told.
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withGateway());
    host.defaultStore().delete(RECORD);

    net.apply(withoutHostInterface());

    assertEquals(List.of("192.0.2.10/24"), bridge(host).addresses());
    assertEquals(List.of(Route.defaultVia("192.0.2.1")), bridge(host).routes());
  }

  @Test
  void aDamagedRecordRefusesTheRemovalNamingTheFileButNotAnAttach() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1").addPort("tap-vm1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withGateway());
    host.defaultStore().write(RECORD, "gallium-net hostif 1\nhostif gv-uplink\n".getBytes(UTF_8));
    HostState before = host.state();

    StoreDamagedException e =
        assertThrows(StoreDamagedException.class, () -> net.apply(withoutHostInterface()));

    assertTrue(
        e.getMessage().startsWith("memory store/" + RECORD + " was not used"), e.getMessage());
    assertEquals(before, host.state(), "nothing was touched");
    net.attach("tap-vm1", "mgmt");
    net.apply(withGateway().toBuilder().vmPort("tap-vm1", "mgmt").build());
  }

  @Test
  void aVlanHostInterfaceGoesWithItsDeviceAndItsRecord() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(onVlan100());
    assertTrue(host.defaultStore().read("hostif.gi100-uplink").isPresent());

    Topology without =
        onVlan100().toBuilder().removeHostInterface("mgmt").removeDefaultGateways().build();
    net.apply(without);

    assertFalse(host.state().device("gi100-uplink").isPresent());
    assertFalse(host.defaultStore().read("hostif.gi100-uplink").isPresent());
    assertEquals(without, net.observe());
  }

  @Test
  void theGroupRemovedPutsTheMovedAddressAndRoutesBackOnTheAdapter() {
    Applied a = Applied.to(managedThroughEth0(), withGateway());
    assertEquals(List.of(), a.host().state().device("eth0").orElseThrow().addresses());

    Plan plan = a.net().plan(Topology.empty());
    // The default route first of all, before the other one and before the bridge goes.
    PlanSteps.assertInOrder(
        plan,
        "add route default via 192.0.2.1 dev eth0",
        "add route 10.0.0.0/8 via 192.0.2.254 dev eth0");
    PlanSteps.assertInOrder(
        plan,
        "add eth0 address 192.0.2.10/24",
        "add route default via 192.0.2.1 dev eth0",
        "delete " + BRIDGE);

    a.net().apply(Topology.empty());

    assertEquals(a.before(), a.host().state(), "eth0 carries the host again, as before");
    assertFalse(a.host().defaultStore().read(RECORD).isPresent());
  }

  @Test
  void theGroupRemovedWithAVlanHostInterfacePutsTheAddressBackToo() {
    Applied a = Applied.to(managedThroughEth0(), onVlan100());
    a.net().apply(Topology.empty());
    assertEquals(a.before(), a.host().state());
    assertFalse(a.host().defaultStore().read("hostif.gi100-uplink").isPresent());
  }

  /** The host, and the record, after {@code setUp}; then {@code change} fails or crashes. */
  private static void faultAndCrashAtEveryRequest(
      Supplier<InMemoryHost> start, Consumer<HostNetwork> setUp, Topology change, String record) {
    Supplier<InMemoryHost> setUpHost =
        () -> {
          InMemoryHost host = start.get();
          setUp.accept(HostNetwork.of(host));
          return host;
        };
    long requests;
    {
      InMemoryHost probe = setUpHost.get();
      long before = probe.requestCount();
      HostNetwork.of(probe).apply(change);
      requests = probe.requestCount() - before;
    }
    assertTrue(requests > 0);
    for (int n = 1; n <= requests; n++) {
      InMemoryHost host = setUpHost.get();
      HostState before = host.state();
      Optional<String> recordBefore = recordText(host, record);
      host.failOnRequest(n);
      assertThrows(ApplyException.class, () -> HostNetwork.of(host).apply(change), "request " + n);
      assertEquals(before, host.state(), change + ": a fault at request " + n);
      assertEquals(
          recordBefore, recordText(host, record), "the record after a fault at request " + n);
    }
    for (int i = 0; i < requests; i++) {
      InMemoryHost host = setUpHost.get();
      HostState before = host.state();
      Optional<String> recordBefore = recordText(host, record);
      host.crashAfterRequests(i);
      assertThrows(InMemoryHost.Crash.class, () -> HostNetwork.of(host).apply(change));
      host.crashAfterRequests(Integer.MAX_VALUE);
      assertTrue(HostNetwork.of(host).recover(), "something to recover after " + i);
      assertEquals(before, host.state(), "crash after " + i + " requests, then recover()");
      assertEquals(
          recordBefore,
          recordText(host, record),
          "the record after a crash after " + i + " requests");
    }
  }

  private static Optional<String> recordText(InMemoryHost host, String record) {
    return host.defaultStore().read(record).map(b -> new String(b, UTF_8));
  }

  @Test
  void aFaultOrCrashAtAnyRequestOfARemovalLeavesHostAndRecordAsBefore() {
    faultAndCrashAtEveryRequest(
        () -> InMemoryHost.withAdapters("eth0", "eth1"),
        net -> {
          net.apply(withGateway());
        },
        withoutHostInterface(),
        RECORD);
  }

  @Test
  void aFaultOrCrashAtAnyRequestOfAnAddressChangeLeavesHostAndRecordAsBefore() {
    faultAndCrashAtEveryRequest(
        () -> InMemoryHost.withAdapters("eth0", "eth1"),
        net -> net.apply(withGateway()),
        withGateway().toBuilder()
            .removeHostInterface("mgmt")
            .hostInterface("mgmt", "192.0.2.11/24")
            .build(),
        RECORD);
  }

  @Test
  void aFaultOrCrashAtAnyRequestOfTheGroupsRemovalLeavesHostAndRecordAsBefore() {
    faultAndCrashAtEveryRequest(
        HostAddressRecordTest::managedThroughEth0,
        net -> net.apply(withGateway()),
        Topology.empty(),
        RECORD);
  }

  @Test
  void aFaultOrCrashAtAnyRequestOfTheMoveLeavesNoRecord() {
    faultAndCrashAtEveryRequest(
        HostAddressRecordTest::managedThroughEth0, net -> {}, withGateway(), RECORD);
  }

  @Test
  void aFaultOrCrashAtAnyRequestOfAVlanHostInterfacesRemovalLeavesHostAndRecordAsBefore() {
    faultAndCrashAtEveryRequest(
        HostAddressRecordTest::managedThroughEth0,
        net -> net.apply(onVlan100()),
        Topology.empty(),
        "hostif.gi100-uplink");
  }
}
