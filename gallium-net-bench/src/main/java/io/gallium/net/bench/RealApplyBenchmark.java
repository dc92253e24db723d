package io.gallium.net.bench;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.CreateVethPair;
import io.gallium.net.linux.internal.route.RouteHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
 * The real apply, root only, each trial in a network namespace it creates (its socket verified to
 * be there before anything is made) and deletes in {@code @TearDown}, or by a shutdown hook if the
 * run dies. What this kernel supports (bridge and veth, no VLAN filtering or bonding): the stages
 * that attach a VM port (enslave to its bridge, then up) and detach it (release, then down), one
 * port and 2000 ports at once, through {@link LinuxHost}; and creating 2000 veth pairs (the port
 * devices a hypervisor makes) through the linux module's batch API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class RealApplyBenchmark {
  static final int PORTS = 2000;

  /**
   * A namespace with two bridges (a bridge takes at most 1023 ports) and veth pairs vp0..vp1999
   * (peers vq...), detached.
   */
  @State(Scope.Benchmark)
  public static class Ports {
    Lab lab;
    LinuxHost host;

    @Setup(Level.Trial)
    public void setUp() {
      lab = Lab.open();
      try {
        lab.bridgesFor(PORTS, false).vethPairs("vp", "vq", PORTS);
        host = lab.host();
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

    void attach(int n) {
      execute(host, each(n, i -> new Change.SetMaster("vp" + i, Lab.bridgeOf(i))));
      execute(host, each(n, i -> new Change.SetUp("vp" + i, true)));
    }

    void detach(int n) {
      execute(host, each(n, i -> new Change.ReleaseMaster("vp" + i)));
      execute(host, each(n, i -> new Change.SetUp("vp" + i, false)));
    }
  }

  /** One port's state flips before each call, untimed. */
  @State(Scope.Thread)
  public static class Detached {
    @Setup(Level.Invocation)
    public void detach(Ports p) {
      if (isAttached(p, "vp0")) {
        p.detach(1);
      }
    }
  }

  /** One port attached before each call, untimed. */
  @State(Scope.Thread)
  public static class Attached {
    @Setup(Level.Invocation)
    public void attach(Ports p) {
      if (!isAttached(p, "vp0")) {
        p.attach(1);
      }
    }
  }

  /** All 2000 ports detached before each iteration, untimed. */
  @State(Scope.Thread)
  public static class AllDetached {
    @Setup(Level.Iteration)
    public void detach(Ports p) {
      if (isAttached(p, "vp0")) {
        p.detach(PORTS);
      }
    }
  }

  /** All 2000 ports attached before each iteration, untimed. */
  @State(Scope.Thread)
  public static class AllAttached {
    @Setup(Level.Iteration)
    public void attach(Ports p) {
      if (!isAttached(p, "vp0")) {
        p.attach(PORTS);
      }
    }
  }

  /** A fresh namespace for each iteration, deleted after it. */
  @State(Scope.Thread)
  public static class EmptyNamespace {
    Lab lab;

    @Setup(Level.Iteration)
    public void setUp() {
      lab = Lab.open();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      lab.close();
    }
  }

  /** Attach one VM port: enslave it to its bridge, bring it up (two stages). */
  @Benchmark
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 5, time = 2)
  public void attachPort(Ports p, Detached d) {
    p.attach(1);
  }

  /** Detach one VM port: release it, bring it down (two stages). */
  @Benchmark
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 5, time = 2)
  public void detachPort(Ports p, Attached a) {
    p.detach(1);
  }

  /** Attach 2000 VM ports at once: 4000 requests in two pipelined stages. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 6)
  public void attach2000Ports(Ports p, AllDetached d) {
    p.attach(PORTS);
  }

  /** Detach 2000 VM ports at once: 4000 requests in two pipelined stages. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 6)
  public void detach2000Ports(Ports p, AllAttached a) {
    p.detach(PORTS);
  }

  /** Create 2000 veth pairs (port devices) in an empty namespace, pipelined. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 4)
  public void create2000VethPairs(EmptyNamespace e) {
    List<Request> requests = each(PORTS, i -> new CreateVethPair("vp" + i, "vq" + i));
    RouteHandle handle = e.lab.handle();
    handle.execute(requests, false).throwIfFailed();
  }

  static boolean isAttached(Ports p, String port) {
    return p.lab.handle().link(port).orElseThrow().master() != 0;
  }

  static void execute(LinuxHost host, List<Change> changes) {
    for (ChangeOutcome o : host.execute(changes)) {
      if (!o.succeeded()) {
        throw new IllegalStateException("failed: " + o);
      }
    }
  }

  static <T> List<T> each(int n, IntFunction<T> f) {
    List<T> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(f.apply(i));
    }
    return list;
  }
}
