package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.testing.InMemoryHost;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@code observe()} gives a host interface back with what gallium-net put there, not with every
 * address and default route the device carries: a DHCP client's or an operator's address and
 * default route on the bridge (or the host VLAN device) are not the topology's, so {@code update(t
 * -> t)} and {@code apply(observe())} do not adopt them, and a later removal of the host interface
 * still leaves them. Without a record (a host set up by an older version) observe() reads every
 * address, as before.
 */
class ObservedHostInterfaceTest {

  private static final String FOREIGN = "198.51.100.7/24";
  private static final Route FOREIGN_DEFAULT = Route.defaultVia("198.51.100.1");
  private static final Route FOREIGN_ROUTE =
      new Route("203.0.113.0/24", Optional.of("198.51.100.1"), 50);

  private static Topology.Builder group(boolean vlan) {
    Topology.Builder b = Topology.builder().adapterGroup("uplink", "eth0", "eth1");
    return vlan ? b.vlanNetwork("mgmt", "uplink", 100) : b.untaggedNetwork("mgmt", "uplink");
  }

  /** A host interface without a gateway: a foreign default route would be read as one. */
  private static Topology withHostInterface(boolean vlan) {
    return group(vlan).hostInterface("mgmt", "192.0.2.10/24").build();
  }

  private static Topology withoutHostInterface(boolean vlan) {
    return group(vlan).build();
  }

  private static String device(boolean vlan) {
    return vlan ? "gi100-uplink" : "gv-uplink";
  }

  /** A DHCP client's address, default route and another route on the host interface. */
  private static void foreignOn(InMemoryHost host, String device) {
    host.addAddress(device, FOREIGN);
    host.changeByOthers(new Change.AddRoute(device, FOREIGN_DEFAULT));
    host.changeByOthers(new Change.AddRoute(device, FOREIGN_ROUTE));
  }

  private static byte[] record(InMemoryHost host, String device) {
    return host.defaultStore().read("hostif." + device).orElseThrow();
  }

  @Test
  void observeLeavesOutAForeignAddressAndDefaultRouteOnTheBridge() {
    observeLeavesOutForeign(false);
  }

  @Test
  void observeLeavesOutAForeignAddressAndDefaultRouteOnAHostVlanDevice() {
    observeLeavesOutForeign(true);
  }

  private static void observeLeavesOutForeign(boolean vlan) {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withHostInterface(vlan));
    foreignOn(host, device(vlan));

