package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.KernelRules;
import io.gallium.net.core.internal.Undo;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.VlanLink;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The host's own interfaces on networks, end to end on an in-memory host. */
class HostInterfaceTest {

  private static Topology untagged() {
    return MgmtTopologies.untaggedMgmt()
        .hostInterface("mgmt", "192.0.2.10/24", "2001:db8::10/64")
        .build();
  }

  private static Topology onVlan100() {
    return MgmtTopologies.vlan100Mgmt().hostInterface("mgmt", "192.0.2.10/24").build();
  }

  @Test
  void theBridgesMacIsTheFirstAdaptersPermanentOneWhereItHasOne() {
    // eth0's current MAC is not its own (as when a bond has given it another): the bridge must
    // not take that one, which would change as the bond's adapters come and go.
    InMemoryHost host = InMemoryHost.withAdapters("eth1");
    host.addDevice(
        Device.builder("eth0", DeviceKind.ADAPTER)
            .up(true)
            .carrier(true)
            .mac("02:00:00:00:00:0f")
            .permanentMac("02:00:00:00:00:01")
            .build());
    HostNetwork.of(host).apply(untagged());
    assertEquals(
        Optional.of("02:00:00:00:00:01"),
        host.state().device("gv-uplink").orElseThrow().mac(),
        "the first adapter's permanent MAC");
  }

  @Test
  void onTheUntaggedNetworkTheBridgeItselfCarriesTheAddressesAndVlan1OnItsOwnPort() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    String eth0Mac = host.state().device("eth0").orElseThrow().mac().orElseThrow();
    HostNetwork net = HostNetwork.of(host);
    net.apply(untagged());

