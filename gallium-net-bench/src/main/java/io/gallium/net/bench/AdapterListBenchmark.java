package io.gallium.net.bench;

import io.gallium.net.core.Counters;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.PhysicalAdapter;
import io.gallium.net.linux.LinuxHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a product's UI polls, root only, on a host of 4 000 devices (2 000 veth pairs, half of them
 * up, in a namespace made for the trial and deleted after it): {@link HostNetwork#adapters()} and
 * one {@link HostNetwork#counters()} poll, against {@code ip -s -j link show} (every device's
 * counters as JSON, what a product without gallium-net would run each second) and {@code ip -d -j
 * link show} (the details {@code adapters()} reads: max MTU, permanent address, parent device). The
 * peers' times include starting the process and reading its output, not parsing the JSON. All four
 * run in the same JMH run, on the same host.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdapterListBenchmark {
  static final int PAIRS = 2000;

  /** The 4 000-device host and a {@link HostNetwork} on it. */
  @State(Scope.Benchmark)
  public static class Host {
    Lab lab;
    LinuxHost host;
    HostNetwork net;

    @Setup(Level.Trial)
    public void setUp() {
      lab = Lab.open();
      try {
        lab.vethPairs("vp", "vq", PAIRS);
        List<String> up = new java.util.ArrayList<>(PAIRS);
        for (int i = 0; i < PAIRS; i += 2) {
          up.add("link set vp" + i + " up");
          up.add("link set vq" + i + " up");
        }
        lab.namespace().ipBatch(up);
        host = lab.host();
        net = HostNetwork.of(host);
        int devices = net.counters().size();
        if (devices < 2 * PAIRS) {
          throw new IllegalStateException("the host has " + devices + " devices, not " + 2 * PAIRS);
        }
      } catch (RuntimeException e) {
        lab.close();
        throw e;
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        if (host != null) {
          host.close();
        }
      } finally {
        lab.close();
      }
    }
  }

  /**
   * Ours: the adapter list (the usual three dumps, one link dump more; no NIC here, no ethtool).
   */
  @Benchmark
  public List<PhysicalAdapter> adapters(Host h) {
    return h.net.adapters();
  }

  /** Ours: every device's counters, one dump with statistics. */
  @Benchmark
  public Map<String, Counters> counters(Host h) {
    return h.net.counters();
  }

  /** Ours: the counters of one VM's two ports only, one request each, both in flight at once. */
  @Benchmark
  public Map<String, Counters> countersOfTwoPorts(Host h) {
    return h.net.counters(TWO_PORTS);
  }

  private static final java.util.Set<String> TWO_PORTS = java.util.Set.of("vp0", "vp1");

  /** The peer of the counters poll: {@code ip -s -j link show}. */
  @Benchmark
  public String peerIpStatsJson(Host h) {
    return h.lab.namespace().ip("-s", "-j", "link", "show");
  }

  /** The peer of the adapter list: {@code ip -d -j link show}. */
  @Benchmark
  public String peerIpDetailsJson(Host h) {
    return h.lab.namespace().ip("-d", "-j", "link", "show");
  }
}
