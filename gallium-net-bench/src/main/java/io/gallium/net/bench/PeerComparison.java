package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.CreateBond;
import io.gallium.net.linux.internal.route.CreateBridge;
import io.gallium.net.linux.internal.route.CreateVethPair;
import io.gallium.net.linux.internal.route.DeleteLink;
import io.gallium.net.linux.internal.route.LinkRef;
import io.gallium.net.linux.internal.route.RouteHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * gallium-net against its peers, the same work side by side in one process run, each side in a
 * fresh network namespace of its own, rounds interleaved (ours first in odd rounds, the peer first
 * in even ones) so that drift of a busy machine hits both alike. Prints a table of ratios (ours /
 * peer: below 1 we are faster).
 *
 * <ul>
 *   <li>Per-request work: the linux module (a {@link LinuxHost} executing core {@link Change}s, or
 *       its {@link RouteHandle} batch API for devices the hypervisor itself would make) against
 *       {@code ip -batch} / {@code bridge -batch} sending the same requests. Each side's time
 *       includes opening its socket in the namespace ({@code ip}: starting the process).
 *   <li>Layout: a group of N networks applied by {@link HostNetwork} (one VLAN-aware bridge, the
 *       networks as VLAN ranges on the bond's port) against the classic layout (a bridge and a VLAN
 *       device per network) made and removed by {@code ip -batch}. Needs bonding, 802.1q and bridge
 *       VLAN filtering: where the kernel lacks them it is skipped with the reason (run it in the
 *       real-kernel VM lane).
 * </ul>
 *
 * <p>Options (system properties): {@code ports} (2000), {@code deletes} (200), {@code bridges}
 * (2000), {@code bridgeDeletes} (100), {@code rounds} (5), {@code groups} (100,1000,4094), {@code
 * only} (comma-separated substrings of the names of the scenarios to run), {@code quiesceMillis}
 * (3000: pause after a namespace is deleted, the kernel tears its devices down in the background).
 */
public final class PeerComparison {
  private static final int PORTS = Integer.getInteger("ports", 2000);
  private static final int DELETES = Integer.getInteger("deletes", 200);
  private static final int BRIDGES = Integer.getInteger("bridges", 2000);
  private static final int BRIDGE_DELETES = Integer.getInteger("bridgeDeletes", 100);
  private static final int ROUNDS = Integer.getInteger("rounds", 5);
  private static final List<String> ONLY = List.of(System.getProperty("only", "").split(","));
  private static final long QUIESCE_MILLIS = Long.getLong("quiesceMillis", 3000);
  private static final List<Integer> GROUPS =
      Arrays.stream(System.getProperty("groups", "100,1000,4094").split(","))
          .map(String::trim)
          .map(Integer::valueOf)
          .toList();

  private PeerComparison() {}

  /** One piece of work done both ways. */
  private record Scenario(
      String name,
      int requests,
      int rounds,
      Consumer<Lab> setUp,
      ToLongFunction<Lab> ours,
      ToLongFunction<Lab> peer) {}

  /** Times of one scenario, per round. */
  private record Outcome(Scenario scenario, long[] ours, long[] peer) {
    double[] ratios() {
      double[] r = new double[ours.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = (double) ours[i] / peer[i];
      }
      return r;
    }
  }

  /** Runs every scenario the kernel supports and prints the table. */
  public static void main(String[] args) {
    if (!Namespace.isRoot()) {
      System.err.println(
          "PeerComparison needs root: every side runs in a network namespace it creates.");
      System.exit(2);
    }
    Features features = Features.probe();
    System.out.println("# gallium-net peer comparison");
    System.out.println("machine: " + Machine.describe());
    System.out.println("kernel features: " + features);
    List<Scenario> scenarios = new ArrayList<>(perRequest());
    List<String> skipped = new ArrayList<>();
    if (features.vlanFiltering()) {
      scenarios.add(portVlans());
    } else {
      skipped.add("port VLANs (bridge -batch): this kernel lacks bridge VLAN filtering");
    }
    if (features.bonding() && features.vlan8021q() && features.vlanFiltering()) {
      for (int n : GROUPS) {
        scenarios.add(layoutCreate(n));
        scenarios.add(layoutRemove(n));
      }
    } else {
      skipped.add(
          "layout vs classic (groups "
              + GROUPS
              + "): this kernel lacks "
              + features.missingForLayout()
              + "; run it in the real-kernel VM lane (gallium-net-bench/run.sh --vm)");
    }
    scenarios.removeIf(s -> ONLY.stream().noneMatch(s.name()::contains));
    List<Outcome> outcomes = new ArrayList<>();
    for (Scenario s : scenarios) {
      System.out.println(
          "running: "
              + s.name()
              + " ("
              + s.rounds()
              + (s.rounds() > 1 ? " rounds + 1 warm-up)" : " round, no warm-up)"));
      Outcome o = run(s);
      outcomes.add(o);
      // At once too: a long run (the classic layout at 4094 networks takes minutes) that is
      // cut short still leaves what it measured.
      System.out.println("  done: " + row(o));
      System.out.println("  ratios per round: " + rounds(o));
    }
    System.out.println();
    print(outcomes);
    skipped.forEach(s -> System.out.println("skipped: " + s));
  }