    Device bridge = host.state().device("gv-uplink").orElseThrow();
    assertEquals(List.of("192.0.2.10/24", "2001:db8:0:0:0:0:0:10/64"), bridge.addresses());
    assertEquals(List.of(VlanRange.access(1)), bridge.vlans());
    assertEquals(Optional.of(eth0Mac), bridge.mac(), "the bridge's MAC is the first adapter's");
    assertEquals(untagged(), net.observe());
    assertTrue(net.plan(untagged()).isEmpty());
  }

  @Test
  void onAVlanNetworkAVlanDeviceOnTheBridgeCarriesThemAndTheBridgeTagsTheVid() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(onVlan100());

    HostState s = host.state();
    Device vlan = s.device("gi100-uplink").orElseThrow();
    assertEquals(DeviceKind.VLAN, vlan.kind());
    assertEquals(Optional.of(new VlanLink("gv-uplink", 100)), vlan.vlanLink());
    assertEquals(List.of("192.0.2.10/24"), vlan.addresses());
    assertEquals(Optional.of("gallium-net:host:uplink:100"), vlan.alias());
    assertTrue(vlan.up());
    assertEquals(s.device("eth0").orElseThrow().mac(), vlan.mac());
    Device bridge = s.device("gv-uplink").orElseThrow();
    assertEquals(List.of(VlanRange.tagged(100, 100)), bridge.vlans());
    assertEquals(List.of(), bridge.addresses());
    assertEquals(onVlan100(), net.observe());
    assertTrue(net.plan(onVlan100()).isEmpty());
  }

  @Test
  void aHostInterfaceThatGoesTakesItsDeviceAlongAndEverythingGoesBackAsItWas() {
    Applied a = Applied.to(InMemoryHost.withAdapters("eth0", "eth1"), onVlan100());
    Topology without = onVlan100().toBuilder().removeHostInterface("mgmt").build();
    a.net().apply(without);
    assertFalse(a.host().state().device("gi100-uplink").isPresent());
    assertEquals(List.of(), a.host().state().device("gv-uplink").orElseThrow().vlans());
    assertEquals(without, a.net().observe());
    a.net().apply(onVlan100());
    a.net().apply(Topology.empty());
    assertEquals(a.before().devices().keySet(), a.host().state().devices().keySet());
  }

  @Test
  void changedAddressesAreReplacedOnTheInterfaceTheNewOneFirst() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(untagged());
    Topology moved =
        untagged().toBuilder()
            .removeHostInterface("mgmt")
            .hostInterface("mgmt", "192.0.2.11/24")
            .build();
    Plan plan = net.plan(moved);
    assertEquals(
        List.of(
            "add gv-uplink address 192.0.2.11/24",
            "remove gv-uplink address 192.0.2.10/24",
            "remove gv-uplink address 2001:db8:0:0:0:0:0:10/64"),
        PlanSteps.of(plan));
    net.apply(moved);
    assertEquals(moved, net.observe());
  }

  @Test
  void aFaultAtAnyRequestLeavesTheHostAsItWas() {
    for (Topology t : List.of(untagged(), onVlan100())) {
      long requests;
      {
        InMemoryHost probe = InMemoryHost.withAdapters("eth0", "eth1");
        HostNetwork.of(probe).apply(t);
        requests = probe.requestCount();
      }
      for (int n = 1; n <= requests; n++) {
        InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
        HostState before = host.state();
        host.failOnRequest(n);
        HostNetwork net = HostNetwork.of(host);
        assertThrows(ApplyException.class, () -> net.apply(t), "request " + n);
        assertEquals(before, host.state(), t + ": a fault at request " + n);
      }
    }
  }

  /** The host as a server boots: its management address and default route on eth0. */
  private static InMemoryHost managedThroughEth0() {
    return BootedHosts.managedThroughEth0();
  }

  private static Topology issueExample() {
    return MgmtTopologies.untaggedWithGateway();
  }

  /** The issue's example on a host that boots with both families on eth0. */
  private static InMemoryHost dualStackThroughEth0(String... adapters) {
    return BootedHosts.eth0Carrying(
        eth0 ->
            eth0.toBuilder()
                .up(true)
                .addAddress("192.0.2.10/24")
                .addAddress("2001:db8:0:0:0:0:0:10/64")
                .addRoute(Route.defaultVia("192.0.2.1"))
                .addRoute(Route.defaultVia("2001:db8:0:0:0:0:0:1"))
                .build(),
        adapters);
  }

  private static Topology dualStack(String... adapters) {
    return Topology.builder()
        .adapterGroup("uplink", adapters)
        .untaggedNetwork("mgmt", "uplink")
        .hostInterface("mgmt", "192.0.2.10/24", "2001:db8::10/64")
        .defaultGateway("192.0.2.1")
        .defaultGateway("2001:db8::1")
        .build();
  }

  @Test
  void aDeviceThatGoesDownLosesItsIpv6AddressesAndItsUndoPutsThemBackBeforeItsRoutes()
      throws KernelRules.Rejection {
    HostState s = dualStackThroughEth0("eth0").state();
    Change down = new Change.SetUp("eth0", false);
    HostState after = KernelRules.apply(s, down);
    assertEquals(List.of("192.0.2.10/24"), after.device("eth0").orElseThrow().addresses());
    HostState undone = after;
    for (Change u : Undo.of(down, s)) {
      undone = KernelRules.apply(undone, u);
    }
    assertEquals(s, undone, Undo.of(down, s).toString());
  }

  @Test
  void theAdapterThatCarriedTheHostJoinsFirstAndItsStandbyAfterSoNoFailoverFollows() {
    InMemoryHost host = dualStackThroughEth0("eth0", "eth1");
    Plan plan = HostNetwork.of(host).plan(dualStack("eth0", "eth1"));
    PlanSteps.assertInOrder(
        plan,
        "remove eth0 address 2001:db8:0:0:0:0:0:10/64",
        "set eth0 down",
        "enslave eth0 to gb-uplink",
        "enslave eth1 to gb-uplink");
    assertFalse(PlanSteps.of(plan).contains("set eth1 up"), plan::toString);
  }

  @Test
  void anIpv6RouteLeavesTheAdapterBeforeTheBridgeGetsItAndARollbackPutsItBack() {
    for (String[] adapters : List.of(new String[] {"eth0", "eth1"}, new String[] {"eth0"})) {
      InMemoryHost host = dualStackThroughEth0(adapters);
      HostState before = host.state();
      HostNetwork net = HostNetwork.of(host);
      // Linux would make the two one multipath route, whose eth0 hop outlives eth0 going down and
      // comes back when eth0 joins the bond; the in-memory kernel refuses to merge them.
      Plan plan = net.plan(dualStack(adapters));
      String off = "remove route default (ipv6) via 2001:db8:0:0:0:0:0:1 metric 1024 dev eth0";
      PlanSteps.assertInOrder(
          plan,
          off,
          "add route default (ipv6) via 2001:db8:0:0:0:0:0:1 metric 1024 dev gv-uplink",
          "set eth0 down");
      PlanSteps.assertInOrder(plan, off, "add route default via 192.0.2.1 dev gv-uplink");

      for (int k = 1; k <= plan.size(); k++) {
        host.failOnRequest(k);
        assertThrows(ApplyException.class, () -> net.apply(dualStack(adapters)), "fault at " + k);
        assertEquals(before, host.state(), "fault at change " + k);
      }
      net.apply(dualStack(adapters));
      Device bridge = host.state().device("gv-uplink").orElseThrow();
      assertEquals(
          List.of(Route.defaultVia("192.0.2.1"), Route.defaultVia("2001:db8:0:0:0:0:0:1")),
          bridge.routes().stream().sorted().toList());
      assertEquals(List.of(), host.state().device("eth0").orElseThrow().routes());
      assertEquals(dualStack(adapters), net.observe());
    }
  }

  @Test
  void theAddressAndDefaultRouteMoveFromTheAdapterOntoTheBridgeBeforeTheAdapterGoesDown() {
    InMemoryHost host = managedThroughEth0();
    HostNetwork net = HostNetwork.of(host);
    Plan plan = net.plan(issueExample());
    PlanSteps.assertInOrder(
        plan,
        "add gv-uplink address 192.0.2.10/24",
        "add route default via 192.0.2.1 dev gv-uplink",
        "set eth0 down",
        "enslave eth0 to gb-uplink");
    assertTrue(PlanSteps.of(plan).contains("remove eth0 address 192.0.2.10/24"), plan::toString);

    net.apply(issueExample());
    HostState s = host.state();
    assertEquals(List.of(), s.device("eth0").orElseThrow().addresses());
    assertEquals(List.of(), s.device("eth0").orElseThrow().routes());
    Device bridge = s.device("gv-uplink").orElseThrow();
    assertEquals(List.of("192.0.2.10/24"), bridge.addresses());
    assertEquals(List.of(Route.defaultVia("192.0.2.1")), bridge.routes());
    assertEquals(issueExample(), net.observe());
    assertTrue(net.plan(issueExample()).isEmpty());
  }

  @Test
  void aFaultAtAnyRequestOfTheMovePutsAddressesAndRoutesBackExactly() {
    long requests;
    {
      InMemoryHost probe = managedThroughEth0();
      HostNetwork.of(probe).apply(issueExample());
      requests = probe.requestCount();
    }
    for (int n = 1; n <= requests; n++) {
      InMemoryHost host = managedThroughEth0();
      HostState before = host.state();
      host.failOnRequest(n);
      assertThrows(ApplyException.class, () -> HostNetwork.of(host).apply(issueExample()));
      assertEquals(before, host.state(), "a fault at request " + n);
    }
  }

  @Test
  void anAdapterWithOtherAddressesIsStillRefusedNamingThem() {
    InMemoryHost host = managedThroughEth0();
    host.addAddress("eth0", "198.51.100.7/24");
    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class, () -> HostNetwork.of(host).apply(issueExample()));
    assertTrue(e.getMessage().contains("198.51.100.7/24"), e.getMessage());
    assertFalse(e.getMessage().contains("192.0.2.10/24"), e.getMessage());
  }

  @Test
  void anApplyConfirmsItselfWhenTheGatewayAnswersThroughTheNewConfiguration() throws Exception {
    InMemoryHost host = managedThroughEth0().neighbour("192.0.2.1");
    PendingApply pending =
        HostNetwork.of(host)
            .apply(
                issueExample(),
                ApplyOptions.confirmWhenAnswers("192.0.2.1", java.time.Duration.ofMinutes(5)));
    assertEquals(
        PendingApply.Outcome.CONFIRMED,
        pending.outcome().get(1, java.util.concurrent.TimeUnit.MINUTES));
    assertEquals(
        List.of("192.0.2.10/24"), host.state().device("gv-uplink").orElseThrow().addresses());
  }

  @Test
  void anApplyWhoseGatewayNeverAnswersRollsBackByItselfAndEth0CarriesTheHostAgain()
      throws Exception {
    InMemoryHost host = managedThroughEth0(); // no neighbour answers
    HostState before = host.state();
    PendingApply pending =
        HostNetwork.of(host)
            .apply(
                issueExample(),
                ApplyOptions.confirmWhenAnswers("192.0.2.1", java.time.Duration.ofMillis(300)));
    assertEquals(
        PendingApply.Outcome.ROLLED_BACK,
        pending.outcome().get(1, java.util.concurrent.TimeUnit.MINUTES));
    assertEquals(before, host.state());
    assertEquals(
        List.of(Route.defaultVia("192.0.2.1")), host.state().device("eth0").orElseThrow().routes());
  }

  @Test
  void aProbeOutsideEveryHostInterfaceIsRefusedBeforeAnythingIsTouched() {
    InMemoryHost host = managedThroughEth0();
    HostState before = host.state();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HostNetwork.of(host)
                    .apply(
                        issueExample(),
                        ApplyOptions.confirmWhenAnswers(
                            "198.51.100.1", java.time.Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("198.51.100.1"), e.getMessage());
    assertEquals(before, host.state());
  }

  @Test
  void aProcessThatDiesAtAnyRequestOfTheMoveIsRecoveredToItsAddressesAndRoutesExactly() {
    long requests;
    {
      InMemoryHost probe = managedThroughEth0();
      HostNetwork.of(probe).apply(issueExample());
      requests = probe.requestCount();
    }
    for (int i = 0; i < requests; i++) {
      InMemoryHost host = managedThroughEth0();
      HostState before = host.state();
      host.crashAfterRequests(i);
      assertThrows(InMemoryHost.Crash.class, () -> HostNetwork.of(host).apply(issueExample()));
      host.crashAfterRequests(Integer.MAX_VALUE);
      HostNetwork restarted = HostNetwork.of(host);
      assertTrue(restarted.recover(), "there was something to recover after " + i);
      assertEquals(before, host.state(), "crash after " + i + " requests, then recover()");
    }
  }

  @Test
  void aProcessThatDiesAtAnyRequestOfAVlanHostInterfacesRemovalIsRecoveredWithItsDevice() {
    // The removal deletes the VLAN device; recover() must create it again, as it does a bridge.
    Topology without = onVlan100().toBuilder().removeHostInterface("mgmt").build();
    long requests;
    {
      InMemoryHost probe = InMemoryHost.withAdapters("eth0", "eth1");
      HostNetwork.of(probe).apply(onVlan100());
      long before = probe.requestCount();
      HostNetwork.of(probe).apply(without);
      requests = probe.requestCount() - before;
    }
    for (int i = 0; i < requests; i++) {
      InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
      HostNetwork.of(host).apply(onVlan100());
      HostState before = host.state();
      host.crashAfterRequests(i);
      assertThrows(InMemoryHost.Crash.class, () -> HostNetwork.of(host).apply(without));
      host.crashAfterRequests(Integer.MAX_VALUE);
      assertTrue(HostNetwork.of(host).recover(), "there was something to recover after " + i);
      assertEquals(before, host.state(), "crash after " + i + " requests, then recover()");
    }
  }
}
