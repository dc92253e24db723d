package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.Plan;
import io.gallium.net.core.internal.Planner;
import io.gallium.net.core.internal.StagedPlan;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning: a whole group of {@code networks} networks and as many VM ports onto a host that has
 * none of it yet ({@code HostNetwork.plan}: observe, layout, diff and the simulation that checks
 * the plan against the kernel's rules), the diff alone, and attaching or detaching one VM port on a
 * host that carries the largest group. Target: 4094 networks and 4094 ports under 5 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlannerBenchmark {

  /** A fresh host and the topology to plan onto it. */
  @State(Scope.Benchmark)
  public static class FromScratch {
    @Param({"10", "100", "1000", "4094"})
    public int networks;

    HostNetwork net;
    Topology topology;
    HostState before;
    HostState desired;

    @Setup(Level.Trial)
    public void setUp() {
      topology = Topologies.group(networks);
      InMemoryHost host = Topologies.hostFor(networks);
      net = HostNetwork.of(host);
      before = host.state();
      desired = Topologies.applied(topology, networks);
    }
  }

  /**
   * A host carrying 4094 networks, a VM port on each (five groups: a bridge takes 1022 VM ports).
   */
  @State(Scope.Benchmark)
  public static class LargeHost {
    HostNetwork net;
    Topology withSpare;
    Topology withoutOne;

    @Setup(Level.Trial)
    public void setUp() {
      int n = Topologies.MAX_NETWORKS;
      InMemoryHost host = Topologies.hostFor(n);
      net = HostNetwork.of(host);
      Topology all = Topologies.group(n);
      net.apply(all);
      // The last group has room for another port; the others are full.
      withSpare = all.toBuilder().vmPort(Topologies.SPARE_PORT, Topologies.network(n - 1)).build();
      withoutOne = all.toBuilder().removeVmPort(Topologies.port(n / 2)).build();
    }
  }

  /** What {@code HostNetwork.plan} costs: observe (in memory), layout, diff, simulation. */
  @Benchmark
  public Plan planGroup(FromScratch s) {
    return s.net.plan(s.topology);
  }

  /** The planner alone: diff and simulation, from the observed state to the desired one. */
  @Benchmark
  public StagedPlan diffGroup(FromScratch s) {
    return Planner.diff(s.before, s.desired);
  }

  /** Attach one VM port to a host carrying 4094 networks and 4094 ports. */
  @Benchmark
  public Plan attachOnLargeHost(LargeHost s) {
    return s.net.plan(s.withSpare);
  }

  /** Detach one VM port from a host carrying 4094 networks and 4094 ports. */
  @Benchmark
  public Plan detachOnLargeHost(LargeHost s) {
    return s.net.plan(s.withoutOne);
  }
}
