package io.gallium.net.bench;

import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.linux.LinuxHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Attaching one VM port on a real kernel (root; needs bonding and bridge VLAN filtering, so the VM
 * lane here): {@link HostNetwork#attach} on a host of {@link Topologies#vmHost}{@code (4000)} (4
 * groups × 1 000 networks × 1 000 ports) and on one of {@code vmHost(10)}, and on the large host
 * {@code ip link set PORT master BRIDGE} + {@code bridge vlan add dev PORT vid V pvid untagged} +
 * {@code ip link set PORT up}, the same three requests by three processes. Both hosts are built
 * once, each in a namespace of its own, and stay up; every round measures each of the four once, in
 * an order that rotates from round to round so that drift hits all alike, and undoes it untimed.
 * Ours is timed in a warm JVM with its {@link LinuxHost} open, as a hypervisor's agent runs; the
 * peer's time includes starting its processes.
 *
 * <p>Prints per round and as medians: large / small host (ours), ours / peer on each host, and
 * where our attach's time goes on the large host (the driver's reads, its requests, the rest: lock,
 * catalog, plan, journal). Options (system properties): {@code rounds} (7, after 2 warm-up rounds),
 * {@code large} (4000), {@code small} (10).
 */
public final class KernelAttach {
  private static final int ROUNDS = Integer.getInteger("rounds", 7);
  private static final int WARM_UP = Integer.getInteger("warmUp", 2);
  private static final int LARGE = Integer.getInteger("large", 4000);
  private static final int SMALL = Integer.getInteger("small", 10);
  private static final String PORT = Topologies.spare(0);

  private KernelAttach() {}

