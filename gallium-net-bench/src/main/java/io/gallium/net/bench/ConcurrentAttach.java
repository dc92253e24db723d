package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.testing.InMemoryHost;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many VMs starting at once: {@code threads} threads each attach a port of their own, released
 * together, on the in-memory host of {@link Topologies#vmHost}{@code (ports)}, against one attach
 * alone on the same host in the same round. Attaches serialise on the host's lock, so the best the
 * burst can do is {@code threads} × one attach; more would be a convoy (waiters spinning, lock
 * hand-offs that cost more than the work, a waiter re-reading what the holder wrote). Prints, per
 * round, the burst's wall time over the median single attach, and fails if any attach failed or a
 * port is missing afterwards. Also prints the floor: the same threads released together doing
 * nothing, in units of one attach; and the CPU time the burst's threads used over the CPU time of
 * one attach, which a busy machine (other processes taking turns on its cores) does not inflate as
 * it does wall time.
 *
 * <p>Options (system properties): {@code ports} (4000), {@code threads} (64), {@code rounds} (7,
 * after as many warm-up rounds), {@code singles} (16 single attaches a round, their median is "one
 * attach"). Run with {@value QuietLogging#JVM_OPTION}, else the log lines are measured too.
 */
public final class ConcurrentAttach {
  private static final int PORTS = Integer.getInteger("ports", 4000);
  private static final int THREADS = Integer.getInteger("threads", 64);
  private static final int ROUNDS = Integer.getInteger("rounds", 7);
  private static final int SINGLES = Integer.getInteger("singles", 16);

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /** The pool's threads, whose CPU time makes a burst's. */
  private static final List<Thread> POOL = new CopyOnWriteArrayList<>();

  /** CPU time of one attach per round's median single attach, and of the burst; filled by round. */
  private static long singleCpu;

  private static long burstCpu;

  private ConcurrentAttach() {}

  /** Runs the warm-up and measured rounds and prints the ratios. */
  public static void main(String[] args) throws Exception {
    InMemoryHost host = Topologies.vmHostFor(PORTS, THREADS);
    HostNetwork net = HostNetwork.of(host);
    net.apply(Topologies.vmHost(PORTS));
    int groups = Topologies.vmHostGroups(PORTS);
    // Spread over the groups: a group's bridge takes 22 more VM ports at most.
    String[] networks = new String[THREADS];
    for (int i = 0; i < THREADS; i++) {
      networks[i] = Topologies.vmHostNetwork(PORTS, i % groups);
    }
    System.out.println("# " + THREADS + " threads attaching a port each at once, in-memory host");
    System.out.println("machine: " + Machine.describe());
    System.out.println(
        "host: " + PORTS + " VM ports on " + groups + " groups, " + host + "; rounds: " + ROUNDS);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r);
              POOL.add(t);
              return t;
            });
    try {
      for (int r = 0; r < ROUNDS; r++) {
        round(net, networks, pool); // warm-up
      }
      double[] ratios = new double[ROUNDS];
      double[] single = new double[ROUNDS];
      double[] burst = new double[ROUNDS];
      double[] idle = new double[ROUNDS];
      double[] cpuRatios = new double[ROUNDS];
      for (int r = 0; r < ROUNDS; r++) {
        long[] t = round(net, networks, pool);
        single[r] = t[0] / 1e6;
        burst[r] = t[1] / 1e6;
        idle[r] = t[2] / 1e6;
        cpuRatios[r] = (double) burstCpu / singleCpu;
        ratios[r] = (double) t[1] / t[0];
        System.out.printf(
            Locale.ROOT,
            "round %d: one attach %.3f ms, %d at once %.1f ms, ratio %.1f (bound %d);"
                + " %d threads released doing nothing %.1f ms (%.1f one attaches);"
                + " CPU time: one attach %.3f ms, burst %.1f ms, ratio %.1f%n",
            r,
            single[r],
            THREADS,
            burst[r],
            ratios[r],
            THREADS,
            THREADS,
            idle[r],
            (double) t[2] / t[0],
            singleCpu / 1e6,
            burstCpu / 1e6,
            cpuRatios[r]);
      }
      System.out.printf(
          Locale.ROOT,
          "median: burst / one attach = %.1f (min %.1f, max %.1f; bound %d); one attach %.3f ms,"
              + " burst %.1f ms%n",
          PeerComparison.median(ratios),
          Arrays.stream(ratios).min().orElseThrow(),
          Arrays.stream(ratios).max().orElseThrow(),
          THREADS,
          PeerComparison.median(single),
          PeerComparison.median(burst));
      System.out.printf(
          Locale.ROOT,
          "median: CPU time of the burst (its %d threads) / CPU time of one attach = %.1f (min"
              + " %.1f, max %.1f)%n",
          THREADS,
          PeerComparison.median(cpuRatios),
          Arrays.stream(cpuRatios).min().orElseThrow(),
          Arrays.stream(cpuRatios).max().orElseThrow());
      System.out.printf(
          Locale.ROOT,
          "median: %d threads released doing nothing = %.1f ms, %.1f one attaches%n",
          THREADS,
          PeerComparison.median(idle),
          PeerComparison.median(idle) / PeerComparison.median(single));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One round: {@link #SINGLES} single attaches (each detached again, untimed) around the burst;
   * returns the median single attach and the burst's wall time, in nanoseconds.
   */
  private static long[] round(HostNetwork net, String[] networks, ExecutorService pool)
      throws Exception {
    long[] singles = new long[SINGLES];
    long[] cpu = new long[SINGLES];
    // Half before the burst, half after, so that drift of a busy machine hits both alike.
    singles(net, networks, singles, cpu, 0, SINGLES / 2);
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> attaches = new ArrayList<>(THREADS);
    for (int i = 0; i < THREADS; i++) {
      String port = Topologies.spare(i);
      String network = networks[i];
      attaches.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return net.attach(port, network);
              }));
    }
    ready.await();
    long cpuBefore = poolCpu();
    long start = System.nanoTime();
    go.countDown();
    for (Future<?> f : attaches) {
      f.get(); // an attach that failed throws here
    }
    long burst = System.nanoTime() - start;
    burstCpu = poolCpu() - cpuBefore;
    long idle = idleBurst(pool);
    Topology after = net.observe();
    for (int i = 0; i < THREADS; i++) {
      String port = Topologies.spare(i);
      String network = networks[i];
      if (after.vmPort(port).filter(p -> p.network().equals(network)).isEmpty()) {
        throw new IllegalStateException(port + " is not on " + network + " after the burst");
      }
    }
    for (int i = 0; i < THREADS; i++) {
      net.detach(Topologies.spare(i));
    }
    singles(net, networks, singles, cpu, SINGLES / 2, SINGLES);
    Arrays.sort(singles);
    Arrays.sort(cpu);
    singleCpu = cpu[SINGLES / 2];
    return new long[] {singles[SINGLES / 2], burst, idle};
  }

  /**
   * The floor under any burst: the same threads released the same way, each returning at once. On a
   * machine of few cores most of a burst's wall time can be this (waking 64 threads, running each
   * at least once, collecting their results), whatever the attaches cost.
   */
  private static long idleBurst(ExecutorService pool) throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> tasks = new ArrayList<>(THREADS);
    for (int i = 0; i < THREADS; i++) {
      tasks.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return null;
              }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Future<?> f : tasks) {
      f.get();
    }
    return System.nanoTime() - start;
  }

  /**
   * Single attaches {@code from} to {@code to} (exclusive), each detached again, untimed; their
   * wall and CPU times.
   */
  private static void singles(
      HostNetwork net, String[] networks, long[] times, long[] cpu, int from, int to) {
    for (int i = from; i < to; i++) {
      String port = Topologies.spare(i % THREADS);
      long cpuStart = CPU.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      net.attach(port, networks[i % THREADS]);
      times[i] = System.nanoTime() - start;
      cpu[i] = CPU.getCurrentThreadCpuTime() - cpuStart;
      net.detach(port);
    }
  }

  /** The CPU time the pool's threads have used so far. */
  private static long poolCpu() {
    long sum = 0;
    for (Thread t : POOL) {
      sum += Math.max(0, CPU.getThreadCpuTime(t.getId()));
    }
    return sum;
  }
}