  private static Outcome run(Scenario s) {
    if (s.rounds() > 1) {
      round(s, true, true);
    }
    long[] ours = new long[s.rounds()];
    long[] peer = new long[s.rounds()];
    for (int r = 0; r < s.rounds(); r++) {
      boolean oursFirst = r % 2 == 0;
      long a = round(s, oursFirst, false);
      long b = round(s, !oursFirst, false);
      ours[r] = oursFirst ? a : b;
      peer[r] = oursFirst ? b : a;
    }
    return new Outcome(s, ours, peer);
  }

  /** One side of one round, in a fresh namespace; returns its time in nanoseconds. */
  private static long round(Scenario s, boolean ours, boolean warmUp) {
    long t;
    try (Lab lab = Lab.open()) {
      s.setUp().accept(lab);
      t = (ours ? s.ours() : s.peer()).applyAsLong(lab);
      if (warmUp) {
        // The warm-up runs both sides, the peer too (page cache, kernel caches).
        try (Lab other = Lab.open()) {
          s.setUp().accept(other);
          s.peer().applyAsLong(other);
        }
      }
    }
    quiesce();
    return t;
  }

  private static void quiesce() {
    try {
      Thread.sleep(QUIESCE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // --- per-request work: our netlink path against ip -batch ---

  private static List<Scenario> perRequest() {
    int n = PORTS;
    List<Scenario> list = new ArrayList<>();
    list.add(
        new Scenario(
            "attach " + n + " ports to bridges: alias, enslave, up",
            3 * n,
            ROUNDS,
            lab -> lab.bridgesFor(n, false).vethPairs("vp", "vq", n),
            lab ->
                timed(
                    () -> {
                      try (LinuxHost host = lab.host()) {
                        execute(
                            host,
                            each(
                                n,
                                i -> new Change.SetAlias("vp" + i, Optional.of("vm-port-" + i))));
                        execute(
                            host, each(n, i -> new Change.SetMaster("vp" + i, Lab.bridgeOf(i))));
                        execute(host, each(n, i -> new Change.SetUp("vp" + i, true)));
                      }
                    }),
            lab -> {
              List<String> lines = new ArrayList<>();
              lines.addAll(each(n, i -> "link set dev vp" + i + " alias vm-port-" + i));
              lines.addAll(each(n, i -> "link set dev vp" + i + " master " + Lab.bridgeOf(i)));
              lines.addAll(each(n, i -> "link set dev vp" + i + " up"));
              return lab.namespace().ipBatch(lines);
            }));
    list.add(
        new Scenario(
            "detach " + n + " ports from bridges",
            n,
            ROUNDS,
            lab -> lab.bridgesFor(n, false).vethPairs("vp", "vq", n).enslave("vp", n),
            lab ->
                timed(
                    () -> {
                      try (LinuxHost host = lab.host()) {
                        execute(host, each(n, i -> new Change.ReleaseMaster("vp" + i)));
                      }
                    }),
            lab -> lab.namespace().ipBatch(each(n, i -> "link set dev vp" + i + " nomaster"))));
    list.add(
        new Scenario(
            "create " + n + " veth pairs",
            n,
            ROUNDS,
            lab -> {},
            lab -> routeBatch(lab, each(n, i -> new CreateVethPair("vp" + i, "vq" + i))),
            lab ->
                lab.namespace()
                    .ipBatch(each(n, i -> "link add vp" + i + " type veth peer name vq" + i))));
    list.add(
        new Scenario(
            "delete " + DELETES + " veth pairs",
            DELETES,
            ROUNDS,
            lab -> lab.vethPairs("vp", "vq", DELETES),
            lab -> routeBatch(lab, each(DELETES, i -> new DeleteLink(LinkRef.named("vp" + i)))),
            lab -> lab.namespace().ipBatch(each(DELETES, i -> "link del vp" + i))));
    list.add(
        new Scenario(
            "create " + BRIDGES + " bridges",
            BRIDGES,
            ROUNDS,
            lab -> {},
            lab -> routeBatch(lab, each(BRIDGES, i -> new CreateBridge("br" + i, false, 0))),
            lab ->
                lab.namespace().ipBatch(each(BRIDGES, i -> "link add br" + i + " type bridge"))));
    list.add(
        new Scenario(
            "delete " + BRIDGE_DELETES + " bridges",
            BRIDGE_DELETES,
            ROUNDS,
            lab ->
                lab.handle()
                    .executeAll(each(BRIDGE_DELETES, i -> new CreateBridge("br" + i, false, 0))),
            lab ->
                routeBatch(lab, each(BRIDGE_DELETES, i -> new DeleteLink(LinkRef.named("br" + i)))),
            lab -> lab.namespace().ipBatch(each(BRIDGE_DELETES, i -> "link del br" + i))));
    return list;
  }

  /**
   * A VM port's VLAN, as the layout sets it: PVID and untagged, on 2000 ports of a VLAN-aware
   * bridge.
   */
  private static Scenario portVlans() {
    int n = PORTS;
    return new Scenario(
        "set " + n + " port VLANs (pvid untagged)",
        n,
        ROUNDS,
        lab -> lab.bridgesFor(n, true).vethPairs("vp", "vq", n).enslave("vp", n),
        lab ->
            timed(
                () -> {
                  try (LinuxHost host = lab.host()) {
                    execute(
                        host,
                        each(
                            n,
                            i ->
                                new Change.AddPortVlans(
                                    "vp" + i, List.of(VlanRange.access(vid(i))))));
                  }
                }),
        lab ->
            lab.namespace()
                .bridgeBatch(
                    each(n, i -> "vlan add vid " + vid(i) + " dev vp" + i + " pvid untagged")));
  }

  private static int vid(int i) {
    return 2 + i % 4093;
  }

  // --- layout: one VLAN-aware bridge against a bridge and a VLAN device per network ---

  private static int layoutRounds(int networks) {
    return networks <= 100 ? ROUNDS : 1;
  }

  private static void adapters(Lab lab) {
    lab.vethPairs("eth", "peer", 2);
  }

  private static Scenario layoutCreate(int n) {
    return new Scenario(
        "create a group of " + n + " networks (layout vs classic)",
        n,
        layoutRounds(n),
        PeerComparison::adapters,
        lab -> timed(() -> applyOurs(lab, Topologies.networksOnly(n))),
        lab -> lab.namespace().ipBatch(classicCreate(n)));
  }

  private static Scenario layoutRemove(int n) {
    return new Scenario(
        "remove a group of " + n + " networks (layout vs classic)",
        n,
        layoutRounds(n),
        lab -> {
          adapters(lab);
          lab.namespace().ip("link", "set", "lo", "up");
        },
        lab -> {
          Path journal = tempDirectory();
          try (LinuxHost host = lab.host()) {
            HostNetwork net = HostNetwork.builder().driver(host).journal(journal).build();
            net.apply(Topologies.networksOnly(n));
            return timed(() -> net.apply(Topology.empty()));
          }
        },
        lab -> {
          lab.namespace().ipBatch(classicCreate(n));
          return lab.namespace().ipBatch(classicRemove(n));
        });
  }

  private static void applyOurs(Lab lab, Topology topology) {
    try (LinuxHost host = lab.host()) {
      HostNetwork.builder().driver(host).journal(tempDirectory()).build().apply(topology);
    }
  }

  /**
   * The classic layout, as ifupdown-style tools make it: the bond, then per VLAN network a bridge
   * and a VLAN device of the bond enslaved to it; the untagged network's bridge takes the bond
   * itself.
   */
  static List<String> classicCreate(int networks) {
    List<String> lines = new ArrayList<>();
    lines.add("link add bond0 type bond mode active-backup miimon 100");
    lines.add("link set dev eth0 down");
    lines.add("link set dev eth1 down");
    lines.add("link set dev eth0 master bond0");
    lines.add("link set dev eth1 master bond0");
    lines.add("link set dev bond0 up");
    lines.add("link add br1 type bridge");
    lines.add("link set dev bond0 master br1");
    lines.add("link set dev br1 up");
    for (int i = 1; i < networks; i++) {
      int v = i + 1;
      lines.add("link add br" + v + " type bridge");
      lines.add("link add link bond0 name bond0." + v + " type vlan id " + v);
      lines.add("link set dev bond0." + v + " master br" + v);
      lines.add("link set dev bond0." + v + " up");
      lines.add("link set dev br" + v + " up");
    }
    return lines;
  }

  /** Removing it the same way: per network its VLAN device and bridge, then the bond. */
  static List<String> classicRemove(int networks) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i < networks; i++) {
      int v = i + 1;
      lines.add("link del dev bond0." + v);
      lines.add("link del dev br" + v);
    }
    lines.add("link del dev br1");
    lines.add("link del dev bond0");
    return lines;
  }

  // --- helpers ---

  private static long routeBatch(Lab lab, List<? extends Request> requests) {
    long start = System.nanoTime();
    try (RouteHandle handle = lab.newHandle()) {
      handle.execute(requests, false).throwIfFailed();
    }
    return System.nanoTime() - start;
  }

  private static void execute(LinuxHost host, List<Change> changes) {
    for (ChangeOutcome o : host.execute(changes)) {
      if (!o.succeeded()) {
        throw new IllegalStateException("our side failed: " + o);
      }
    }
  }

  private static long timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  private static <T> List<T> each(int n, java.util.function.IntFunction<T> f) {
    List<T> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(f.apply(i));
    }
    return list;
  }

