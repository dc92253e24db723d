package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Changes to a host interface's addresses and routes after it was set up, over random hosts: the
 * addresses it was given (moved from eth0 or not), with or without a gateway, on the untagged
 * network or VLAN 100, with or without a DHCP client's address and route on it; then the host
 * interface removed, its addresses changed, its gateway toggled, or its group removed. Each plan
 * changes exactly gallium-net's addresses and routes there (each once), never a foreign one; a
 * group removed gives eth0 back what moved from it before the device that carries it goes; applying
 * it leaves the foreign ones and someone else's adapter as they were, and a second plan is empty.
 */
class HostAddressPropertiesTest {

  /** What happens to the host interface after it was set up. */
  enum Next {
    REMOVE_HOST_INTERFACE,
    CHANGE,
    REMOVE_GROUP
  }

  /** One random starting host, first topology and change. */
  record Shape(
      boolean vlan,
      boolean moved,
      List<String> first,
      boolean firstGateway,
      boolean foreign,
      Next next,
      List<String> second,
      boolean secondGateway) {}

  private static final List<String> ADDRESSES =
      List.of("192.0.2.10/24", "192.0.2.11/24", "192.0.2.12/24");
  private static final String FOREIGN = "198.51.100.7/24";
  private static final Route FOREIGN_ROUTE =
      new Route("203.0.113.0/24", Optional.of("198.51.100.1"), 50);
  private static final Route EXTRA = new Route("10.0.0.0/8", Optional.of("192.0.2.254"), 0);
  private static final Route GATEWAY = Route.defaultVia("192.0.2.1");

  @Provide
  Arbitrary<Shape> shapes() {
    Arbitrary<List<String>> addresses =
        Arbitraries.of(ADDRESSES).list().uniqueElements().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Boolean> bool = Arbitraries.of(true, false);
    return Combinators.combine(
            bool,
            bool,
            addresses,
            bool,
            bool,
            Arbitraries.of(Next.class),
            addresses.map(l -> l.stream().sorted().toList()),
            bool)
        .as(Shape::new);
  }

  private static String device(Shape s) {
    return s.vlan() ? "gi100-uplink" : "gv-uplink";
  }

  private static InMemoryHost host(Shape shape) {
    return BootedHosts.withForeignEth2(
        eth0 ->
            shape.moved()
                ? eth0.toBuilder().addresses(shape.first()).routes(List.of(GATEWAY, EXTRA)).build()
                : eth0);
  }

  private static Topology topology(Shape s, List<String> addresses, boolean gateway) {
    Topology.Builder b = MgmtTopologies.mgmt(s.vlan());
    if (addresses != null) {
      b.hostInterface("mgmt", addresses.toArray(String[]::new));
      if (gateway) {
        b.defaultGateway("192.0.2.1");
      }
    }
    return b.build();
  }

  private static Topology second(Shape s) {
    return switch (s.next()) {
      case REMOVE_HOST_INTERFACE -> topology(s, null, false);
      case CHANGE -> topology(s, s.second(), s.secondGateway());
      case REMOVE_GROUP -> Topology.empty();
    };
  }

