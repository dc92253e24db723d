package io.gallium.net.bench;

import io.gallium.net.core.HostNetwork;
import io.gallium.net.linux.LinuxHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The same four polls as {@link AdapterListBenchmark} on the same 4 000-device host, interleaved:
 * every round times {@code adapters()}, {@code counters()}, {@code ip -d -j link show} and {@code
 * ip -s -j link show} once each, in an order that rotates from round to round, so that the load of
 * a shared machine hits all four alike; prints each round's ratios and their medians. Root only.
 * Options (system properties): {@code rounds} (21, after 5 warm-up rounds), {@code pairs} (2000).
 */
public final class AdapterPolls {
  private static final int ROUNDS = Integer.getInteger("rounds", 21);
  private static final int WARM_UP = Integer.getInteger("warmUp", 5);
  private static final int PAIRS = Integer.getInteger("pairs", AdapterListBenchmark.PAIRS);

  private AdapterPolls() {}

  /** Builds the host, runs the rounds, prints the ratios. */
  public static void main(String[] args) {
    if (!Namespace.isRoot()) {
      System.err.println("AdapterPolls needs root: the host is a network namespace it creates.");
      System.exit(2);
    }
    System.out.println("# adapters() and counters() against ip -d -j / ip -s -j link show");
    System.out.println("machine: " + Machine.describe());
    try (Lab lab = Lab.open()) {
      lab.vethPairs("vp", "vq", PAIRS);
      List<String> up = new ArrayList<>(PAIRS);
      for (int i = 0; i < PAIRS; i += 2) {
        up.add("link set vp" + i + " up");
        up.add("link set vq" + i + " up");
      }
      lab.namespace().ipBatch(up);
      try (LinuxHost host = lab.host()) {
        HostNetwork net = HostNetwork.of(host);
        System.out.println("devices: " + net.counters().size());
        List<Runnable> polls =
            List.of(
                net::adapters,
                net::counters,
                () -> lab.namespace().ip("-d", "-j", "link", "show"),
                () -> lab.namespace().ip("-s", "-j", "link", "show"));
        for (int r = 0; r < WARM_UP; r++) {
          round(r, polls);
        }
        double[] adapters = new double[ROUNDS];
        double[] counters = new double[ROUNDS];
        long[][] times = new long[ROUNDS][];
        for (int r = 0; r < ROUNDS; r++) {
          times[r] = round(r, polls);
          adapters[r] = (double) times[r][0] / times[r][2];
          counters[r] = (double) times[r][1] / times[r][3];
          System.out.printf(
              Locale.ROOT,
              "round %d: adapters %.1f ms, ip -d %.1f ms (%.2f); counters %.1f ms, ip -s %.1f ms"
                  + " (%.2f)%n",
              r,
              times[r][0] / 1e6,
              times[r][2] / 1e6,
              adapters[r],
              times[r][1] / 1e6,
              times[r][3] / 1e6,
              counters[r]);
        }
        System.out.printf(
            Locale.ROOT,
            "medians over %d rounds: adapters() / ip -d -j link show %.2fx (%.2f..%.2f);"
                + " counters() / ip -s -j link show %.2fx (%.2f..%.2f); adapters %.1f ms,"
                + " counters %.1f ms, ip -d %.1f ms, ip -s %.1f ms%n",
            ROUNDS,
            PeerComparison.median(adapters),
            min(adapters),
            max(adapters),
            PeerComparison.median(counters),
            min(counters),
            max(counters),
            column(times, 0),
            column(times, 1),
            column(times, 2),
            column(times, 3));
      }
    }
  }

  /** One round: each poll once, in an order rotated by {@code r}; nanoseconds each. */
  private static long[] round(int r, List<Runnable> polls) {
    long[] t = new long[polls.size()];
    for (int i = 0; i < polls.size(); i++) {
      int which = (i + r) % polls.size();
      long start = System.nanoTime();
      polls.get(which).run();
      t[which] = System.nanoTime() - start;
    }
    return t;
  }

  private static double column(long[][] times, int c) {
    long[] v = new long[times.length];
    for (int r = 0; r < times.length; r++) {
      v[r] = times[r][c];
    }
    return PeerComparison.median(v) / 1e6;
  }

  private static double min(double[] v) {
    double m = Double.MAX_VALUE;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