    assertEquals(withHostInterface(vlan), net.observe());
  }

  @Test
  void updateWithTheSameTopologyChangesNothingAndAdoptsNoForeignAddress() {
    for (boolean vlan : List.of(false, true)) {
      InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
      HostNetwork net = HostNetwork.of(host);
      net.apply(withHostInterface(vlan));
      foreignOn(host, device(vlan));
      HostState before = host.state();
      byte[] recordBefore = record(host, device(vlan));

      ApplyResult r = net.update(t -> t);

      assertFalse(r.changed(), "vlan " + vlan + ": " + r.plan());
      assertEquals(before, host.state());
      assertArrayEquals(recordBefore, record(host, device(vlan)), "the record is unchanged");
      net.apply(net.observe());
      assertArrayEquals(recordBefore, record(host, device(vlan)), "apply(observe()) adopts none");
    }
  }

  @Test
  void removingTheHostInterfaceAfterAnUpdateStillLeavesTheForeignAddressOnTheBridge() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withHostInterface(false));
    foreignOn(host, "gv-uplink");
    net.update(t -> t);

    net.update(t -> t.toBuilder().removeHostInterface("mgmt").build());

    var bridge = host.state().device("gv-uplink").orElseThrow();
    assertEquals(List.of(FOREIGN), bridge.addresses());
    assertEquals(List.of(FOREIGN_DEFAULT, FOREIGN_ROUTE), bridge.routes());
    assertEquals(withoutHostInterface(false), net.observe());
  }

  @Test
  void aForeignDefaultRouteOfTheOtherFamilyIsNoGatewayOfTheTopology() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    Topology t =
        group(false)
            .hostInterface("mgmt", "192.0.2.10/24", "2001:db8::10/64")
            .defaultGateway("192.0.2.1")
            .build();
    net.apply(t);
    host.changeByOthers(new Change.AddRoute("gv-uplink", Route.defaultVia("2001:db8::1")));

    assertEquals(t, net.observe(), "the gateway it named, not the one someone added");
  }

  @Test
  void anOperatorsDefaultRouteThroughOurSubnetIsNoGatewayOfTheTopology() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withHostInterface(false));
    Route operators = Route.defaultVia("192.0.2.254");
    host.changeByOthers(new Change.AddRoute("gv-uplink", operators));
    byte[] recordBefore = record(host, "gv-uplink");

    assertEquals(withHostInterface(false), net.observe());
    assertFalse(net.update(t -> t).changed());
    assertArrayEquals(recordBefore, record(host, "gv-uplink"), "the record is unchanged");
  }

  /** The DHCP case: the host interface is declared without addresses, a DHCP client adds one. */
  private static Topology withoutAddresses(boolean vlan) {
    return group(vlan).hostInterface("mgmt").build();
  }

  @Test
  void aHostInterfaceWithoutAddressesHasARecordSoADhcpAddressIsNeverTheTopologys() {
    for (boolean vlan : List.of(false, true)) {
      InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
      HostNetwork net = HostNetwork.of(host);
      net.apply(withoutAddresses(vlan));
      foreignOn(host, device(vlan));
      HostState before = host.state();
      byte[] recordBefore = record(host, device(vlan));

      assertEquals(withoutAddresses(vlan), net.observe(), "vlan " + vlan);
      ApplyResult r = net.update(t -> t);

      assertFalse(r.changed(), "vlan " + vlan + ": " + r.plan());
      assertEquals(before, host.state());
      assertArrayEquals(recordBefore, record(host, device(vlan)), "the record is unchanged");
    }
  }

  @Test
  void removingAHostInterfaceWithoutAddressesLeavesTheDhcpAddressAndDropsTheRecord() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withoutAddresses(false));
    foreignOn(host, "gv-uplink");
    net.update(t -> t);

    net.update(t -> t.toBuilder().removeHostInterface("mgmt").removeDefaultGateways().build());

    var bridge = host.state().device("gv-uplink").orElseThrow();
    assertEquals(List.of(FOREIGN), bridge.addresses());
    assertEquals(List.of(FOREIGN_DEFAULT, FOREIGN_ROUTE), bridge.routes());
    assertEquals(withoutHostInterface(false), net.observe());
    assertTrue(host.defaultStore().read("hostif.gv-uplink").isEmpty(), "no record left");
  }

  @Test
  void aRolledBackFirstApplyLeavesNoRecordOfAHostInterfaceWithoutAddresses() throws Exception {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);

    PendingApply pending =
        net.apply(withoutAddresses(false), ApplyOptions.confirmWithin(Duration.ofHours(1)));
    assertTrue(host.defaultStore().read("hostif.gv-uplink").isPresent());
    pending.rollback();
    pending.outcome().get(1, TimeUnit.MINUTES);

    assertTrue(host.defaultStore().read("hostif.gv-uplink").isEmpty());
  }

  @Test
  void withoutARecordObserveReadsEveryAddressAsBefore() {
    // A host set up by a version that kept no record: whose the addresses are cannot be told.
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withHostInterface(false));
    foreignOn(host, "gv-uplink");
    host.defaultStore().delete("hostif.gv-uplink");

    assertEquals(
        group(false)
            .hostInterface("mgmt", "192.0.2.10/24", FOREIGN)
            .defaultGateway("198.51.100.1")
            .build(),
        net.observe());
  }

  /** Random foreign addresses, each with or without a default route through its subnet. */
  record Foreign(boolean vlan, boolean gateway, List<String> addresses, boolean defaultRoute) {}

  @Provide
  Arbitrary<Foreign> foreign() {
    Arbitrary<String> v4Sized =
        Combinators.combine(
                Arbitraries.integers().between(1, 254),
                Arbitraries.integers().between(1, 254),
                Arbitraries.of(8, 16, 24, 32))
            .as((a, b, c) -> "10." + a + "." + b + ".7/" + c);
    Arbitrary<String> v6 =
        Combinators.combine(Arbitraries.integers().between(1, 0xffff), Arbitraries.of(48, 64, 128))
            .as((a, p) -> "2001:db8:" + Integer.toHexString(a) + "::7/" + p);
    Arbitrary<String> any = Arbitraries.oneOf(v4Sized, v6, Arbitraries.just(FOREIGN));
    Arbitrary<Boolean> bool = Arbitraries.of(true, false);
    return Combinators.combine(
            bool, bool, any.list().uniqueElements().ofMinSize(1).ofMaxSize(4), bool)
        .as(Foreign::new);
  }

  @Property(tries = 60)
  void foreignAddressesAndDefaultRoutesNeverBecomePartOfTheObservedTopology(
      @ForAll("foreign") Foreign f) {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    Topology.Builder b = group(f.vlan()).hostInterface("mgmt", "192.0.2.10/24");
    if (f.gateway()) {
      b.defaultGateway("192.0.2.1");
    }
    Topology t = b.build();
    net.apply(t);
    String device = device(f.vlan());
    // One default route of each family at most, as a kernel holds it; none where ours is.
    Set<Boolean> routed = new HashSet<>(f.gateway() ? Set.of(false) : Set.of());
    for (String a : f.addresses()) {
      host.addAddress(device, a);
      boolean v6 = a.contains(":");
      if (f.defaultRoute() && !a.endsWith("/32") && !a.endsWith("/128") && routed.add(v6)) {
        String gateway = a.substring(0, a.indexOf('/')).replaceAll("7$", "1");
        host.changeByOthers(new Change.AddRoute(device, Route.defaultVia(gateway)));
      }
    }
    byte[] recordBefore = record(host, device);

    assertEquals(t, net.observe());
    assertFalse(net.update(x -> x).changed());
    assertArrayEquals(recordBefore, record(host, device));
    net.apply(withoutHostInterface(f.vlan()));
    assertTrue(host.state().device(device).isEmpty() || hasAll(host, device, f.addresses()));
  }

  private static boolean hasAll(InMemoryHost host, String device, List<String> addresses) {
    return host.state().device(device).orElseThrow().addresses().containsAll(addresses);
  }
}
