package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The move of the host's addresses and routes, over random hosts: which of the host interface's
 * addresses the adapter carries, which extra routes go through it, whether the topology names a
 * gateway and whether the network is a VLAN. Each plan changes addresses and routes minimally (each
 * moved address added once and removed once, each route added once, nothing on a device the
 * topology does not touch) and in the order that keeps the host reachable (the host interface
 * carries all of them before the adapter goes down); applying it gives the topology back, and a
 * second plan is empty.
 */
class HostMovePropertiesTest {

  /** One random starting host and topology. */
  record Shape(List<String> carried, List<Route> extraRoutes, boolean gateway, boolean vlan) {}

  private static final List<String> ADDRESSES = List.of("192.0.2.10/24", "192.0.2.11/24");

  @Provide
  Arbitrary<Shape> shapes() {
    Arbitrary<List<String>> carried =
        Arbitraries.of(ADDRESSES).list().uniqueElements().ofMinSize(1).ofMaxSize(2);
    Arbitrary<List<Route>> routes =
        Arbitraries.of(
                new Route("10.0.0.0/8", Optional.of("192.0.2.254"), 0),
                new Route("198.51.100.0/24", Optional.of("192.0.2.253"), 100),
                new Route("0.0.0.0/0", Optional.of("192.0.2.1"), 100))
            .list()
            .uniqueElements()
            .ofMaxSize(3);
    return Combinators.combine(
            carried, routes, Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(Shape::new);
  }

  private static InMemoryHost host(Shape shape) {
    return BootedHosts.withForeignEth2(
        eth0 -> eth0.toBuilder().addresses(shape.carried()).routes(shape.extraRoutes()).build());
  }

  private static Topology topology(Shape shape) {
    Topology.Builder b = MgmtTopologies.mgmt(shape.vlan());
    b.hostInterface("mgmt", shape.carried().toArray(String[]::new));
    if (shape.gateway()) {
      b.defaultGateway("192.0.2.1");
    }
    return b.build();
  }

  @Property(tries = 200)
  void movesAreMinimalAndKeepTheHostReachableLongest(@ForAll("shapes") Shape shape) {
    InMemoryHost host = host(shape);
    Device eth2 = host.state().device("eth2").orElseThrow();
    HostNetwork net = HostNetwork.of(host);
    Topology t = topology(shape);
    List<String> steps = PlanSteps.of(net.plan(t));
    String hostInterface = shape.vlan() ? "gi100-uplink" : "gv-uplink";

    List<String> adds =
        steps.stream().filter(s -> s.startsWith("add " + hostInterface + " address")).toList();
    List<String> removes = steps.stream().filter(s -> s.startsWith("remove eth0 address")).toList();
    assertEquals(shape.carried().size(), adds.size(), steps::toString);
    assertEquals(shape.carried().size(), removes.size(), steps::toString);
    assertTrue(steps.stream().noneMatch(s -> s.contains("eth2")), steps::toString);
    assertTrue(steps.stream().noneMatch(s -> s.startsWith("remove route")), steps::toString);

    int down = steps.indexOf("set eth0 down");
    assertTrue(down >= 0, steps::toString);
    for (int i = 0; i < steps.size(); i++) {
      String s = steps.get(i);
      if (s.startsWith("add " + hostInterface + " address") || s.startsWith("add route")) {
        assertTrue(i < down, "before eth0 goes down: " + s + " in " + steps);
      }
      if (s.startsWith("remove eth0 address")) {
        assertTrue(i > down, "after the host interface carries it: " + s + " in " + steps);
      }
    }

    // The default route first of all: it is the one that reaches everything else.
    int lastDefault = -1;
    int firstOther = Integer.MAX_VALUE;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).startsWith("add route default")) {
        lastDefault = i;
      } else if (steps.get(i).startsWith("add route ")) {
        firstOther = Math.min(firstOther, i);
      }
    }
    assertTrue(lastDefault < firstOther, steps::toString);

    net.apply(t);
    HostState s = host.state();
    assertEquals(List.of(), s.device("eth0").orElseThrow().addresses());
    assertEquals(List.of(), s.device("eth0").orElseThrow().routes());
    Device moved = s.device(hostInterface).orElseThrow();
    for (Route r : shape.extraRoutes()) {
      boolean replaced = shape.gateway() && r.isDefault();
      assertEquals(!replaced, moved.routes().contains(r), moved + " / " + r);
    }
    assertEquals(shape.gateway(), moved.routes().contains(Route.defaultVia("192.0.2.1")));
    assertEquals(eth2, s.device("eth2").orElseThrow(), "someone else's device is as it was");
    assertEquals(t, net.observe());
    assertTrue(net.plan(t).isEmpty(), () -> net.plan(t).toString());
  }
}
