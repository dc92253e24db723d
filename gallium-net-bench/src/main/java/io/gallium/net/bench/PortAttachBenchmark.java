package io.gallium.net.bench;

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
 * A VM port's lifecycle on the in-memory host: {@link HostNetwork#attach} then {@link
 * HostNetwork#detach} of one spare port, on a host already carrying {@link Topologies#vmHost} of
 * {@code ports} ports (10: one group of 10 networks; 4 000: four groups of 1 000 networks, a port
 * on each). The whole transaction each way: lock, catalog, targeted observe, plan, journal,
 * execute, verify. Constant time means the same figure for every {@code ports}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = QuietLogging.JVM_OPTION)
public class PortAttachBenchmark {

  /** A host carrying {@code ports} VM ports and one spare, for the whole trial. */
  @State(Scope.Benchmark)
  public static class Host {
    @Param({"10", "1000", "4000"})
    public int ports;

    HostNetwork net;
    String network;

    @Setup(Level.Trial)
    public void host() {
      InMemoryHost host = Topologies.vmHostFor(ports, 1);
      net = HostNetwork.of(host);
      net.apply(Topologies.vmHost(ports));
      // The last group: on the 4 000-port host, the one whose bridge is not the first built.
      network = Topologies.vmHostNetwork(ports, Topologies.vmHostGroups(ports) - 1);
    }
  }

  /** One port joins a network and leaves it again. */
  @Benchmark
  public ApplyResult attachDetach(Host h) {
    h.net.attach(Topologies.spare(0), h.network);
    return h.net.detach(Topologies.spare(0));
  }
}