  /** Builds both hosts, runs the rounds, prints the ratios. */
  public static void main(String[] args) {
    if (!Namespace.isRoot()) {
      System.err.println("KernelAttach needs root: each host is a network namespace it creates.");
      System.exit(2);
    }
    PeerComparison.Features features = PeerComparison.Features.probe();
    if (!features.bonding() || !features.vlanFiltering()) {
      System.err.println(
          "skipped: this kernel lacks "
              + features.missingForLayout()
              + "; run it in the real-kernel VM lane");
      System.exit(2);
    }
    System.out.println("# one VM port's attach on a real kernel, large host / small host / peer");
    System.out.println("machine: " + Machine.describe());
    System.out.println("kernel features: " + features);
    try (Host large = Host.build(LARGE);
        Host small = Host.build(SMALL)) {
      for (int r = 0; r < WARM_UP; r++) {
        round(r, large, small);
      }
      long[][] times = new long[ROUNDS][];
      double[][] split = new double[ROUNDS][];
      for (int r = 0; r < ROUNDS; r++) {
        times[r] = round(r, large, small);
        split[r] = large.driver.lastSplit();
        System.out.printf(
            Locale.ROOT,
            "round %d: ours large %.1f ms, ours small %.1f ms, peer large %.1f ms, peer small %.1f"
                + " ms; large/small %.2f, ours/peer large %.2f, small %.2f; ours large ="
                + " reads %.1f + requests %.1f + library %.1f ms%n",
            r,
            times[r][0] / 1e6,
            times[r][1] / 1e6,
            times[r][2] / 1e6,
            times[r][3] / 1e6,
            (double) times[r][0] / times[r][1],
            (double) times[r][0] / times[r][2],
            (double) times[r][1] / times[r][3],
            split[r][0],
            split[r][1],
            times[r][0] / 1e6 - split[r][0] - split[r][1]);
      }
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "medians over %d rounds: ours large / ours small %s; ours / peer: large host %s, small"
              + " host %s; ours large %.1f ms, ours small %.1f ms, peer large %.1f ms (emulated"
              + " ms under TCG are meaningless alone)%n",
          ROUNDS,
          ratio(times, 0, 1),
          ratio(times, 0, 2),
          ratio(times, 1, 3),
          median(times, 0) / 1e6,
          median(times, 1) / 1e6,
          median(times, 2) / 1e6);
      double[] reads = new double[ROUNDS];
      double[] requests = new double[ROUNDS];
      double[] library = new double[ROUNDS];
      for (int r = 0; r < ROUNDS; r++) {
        reads[r] = split[r][0];
        requests[r] = split[r][1];
        library[r] = times[r][0] / 1e6 - split[r][0] - split[r][1];
      }
      System.out.printf(
          Locale.ROOT,
          "ours on the large host, medians: driver reads %.1f ms (%s), driver requests %.1f ms,"
              + " library %.1f ms%n",
          PeerComparison.median(reads),
          large.driver.readKinds,
          PeerComparison.median(requests),
          PeerComparison.median(library));
    }
  }

  /** One round: the four measurements in an order rotated by {@code r}; nanoseconds each. */
  private static long[] round(int r, Host large, Host small) {
    List<Runnable> order = new ArrayList<>();
    long[] t = new long[4];
    order.add(() -> t[0] = large.ours());
    order.add(() -> t[1] = small.ours());
    order.add(() -> t[2] = large.peer());
    order.add(() -> t[3] = small.peer());
    for (int i = 0; i < order.size(); i++) {
      order.get((i + r) % order.size()).run();
    }
    return t;
  }

  private static double median(long[][] times, int column) {
    long[] v = new long[times.length];
    for (int r = 0; r < times.length; r++) {
      v[r] = times[r][column];
    }
    return PeerComparison.median(v);
  }

  private static String ratio(long[][] times, int a, int b) {
    double[] ratios = new double[times.length];
    StringBuilder rounds = new StringBuilder();
    for (int r = 0; r < times.length; r++) {
      ratios[r] = (double) times[r][a] / times[r][b];
      rounds.append(String.format(Locale.ROOT, r == 0 ? "%.2f" : ", %.2f", ratios[r]));
    }
    return String.format(Locale.ROOT, "%.2fx (rounds: %s)", PeerComparison.median(ratios), rounds);
  }

  /** A host of {@code ports} VM ports in a namespace of its own, with a spare port to attach. */
  private static final class Host implements AutoCloseable {
    private final Lab lab;
    private final LinuxHost linux;
    private final TimedDriver driver;
    private final HostNetwork net;
    private final String network;
    private final String bridge;
    private final int vid;

    private Host(
        Lab lab,
        LinuxHost linux,
        TimedDriver driver,
        HostNetwork net,
        String network,
        String bridge,
        int vid) {
      this.lab = lab;
      this.linux = linux;
      this.driver = driver;
      this.net = net;
      this.network = network;
      this.bridge = bridge;
      this.vid = vid;
    }

    static Host build(int ports) {
      long start = System.nanoTime();
      Lab lab = Lab.open();
      try {
        int groups = Topologies.vmHostGroups(ports);
        lab.vethPairs("eth", "peer", 2 * groups);
        lab.vethPairs("vp", "vq", ports);
        lab.vethPairs("vs", "vt", 1);
        LinuxHost linux = lab.host();
        TimedDriver driver = new TimedDriver(linux);
        HostNetwork net =
            HostNetwork.builder()
                .driver(driver)
                .journal(Files.createTempDirectory("gallium-net-bench-journal"))
                .build();
        net.apply(Topologies.vmHost(ports));
        String network = Topologies.vmHostNetwork(ports, groups - 1);
        int index = Integer.parseInt(network.substring("net".length()));
        int vid = index % Topologies.VM_HOST_NETWORKS_PER_GROUP + 1;
        String bridge =
            linux
                .observe(Set.of(Topologies.port(index)))
                .device(Topologies.port(index))
                .flatMap(d -> d.master())
                .orElseThrow(() -> new IllegalStateException(network + "'s port has no bridge"));
        System.out.printf(
            Locale.ROOT,
            "host of %d ports: %d links, built in %.0f s; attaching %s to %s (bridge %s, VID %d)%n",
            ports,
            lab.linkCount(),
            (System.nanoTime() - start) / 1e9,
            PORT,
            network,
            bridge,
            vid);
        return new Host(lab, linux, driver, net, network, bridge, vid);
      } catch (IOException e) {
        lab.close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        lab.close();
        throw e;
      }
    }

    /** Our attach, timed; then its detach, untimed. */
    long ours() {
      driver.reset();
      long start = System.nanoTime();
      net.attach(PORT, network);
      long t = System.nanoTime() - start;
      driver.freeze();
      net.detach(PORT);
      return t;
    }

    /** The three requests by {@code ip} and {@code bridge}, timed; then undone, untimed. */
    long peer() {
      Namespace ns = lab.namespace();
      long start = System.nanoTime();
      ns.ip("link", "set", PORT, "master", bridge);
      ns.bridge("vlan", "add", "dev", PORT, "vid", String.valueOf(vid), "pvid", "untagged");
      ns.ip("link", "set", PORT, "up");
      long t = System.nanoTime() - start;
      ns.ip("link", "set", PORT, "down");
      ns.ip("link", "set", PORT, "nomaster");
      return t;
    }

    @Override
    public void close() {
      try {
        linux.close();
      } finally {
        lab.close();
      }
    }
  }

  /**
   * Passes every call on to a {@link LinuxHost}, timing reads ({@code observe} of all or of named
   * devices) and requests between {@link #reset} and {@link #freeze}.
   */
  private static final class TimedDriver implements Driver {
    private final LinuxHost inner;
    private long reads;
    private long requests;
    private boolean frozen = true;
    private double[] last = {0, 0};
    private final Set<String> readKinds = new java.util.TreeSet<>();

    TimedDriver(LinuxHost inner) {
      this.inner = inner;
    }

    synchronized void reset() {
      reads = 0;
      requests = 0;
      frozen = false;
    }

    synchronized void freeze() {
      last = new double[] {reads / 1e6, requests / 1e6};
      frozen = true;
    }

    synchronized double[] lastSplit() {
      return last;
    }

    private synchronized void add(boolean read, String kind, long nanos) {
      if (!frozen) {
        if (read) {
          reads += nanos;
          readKinds.add(kind);
        } else {
          requests += nanos;
        }
      }
    }

    @Override
    public HostState observe() {
      long start = System.nanoTime();
      HostState s = inner.observe();
      add(true, "observe()", System.nanoTime() - start);
      return s;
    }

    @Override
    public HostState observe(Set<String> names) {
      long start = System.nanoTime();
      HostState s = inner.observe(names);
      add(true, "observe(names)", System.nanoTime() - start);
      return s;
    }

    @Override
    public List<ChangeOutcome> execute(List<Change> changes) {
      long start = System.nanoTime();
      List<ChangeOutcome> out = inner.execute(changes);
      add(false, "execute", System.nanoTime() - start);
      return out;
    }

    @Override
    public StateStore defaultStore() {
      return inner.defaultStore();
    }

    @Override
    public AutoCloseable watch(Consumer<HostState> listener) {
      return inner.watch(listener);
    }
  }
}