  @Property(tries = 300)
  void onlyGalliumNetsAddressesAndRoutesChangeEachOnceAndInOrder(@ForAll("shapes") Shape shape) {
    InMemoryHost host = host(shape);
    HostNetwork net = HostNetwork.of(host);
    net.apply(topology(shape, shape.first(), shape.firstGateway()));
    String dev = device(shape);
    if (shape.foreign()) {
      host.addAddress(dev, FOREIGN);
      host.changeByOthers(new Change.AddRoute(dev, FOREIGN_ROUTE));
    }
    Device eth2 = host.state().device("eth2").orElseThrow();
    Device before = host.state().device(dev).orElseThrow();
    Topology t = second(shape);
    boolean stays = shape.next() == Next.CHANGE;
    List<String> wanted = stays ? shape.second() : List.of();

    List<String> steps = PlanSteps.of(net.plan(t));

    // Minimal: each of ours that goes is removed once, each new one added once, no foreign one
    // and nothing of someone else's adapter touched.
    Set<String> removedWanted = new TreeSet<>(shape.first());
    removedWanted.removeAll(wanted);
    Set<String> addedWanted = new TreeSet<>(wanted);
    addedWanted.removeAll(shape.first());
    List<String> removals =
        steps.stream().filter(x -> x.startsWith("remove " + dev + " address ")).toList();
    List<String> additions =
        steps.stream().filter(x -> x.startsWith("add " + dev + " address ")).toList();
    boolean deviceStays = stays || (!shape.vlan() && shape.next() == Next.REMOVE_HOST_INTERFACE);
    if (deviceStays) {
      assertEquals(removedWanted.size(), removals.size(), steps::toString);
      assertEquals(addedWanted.size(), additions.size(), steps::toString);
    } else if (shape.next() == Next.REMOVE_GROUP && shape.moved()) {
      // Handed over: taken off once eth0 carries them, so eth0's routes carry the host at once.
      assertEquals(shape.first().size(), removals.size(), steps::toString);
      assertTrue(additions.isEmpty(), steps::toString);
      int lastGiven = 0;
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i).startsWith("add route ") || steps.get(i).startsWith("add eth0 ")) {
          lastGiven = i;
        }
      }
      for (String r : removals) {
        int at = steps.indexOf(r);
        assertTrue(at > lastGiven && at < steps.indexOf("delete " + dev), steps::toString);
      }
    } else {
      assertTrue(removals.isEmpty() && additions.isEmpty(), "it goes with its device: " + steps);
    }
    assertTrue(steps.stream().noneMatch(x -> x.contains(FOREIGN)), steps::toString);
    assertTrue(steps.stream().noneMatch(x -> x.contains("203.0.113.0/24")), steps::toString);
    assertTrue(steps.stream().noneMatch(x -> x.contains("eth2")), steps::toString);

    // Ordered: a group removed gives eth0 its address and routes before the device goes.
    boolean givesBack = shape.next() == Next.REMOVE_GROUP && shape.moved();
    if (givesBack) {
      String gone = "delete " + dev;
      int goes = steps.indexOf(gone);
      assertTrue(goes >= 0, steps::toString);
      for (int i = 0; i < steps.size(); i++) {
        String x = steps.get(i);
        if (x.startsWith("add eth0 address") || x.startsWith("add route ")) {
          assertTrue(i < goes, x + " before " + gone + " in " + steps);
        }
      }
      int address = steps.indexOf("add eth0 address " + shape.first().get(0));
      int route = steps.indexOf("add route " + GATEWAY + " dev eth0");
      assertTrue(address >= 0 && route > address, steps::toString);
    }

    net.apply(t);
    HostState s = host.state();
    assertEquals(eth2, s.device("eth2").orElseThrow(), "someone else's adapter is as it was");
    Optional<Device> after = s.device(dev);
    assertEquals(deviceStays, after.isPresent(), s::toString);
    if (deviceStays) {
      Device d = after.get();
      Set<String> expected = new TreeSet<>(wanted);
      if (shape.foreign()) {
        expected.add(FOREIGN);
        assertTrue(d.routes().contains(FOREIGN_ROUTE), d.routes()::toString);
      }
      assertEquals(expected, new TreeSet<>(d.addresses()), before + " -> " + d);
      boolean movedDefaultStays = shape.moved() && !shape.firstGateway();
      boolean gateway = stays && (shape.secondGateway() || movedDefaultStays);
      assertEquals(gateway, d.routes().contains(GATEWAY), d.routes()::toString);
      assertEquals(stays && shape.moved(), d.routes().contains(EXTRA), d.routes()::toString);
      assertEquals(stays, host.defaultStore().read("hostif." + dev).isPresent());
    } else {
      assertFalse(host.defaultStore().read("hostif." + dev).isPresent());
    }
    Device eth0 = s.device("eth0").orElseThrow();
    if (givesBack) {
      assertEquals(new TreeSet<>(shape.first()), new TreeSet<>(eth0.addresses()));
      assertTrue(eth0.routes().contains(GATEWAY) && eth0.routes().contains(EXTRA), eth0::toString);
    } else {
      assertEquals(List.of(), eth0.addresses());
    }
    assertTrue(net.plan(t).isEmpty(), () -> net.plan(t).toString());
  }
}
