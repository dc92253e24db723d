package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gallium.net.AdapterGroup;
import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.TopologyArbitraries.Transition;
import io.gallium.net.core.internal.Planner;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Topology pairs A → B over a host with devices we do not own, generated so that they shrink. */
class ApplyPropertiesTest {

  /** The host after applying A, and the two topologies. */
  private record AtA(InMemoryHost host, Topology a, Topology b) {}

  private static AtA atA(Transition t) {
    InMemoryHost host = t.host().create();
    TopologyArbitraries.network(host).apply(t.a());
    return new AtA(host, t.a(), t.b());
  }

  @Provide
  Arbitrary<Transition> transitions() {
    return TopologyArbitraries.transitions();
  }

  /** A transition, and a fault at a request of applying B, then a crash at or after it. */
  private record FaultThenCrash(Transition t, int fault, int crashAfter) {}

  /** Fault and crash both 0 where applying B makes no request. */
  @Provide
  Arbitrary<FaultThenCrash> faultsThenCrashes() {
    return transitions()
        .flatMap(
            t -> {
              int requests = requestsOfApplyingB(t);
              if (requests == 0) {
                return Arbitraries.just(new FaultThenCrash(t, 0, 0));
              }
              return Combinators.combine(
                      Arbitraries.integers().between(1, requests),
                      Arbitraries.integers().between(0, requests))
                  .as((fault, after) -> new FaultThenCrash(t, fault, fault + after));
            });
  }

  /** A transition and one of A's adapter groups, if A has any. */
  private record GroupOfA(Transition t, Optional<String> group) {}

  @Provide
  Arbitrary<GroupOfA> groupsOfA() {
    return transitions()
        .flatMap(
            t ->
                t.a().adapterGroups().isEmpty()
                    ? Arbitraries.just(new GroupOfA(t, Optional.empty()))
                    : Arbitraries.of(t.a().adapterGroups())
                        .map(g -> new GroupOfA(t, Optional.of(g.name()))));
  }

  @Property(tries = 300)
  void applyingBGivesBAndObserveReturnsIt(@ForAll("transitions") Transition t) {
    AtA s = atA(t);
    HostNetwork net = TopologyArbitraries.network(s.host);
    assertEquals(s.a, net.observe(), "after applying A");
    net.apply(s.b);
    assertEquals(s.b, net.observe(), "observe() after applying B");
    assertEquals(
        s.b,
        TopologyArbitraries.network(s.host).observe(),
        "another HostNetwork on the same host agrees");
    assertTrue(net.plan(s.b).isEmpty(), () -> "plan(B) on a host at B:\n" + net.plan(s.b));
  }

  @Property(tries = 300)
  void applyingBFromScratchEqualsApplyingItAfterA(@ForAll("transitions") Transition t) {
    AtA s = atA(t);
    TopologyArbitraries.network(s.host).apply(s.b);
    InMemoryHost fresh = t.host().create();
    TopologyArbitraries.network(fresh).apply(s.b);
    assertEquals(
        TopologyArbitraries.network(fresh).observe(),
        TopologyArbitraries.network(s.host).observe());
  }

  @Property(tries = 40)
  void aFaultAtEveryRequestLeavesTheHostAsItWas(@ForAll("transitions") Transition t) {
    int requests = requestsOfApplyingB(t);
    for (int i = 1; i <= requests; i++) {
      AtA s = atA(t);
      HostState before = s.host.state();
      s.host.failOnRequest(i);
      int index = i;
      ApplyException e =
          assertThrows(
              ApplyException.class,
              () -> TopologyArbitraries.network(s.host).apply(s.b),
              () -> "fault at request " + index);
      assertTrue(
          e.rolledBack(),
          () -> "rolled back after a fault at request " + index + ": " + e.getMessage());
      assertTrue(e.getCause() instanceof ChangeFailedException, e::getMessage);
      assertEquals(before, s.host.state(), () -> "host after a fault at request " + index);
      assertEquals(
          s.a,
          TopologyArbitraries.network(s.host).observe(),
          () -> "topology after a fault at request " + index);
    }
  }

  @Property(tries = 40)
  void aCrashAtEveryRequestThenRecoverLeavesTheHostAsItWas(@ForAll("transitions") Transition t) {
    int requests = requestsOfApplyingB(t);
    for (int i = 0; i < requests; i++) {
      AtA s = atA(t);
      HostState before = s.host.state();
      s.host.crashAfterRequests(i);
      int index = i;
      assertThrows(
          InMemoryHost.Crash.class,
          () -> TopologyArbitraries.network(s.host).apply(s.b),
          () -> "crash after " + index);
      HostNetwork restarted = TopologyArbitraries.network(s.host);
      assertThrows(
          IllegalStateException.class, () -> restarted.apply(s.b), "apply refuses until recover()");
      assertTrue(restarted.recover(), "there was something to recover");
      assertEquals(
          before,
          s.host.state(),
          () -> "host after a crash after " + index + " requests and recover()");
      assertEquals(s.a, restarted.observe());
      restarted.apply(s.b);
      assertEquals(s.b, restarted.observe(), "B applies after recovery");
    }
  }