  private static Path tempDirectory() {
    try {
      return Files.createTempDirectory("gallium-net-bench-journal");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- the table ---

  private static void print(List<Outcome> outcomes) {
    System.out.println(
        "| work | requests/networks | rounds | ours/peer time ratio, median (min - max) | ours"
            + " median ms | peer median ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    outcomes.forEach(o -> System.out.println(row(o)));
    System.out.println();
    System.out.println("ratios per round (ours/peer; rounds alternate which side runs first):");
    outcomes.forEach(o -> System.out.println("  " + o.scenario().name() + ": " + rounds(o)));
  }

  private static String row(Outcome o) {
    double[] r = o.ratios();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %s (%s - %s) | %.1f | %.1f |",
        o.scenario().name(),
        o.scenario().requests(),
        r.length,
        ratio(median(r)),
        ratio(min(r)),
        ratio(max(r)),
        median(o.ours()) / 1e6,
        median(o.peer()) / 1e6);
  }

  private static String rounds(Outcome o) {
    StringBuilder line = new StringBuilder();
    for (double r : o.ratios()) {
      line.append(String.format(Locale.ROOT, "%.3f ", r));
    }
    return line.toString().trim();
  }

  private static String ratio(double r) {
    return r >= 10
        ? String.format(Locale.ROOT, "%.0fx", r)
        : r >= 0.1
            ? String.format(Locale.ROOT, "%.2fx", r)
            : String.format(Locale.ROOT, "%.4fx (1/%.0f)", r, 1 / r);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  static double median(long[] values) {
    return median(Arrays.stream(values).asDoubleStream().toArray());
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  /** What the running kernel can do, probed in a namespace of its own. */
  record Features(boolean vlanFiltering, boolean bonding, boolean vlan8021q) {
    static Features probe() {
      try (Lab lab = Lab.open()) {
        boolean filtering = succeeds(lab, new CreateBridge("probe-br", true, 0));
        boolean bonding = succeeds(lab, new CreateBond("probe-bond", 0, 100));
        lab.vethPairs("probe-a", "probe-b", 1);
        boolean vlan;
        try {
          lab.namespace()
              .ip(
                  "link",
                  "add",
                  "link",
                  "probe-a0",
                  "name",
                  "probe-a0.2",
                  "type",
                  "vlan",
                  "id",
                  "2");
          vlan = true;
        } catch (IllegalStateException e) {
          vlan = false;
        }
        return new Features(filtering, bonding, vlan);
      }
    }

    private static boolean succeeds(Lab lab, Request request) {
      return lab.handle().execute(List.of(request), false).firstFailure().isEmpty();
    }

    String missingForLayout() {
      List<String> missing = new ArrayList<>();
      if (!bonding) {
        missing.add("bonding");
      }
      if (!vlan8021q) {
        missing.add("802.1q VLAN devices");
      }
      if (!vlanFiltering) {
        missing.add("bridge VLAN filtering");
      }
      return String.join(", ", missing);
    }

    @Override
    public String toString() {
      return "bridge VLAN filtering "
          + yes(vlanFiltering)
          + ", bonding "
          + yes(bonding)
          + ", 802.1q "
          + yes(vlan8021q);
    }

    private static String yes(boolean b) {
      return b ? "yes" : "no";
    }
  }
}
