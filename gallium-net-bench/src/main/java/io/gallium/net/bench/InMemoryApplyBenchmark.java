package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.HostNetwork;
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
 * The whole transaction on the in-memory host: observe, layout, plan, journal, execute stage by
 * stage (each change simulated by the kernel rules), verify by a fresh observation. What the
 * library itself costs on top of the kernel's work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InMemoryApplyBenchmark {

  /** A fresh host for every apply. */
  @State(Scope.Thread)
  public static class FreshHost {
    @Param({"10", "100", "1000", "4094"})
    public int networks;

    Topology topology;
    HostNetwork net;

    @Setup(Level.Trial)
    public void topology() {
      topology = Topologies.group(networks);
    }

    @Setup(Level.Invocation)
    public void host() {
      InMemoryHost host = Topologies.hostFor(networks);
      net = HostNetwork.of(host);
    }
  }

  /**
   * Applies a group of {@code networks} networks, a VM port on each, to a host that has none of it.
   */
  @Benchmark
  public ApplyResult applyGroup(FreshHost s) {
    return s.net.apply(s.topology);
  }
}
