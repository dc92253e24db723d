package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An operator's route whose gateway lies only in the subnet of an address gallium-net put on a host
 * interface depends on that address: Linux drops it with the device's last IPv4 address (and leaves
 * it unusable otherwise). Taking the address off would take the route along, so an apply that does
 * is refused before anything is touched, naming the device, the address and the route, together
 * with any other reason.
 */
class DependentRouteRefusalTest {

  private static final Route OPERATORS_DEFAULT = Route.defaultVia("192.0.2.254");
  private static final Route OPERATORS_ROUTE =
      new Route("10.9.0.0/16", Optional.of("192.0.2.254"), 0);

  private static Topology.Builder group(boolean vlan) {
    Topology.Builder b = Topology.builder().adapterGroup("uplink", "eth0", "eth1");
    return vlan ? b.vlanNetwork("mgmt", "uplink", 100) : b.untaggedNetwork("mgmt", "uplink");
  }

  private static Topology withAddress(boolean vlan, String address) {
    return group(vlan).hostInterface("mgmt", address).build();
  }

  private static String device(boolean vlan) {
    return vlan ? "gi100-uplink" : "gv-uplink";
  }

  @Test
  void removingTheHostInterfaceUnderAnOperatorsRouteIsRefusedAndTouchesNothing() {
    for (Route operators : List.of(OPERATORS_DEFAULT, OPERATORS_ROUTE)) {
      InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
      HostNetwork net = HostNetwork.of(host);
      net.apply(withAddress(false, "192.0.2.10/24"));
      host.changeByOthers(new Change.AddRoute("gv-uplink", operators));
      HostState before = host.state();
      byte[] record = host.defaultStore().read("hostif.gv-uplink").orElseThrow();

      RefusedTopologyException e =
          assertThrows(
              RefusedTopologyException.class,
              () -> net.update(t -> t.toBuilder().removeHostInterface("mgmt").build()));

      assertEquals(1, e.refusals().size(), e.getMessage());
      Refusal r = e.refusals().get(0);
      assertEquals("gv-uplink", r.device());
      assertTrue(r.message().contains("192.0.2.10/24"), r.message());
      assertTrue(r.message().contains(operators.toString()), r.message());
      assertTrue(r.message().contains("Remove that route first, or keep the address"), r.message());
      assertEquals(before, host.state(), "nothing was touched");
      assertArrayEquals(record, host.defaultStore().read("hostif.gv-uplink").orElseThrow());
    }
  }

  @Test
  void changingTheAddressOutOfTheGatewaysSubnetIsRefusedOnAVlanHostInterfaceToo() {
    for (boolean vlan : List.of(false, true)) {
      InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
      HostNetwork net = HostNetwork.of(host);
      net.apply(withAddress(vlan, "192.0.2.10/24"));
      host.changeByOthers(new Change.AddRoute(device(vlan), OPERATORS_ROUTE));
      HostState before = host.state();

      RefusedTopologyException e =
          assertThrows(
              RefusedTopologyException.class,
              () -> net.apply(withAddress(vlan, "198.51.100.10/24")));

      assertEquals(device(vlan), e.refusals().get(0).device(), e.getMessage());
      assertEquals(before, host.state(), "nothing was touched");
    }
  }

  @Test
  void theRefusalComesWithTheOtherReasons() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withAddress(false, "192.0.2.10/24"));
    host.changeByOthers(new Change.AddRoute("gv-uplink", OPERATORS_DEFAULT));

    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class,
            () ->
                net.apply(
                    group(false)
                        .vmPort("tap-missing", "mgmt")
                        .hostInterface("mgmt", "198.51.100.10/24")
                        .build()));

    assertEquals(
        List.of("tap-missing", "gv-uplink"),
        e.refusals().stream().map(Refusal::device).toList(),
        e.getMessage());
  }

  @Test
  void anAddressThatStillHoldsTheGatewayOrNoOperatorsRouteLetsTheRemovalThrough() {
    // Changing to another address in the same subnet keeps the gateway reachable.
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    net.apply(withAddress(false, "192.0.2.10/24"));
    host.changeByOthers(new Change.AddRoute("gv-uplink", OPERATORS_ROUTE));
    net.apply(withAddress(false, "192.0.2.11/24"));
    var bridge = host.state().device("gv-uplink").orElseThrow();
    assertEquals(List.of("192.0.2.11/24"), bridge.addresses());
    assertEquals(List.of(OPERATORS_ROUTE), bridge.routes());

    // Without the operator's route the host interface goes as before.
    InMemoryHost plain = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork plainNet = HostNetwork.of(plain);
    plainNet.apply(withAddress(false, "192.0.2.10/24"));
    plainNet.update(t -> t.toBuilder().removeHostInterface("mgmt").build());
    var plainBridge = plain.state().device("gv-uplink").orElseThrow();
    assertEquals(List.of(), plainBridge.addresses());
    assertEquals(List.of(), plainBridge.routes());
  }
}