  @Property(tries = 40)
  void aCrashDuringRollbackThenRecoverLeavesTheHostAsItWas(
      @ForAll("faultsThenCrashes") FaultThenCrash c) {
    if (c.fault() == 0) {
      return;
    }
    Transition t = c.t();
    int fault = c.fault();
    AtA s = atA(t);
    HostState before = s.host.state();
    s.host.failOnRequest(fault);
    s.host.crashAfterRequests(c.crashAfter());
    try {
      TopologyArbitraries.network(s.host).apply(s.b);
      fail("the fault should have failed the apply");
    } catch (InMemoryHost.Crash | ApplyException expected) {
      // Either died while rolling back, or the rollback finished before the crash point.
    }
    TopologyArbitraries.network(s.host).recover();
    assertEquals(before, s.host.state());
  }

  @Property(tries = 300)
  void plansNeverTouchDevicesWeDoNotOwn(@ForAll("transitions") Transition t) {
    AtA s = atA(t);
    Set<String> allowed = new HashSet<>();
    for (Topology topology : new Topology[] {s.a, s.b}) {
      for (AdapterGroup g : topology.adapterGroups()) {
        allowed.addAll(g.adapters());
        allowed.add("gb-" + g.name());
        allowed.add("gv-" + g.name());
      }
      topology.vmPorts().stream().map(VmPort::name).forEach(allowed::add);
    }
    Plan plan = TopologyArbitraries.network(s.host).plan(s.b);
    for (Change c : plan.changes()) {
      String device = c.device();
      boolean ours =
          allowed.contains(device)
              || device.startsWith("gb-a-gro-")
              || device.startsWith("gv-a-gro-");
      assertTrue(ours, () -> "plan touches " + device + ": " + c);
      if (c instanceof Change.SetMaster m) {
        assertTrue(m.master().startsWith("gb-") || m.master().startsWith("gv-"), c::toString);
      }
    }
    for (String unowned : new String[] {"br0", "eth9", "bond0", "veth-x", "mgmt0"}) {
      assertTrue(plan.changes().stream().noneMatch(c -> c.device().equals(unowned)), unowned);
    }
  }

  @Property(tries = 200)
  void planningIsDeterministic(@ForAll("transitions") Transition t) {
    AtA s1 = atA(t);
    AtA s2 = atA(t);
    assertEquals(s1.host.state(), s2.host.state());
    assertEquals(
        TopologyArbitraries.network(s1.host).plan(s1.b),
        TopologyArbitraries.network(s2.host).plan(s2.b));
    assertEquals(
        TopologyArbitraries.network(s1.host).plan(s1.b).toString(),
        TopologyArbitraries.network(s2.host).plan(s2.b).toString());
  }

  @Property(tries = 200)
  void planOfAStateToItselfIsEmpty(@ForAll("transitions") Transition t) {
    AtA s = atA(t);
    assertTrue(Planner.diff(s.host.state(), s.host.state()).isEmpty());
    assertTrue(TopologyArbitraries.network(s.host).plan(s.a).isEmpty());
  }

  @Property(tries = 300)
  void plansAreSafe(@ForAll("transitions") Transition t) {
    AtA s = atA(t);
    Plan plan = TopologyArbitraries.network(s.host).plan(s.b);
    java.util.Map<String, Integer> vlansSetAt = new java.util.HashMap<>();
    java.util.Map<String, Integer> downAt = new java.util.HashMap<>();
    for (int i = 0; i < plan.stages().size(); i++) {
      for (Change c : plan.stages().get(i).changes()) {
        int stage = i;
        if (c instanceof Change.AddPortVlans) {
          vlansSetAt.put(c.device(), i);
        }
        if (c instanceof Change.SetUp u && !u.up()) {
          downAt.put(c.device(), i);
        }
        if (c instanceof Change.SetUp u && u.up() && vlansSetAt.containsKey(c.device())) {
          assertTrue(
              vlansSetAt.get(c.device()) < stage, () -> c + " before its VLANs are set:\n" + plan);
        }
        if (c instanceof Change.SetMaster m && m.master().startsWith("gb-")) {
          boolean wasUp = s.host.state().device(c.device()).get().up();
          boolean wasInBond =
              s.host
                  .state()
                  .device(c.device())
                  .get()
                  .master()
                  .filter(x -> x.startsWith("gb-"))
                  .isPresent();
          assertTrue(
              !wasUp || wasInBond || downAt.getOrDefault(c.device(), stage) < stage,
              () -> c + " while the adapter is up:\n" + plan);
        }
      }
    }
  }

  @Property(tries = 300)
  void addingANetworkTouchesNothingButTheBondsVlans(@ForAll("groupsOfA") GroupOfA g) {
    AtA s = atA(g.t());
    if (s.a.adapterGroups().isEmpty()) {
      return;
    }
    String group = g.group().orElseThrow();
    int vid = 2;
    while (true) {
      int v = vid;
      if (s.a.networksOf(group).stream()
          .noneMatch(n -> n.vlanId().map(x -> x.value() == v).orElse(false))) {
        break;
      }
      vid++;
    }
    Plan plan =
        TopologyArbitraries.network(s.host)
            .plan(s.a.toBuilder().vlanNetwork("added", group, vid).build());
    assertEquals(1, plan.changes().size(), plan::toString);
    assertTrue(
        plan.changes().get(0) instanceof Change.AddPortVlans a
            && a.device().startsWith("gb-")
            && a.ranges().equals(java.util.List.of(VlanRange.tagged(vid, vid))),
        plan::toString);
  }

  private static int requestsOfApplyingB(Transition t) {
    AtA s = atA(t);
    long start = s.host.requestCount();
    TopologyArbitraries.network(s.host).apply(s.b);
    return (int) (s.host.requestCount() - start);
  }
}
