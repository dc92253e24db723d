package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.ApplyOptions;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.PendingApply;
import io.gallium.net.linux.testing.FaultyDriver;
import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.LinkSnapshot;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import io.gallium.net.linux.testing.TimedDriver;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's own address moved onto its adapter group on a real kernel: the host starts with {@code
 * 192.0.2.10/24} and a default route on {@code nic0}, the switch holds the gateway {@code
 * 192.0.2.1}; a peer on the switch sends a UDP echo to the host every 10 ms throughout the apply,
 * and the longest gap between answers is reported. Afterwards the host still answers when the
 * active adapter's cable is pulled. A fault at every request of the move leaves addresses, routes
 * and devices exactly as before ({@code ip -j addr}, {@code ip -j route}, {@code ip -d -j link}). A
 * confirm window that probes an address nobody has rolls back by itself and the host answers on
 * {@code nic0} again; one that probes the gateway confirms itself. Removing the group gives {@code
 * nic0} its address and routes back, and a foreign address on the bridge outlives its host
 * interface.
 */
@Tag("lane")
class HostInterfaceLaneTest {
  private static final int ECHO_PORT = 7000;
  private static final int PEER_PORT = 7001;

  static Topology untagged() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0", "nic1")
        .untaggedNetwork("mgmt", "uplink")
        .hostInterface("mgmt", "192.0.2.10/24")
        .defaultGateway("192.0.2.1")
        .build();
  }

  private static SwitchedHost managedThroughNic0() {
    SwitchedHost bench = SwitchedHost.create(2, false);
    try {
      bench.switchUntagged("192.0.2.1/24").wire();
      bench.host().ipOk("link", "set", "nic0", "up");
      bench.host().ipOk("addr", "add", "192.0.2.10/24", "dev", "nic0");
      bench.host().ipOk("route", "add", "default", "via", "192.0.2.1", "dev", "nic0");
      return bench;
    } catch (RuntimeException | Error e) {
      bench.close();
      throw e;
    }
  }

  @Test
  void theMoveKeepsTheHostAnsweringAndFailoverKeepsItAnswering(@TempDir Path journal)
      throws Exception {
    try (SwitchedHost bench = managedThroughNic0();
        Echo echo = new Echo(bench.host(), bench.switchSide())) {
      echo.awaitAnswerAfter(System.nanoTime(), "before the apply");
      TimedDriver timed = new TimedDriver(bench.driver());
      HostNetwork network = HostNetwork.builder().driver(timed).journal(journal).build();
      long start = System.nanoTime();
      network.apply(untagged());
      long end = System.nanoTime();
      echo.awaitAnswerAfter(end, "after the apply");
      long now = System.nanoTime();
      long gap = echo.longestGapMillis(start - TimeUnit.MILLISECONDS.toNanos(200), now);
      long[] where = echo.longestGap(start - TimeUnit.MILLISECONDS.toNanos(200), now);
      System.out.println(
          "HostInterfaceLaneTest: the longest gap, +"
              + TimeUnit.NANOSECONDS.toMillis(where[0] - start)
              + ".."
              + TimeUnit.NANOSECONDS.toMillis(where[1] - start)
              + " ms, fell during:"
              + timed.during(start, where[0], where[1]));
      System.out.println(
          "HostInterfaceLaneTest: the move took "
              + TimeUnit.NANOSECONDS.toMillis(end - start)
              + " ms; longest gap between echo answers: "
              + gap
              + " ms; echoes lost during the move: "
              + echo.lostBetween(start - TimeUnit.MILLISECONDS.toNanos(200), end));
      // Measured in the lane with the primary joining first: 190 ms, before the move began; one
      // echo lost. With the standby first it was 189 ms and 1 067 ms (an ARP request sent into the
      // bridge before the bond's first link check gave it carrier, retried after the kernel's 1 s).
      assertTrue(gap < 1000, "longest gap between echo answers " + gap + " ms");

      assertEquals(untagged(), network.observe());
      assertTrue(
          addresses(bench.host()).contains("gv-uplink 192.0.2.10/24"),
          addresses(bench.host()).toString());
      assertTrue(
          routes(bench.host()).contains("default via 192.0.2.1 dev gv-uplink"),
          routes(bench.host()).toString());

      // Pull the active adapter's cable: the bond fails over, the host answers through nic1.
      bench.switchSide().ipOk("link", "set", "swp0", "down");
      echo.awaitAnswerAfter(System.nanoTime(), "after nic0's cable was pulled");
    }
  }

  @Test
  void aHostInterfaceOnVlan100AnswersAndSurvivesFailover(@TempDir Path journal) throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, true)) {
      bench.switchVlan(100, "192.0.2.1/24").wire();
      Topology onVlan =
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .vlanNetwork("mgmt", "uplink", 100)
              .hostInterface("mgmt", "192.0.2.10/24")
              .defaultGateway("192.0.2.1")
              .build();
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      network.apply(onVlan);
      assertEquals(onVlan, network.observe());
      try (Echo echo = new Echo(bench.host(), bench.switchSide())) {
        echo.awaitAnswerAfter(System.nanoTime(), "on VLAN 100");
        bench.switchSide().ipOk("link", "set", "swp0", "down");
        echo.awaitAnswerAfter(System.nanoTime(), "on VLAN 100 after nic0's cable was pulled");
      }
    }
  }

  @Test
  void aFaultAtEveryRequestOfTheMoveLeavesAddressesRoutesAndDevicesAsBefore(@TempDir Path journal) {
    try (SwitchedHost bench = managedThroughNic0()) {
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      int size = plain.plan(untagged()).size();
      System.out.println("HostInterfaceLaneTest: the move has " + size + " changes");
      LinkSnapshot links = LinkSnapshot.of(bench.host());
      List<String> addresses = addresses(bench.host());
      List<String> routes = routes(bench.host());
      for (int k = 1; k <= size; k++) {
        FaultyDriver faulty = FaultyDriver.failingAt(bench.driver(), k);
        HostNetwork network = HostNetwork.builder().driver(faulty).journal(journal).build();
        ApplyException e =
            assertThrows(ApplyException.class, () -> network.apply(untagged()), "fault at " + k);
        assertTrue(e.rolledBack(), "fault at change " + k + ": " + e.getMessage());
        LinkSnapshot after = LinkSnapshot.of(bench.host());
        assertEquals(links, after, "fault at change " + k + ": " + links.differencesFrom(after));
        assertEquals(addresses, addresses(bench.host()), "fault at change " + k);
        assertEquals(routes, routes(bench.host()), "fault at change " + k);
      }
      plain.apply(untagged());
      assertEquals(untagged(), plain.observe(), "without a fault the same plan goes through");
    }
  }

  @Test
  void anApplyConfirmsItselfWhenTheGatewayAnswersAndRollsBackWhenNothingAnswers(
      @TempDir Path journal) throws Exception {
    try (SwitchedHost bench = managedThroughNic0();
        Echo echo = new Echo(bench.host(), bench.switchSide())) {
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      LinkSnapshot links = LinkSnapshot.of(bench.host());
      List<String> addresses = addresses(bench.host());
      List<String> routes = routes(bench.host());

      // Nobody has 192.0.2.254: the probe never gets an answer, the window closes, rollback.
      PendingApply silent =
          network.apply(
              untagged(), ApplyOptions.confirmWhenAnswers("192.0.2.254", Duration.ofSeconds(5)));
      assertEquals(PendingApply.Outcome.ROLLED_BACK, silent.outcome().get(2, TimeUnit.MINUTES));
      LinkSnapshot after = LinkSnapshot.of(bench.host());
      assertEquals(links, after, links.differencesFrom(after));
      assertEquals(addresses, addresses(bench.host()));
      assertEquals(routes, routes(bench.host()));
      echo.awaitAnswerAfter(System.nanoTime(), "on nic0 after the rollback");

      // The switch holds the gateway: it answers, the apply confirms itself.
      PendingApply answered =
          network.apply(
              untagged(), ApplyOptions.confirmWhenAnswers("192.0.2.1", Duration.ofMinutes(2)));
      assertEquals(PendingApply.Outcome.CONFIRMED, answered.outcome().get(2, TimeUnit.MINUTES));
      assertEquals(untagged(), network.observe());
      echo.awaitAnswerAfter(System.nanoTime(), "through the group after the confirmation");
    }
  }

  @Test
  void aJvmKilledMidMoveIsRecoveredToAddressesRoutesAndDevicesAsBefore(@TempDir Path dir)
      throws Exception {
    try (SwitchedHost bench = managedThroughNic0()) {
      Path journal = dir.resolve("journal");
      java.nio.file.Files.createDirectories(journal);
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      int size = plain.plan(untagged()).size();
      LinkSnapshot links = LinkSnapshot.of(bench.host());
      List<String> addresses = addresses(bench.host());
      List<String> routes = routes(bench.host());
      // The first change, the one that takes the adapter down, and the last (each child JVM costs
      // tens of seconds under emulation, so not every one).
      for (int k : new TreeSet<>(List.of(1, size - 3, size))) {
        Path log = dir.resolve("child-" + k + ".log");
        int status =
            CrashRecoveryLaneTest.runChild(bench.host().name(), journal, k, "host-interface", log);
        assertEquals(
            io.gallium.net.linux.lane.HaltingApply.HALTED,
            status,
            "the child JVM halted at change " + k + "; " + java.nio.file.Files.readString(log));
        HostNetwork fresh = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
        assertTrue(fresh.recover(), "a journal was left by the JVM that died at change " + k);
        LinkSnapshot after = LinkSnapshot.of(bench.host());
        assertEquals(links, after, "halt at change " + k + ": " + links.differencesFrom(after));
        assertEquals(addresses, addresses(bench.host()), "halt at change " + k);
        assertEquals(routes, routes(bench.host()), "halt at change " + k);
      }
    }
  }

  @Test
  void removingTheGroupGivesNic0ItsAddressAndRoutesBackAndAForeignAddressStays(
      @TempDir Path journal) throws Exception {
    try (SwitchedHost bench = managedThroughNic0();
        Echo echo = new Echo(bench.host(), bench.switchSide())) {
      List<String> addresses = addresses(bench.host());
      List<String> routes = routes(bench.host());
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      network.apply(untagged());
      echo.awaitAnswerAfter(System.nanoTime(), "after the move");

      long start = System.nanoTime();
      network.apply(Topology.empty());
      long end = System.nanoTime();
      echo.awaitAnswerAfter(end, "after the group was removed");
      long gap =
          echo.longestGapMillis(start - TimeUnit.MILLISECONDS.toNanos(200), System.nanoTime());
      System.out.println(
          "HostInterfaceLaneTest: removing the group took "
              + TimeUnit.NANOSECONDS.toMillis(end - start)
              + " ms; longest gap between echo answers: "
              + gap
              + " ms; echoes lost: "
              + echo.lost());
      assertEquals(addresses, addresses(bench.host()), "nic0 carries the host again");
      assertEquals(routes, routes(bench.host()), "with its routes, as before the move");
      // Measured in the lane: 156 ms, 7 echoes lost, the removal taking 1.3 s under emulation
      // (319 ms, 16 lost, while the bridge kept its addresses until it was deleted).
      assertTrue(gap < 1000, "longest gap between echo answers " + gap + " ms");

      // A DHCP client's address on the bridge stays when the host interface goes.
      network.apply(untagged());
      bench.host().ipOk("addr", "add", "198.51.100.7/24", "dev", "gv-uplink");
      network.apply(
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .untaggedNetwork("mgmt", "uplink")
              .build());
      List<String> left =
          addresses(bench.host()).stream().filter(a -> a.startsWith("gv-uplink ")).toList();
      assertEquals(List.of("gv-uplink 198.51.100.7/24"), left);
      assertTrue(
          routes(bench.host()).stream().noneMatch(r -> r.contains("via 192.0.2.1")),
          routes(bench.host()).toString());
    }
  }

  /** {@code ip -j addr}: "device address/prefix" for each address, sorted. */
  @SuppressWarnings("unchecked")
  static List<String> addresses(TestNamespace ns) {
    TreeSet<String> out = new TreeSet<>();
    for (Object link : (List<Object>) Json.parse(ns.ipOk("-j", "addr", "show"))) {
      Map<String, Object> l = (Map<String, Object>) link;
      for (Object a : (List<Object>) l.getOrDefault("addr_info", List.of())) {
        Map<String, Object> info = (Map<String, Object>) a;
        out.add(l.get("ifname") + " " + info.get("local") + "/" + info.get("prefixlen"));
      }
    }
    return new ArrayList<>(out);
  }

  /** {@code ip -j route}: "dst [via gw] dev d [proto p] [metric m]" for each route, sorted. */
  static List<String> routes(TestNamespace ns) {
    return routes(ns, "-4");
  }

  /**
   * {@code ip -j FAMILY route} ({@code -4} or {@code -6}): "dst [via gw] dev d [proto p] [metric
   * m]" for each route, sorted; a multipath route also names its hops.
   */
  @SuppressWarnings("unchecked")
  static List<String> routes(TestNamespace ns, String family) {
    TreeSet<String> out = new TreeSet<>();
    for (Object route : (List<Object>) Json.parse(ns.ipOk("-j", family, "route", "show"))) {
      Map<String, Object> r = (Map<String, Object>) route;
      StringBuilder sb = new StringBuilder(String.valueOf(r.get("dst")));
      if (r.containsKey("gateway")) {
        sb.append(" via ").append(r.get("gateway"));
      }
      sb.append(" dev ").append(r.get("dev"));
      if (r.containsKey("protocol")) {
        sb.append(" proto ").append(r.get("protocol"));
      }
      if (r.containsKey("metric")) {
        sb.append(" metric ").append(r.get("metric"));
      }
      if (r.containsKey("flags") && ((List<Object>) r.get("flags")).contains("linkdown")) {
        sb.append(" linkdown");
      }
      if (r.containsKey("nexthops")) {
        sb.append(" nexthops ").append(r.get("nexthops"));
      }
      out.add(sb.toString());
    }
    return new ArrayList<>(out);
  }

  /**
   * A UDP echo service on the host and a peer on the switch that sends it a datagram every 10 ms
   * and notes when each answer comes.
   */
  static final class Echo implements AutoCloseable {
    private final UdpInNamespace service;
    private final UdpInNamespace peer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Long> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long sent;
    private final java.util.concurrent.ConcurrentHashMap<Long, Long> sentAt =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<Long> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Echo(TestNamespace host, TestNamespace switchSide) {
      this(host, switchSide, "192.0.2.10", "192.0.2.1", ECHO_PORT, PEER_PORT);
    }

    /** An echo to {@code hostAddress:echoPort} from {@code peerAddress:peerPort} on the switch. */
    Echo(
        TestNamespace host,
        TestNamespace switchSide,
        String hostAddress,
        String peerAddress,
        int echoPort,
        int peerPort) {
      service = UdpInNamespace.bind(host, null, echoPort);
      peer = UdpInNamespace.bind(switchSide, peerAddress, peerPort);
      threads.add(
          daemon(
              () -> {
                while (running.get()) {
                  String got = service.receive(100);
                  if (got != null) {
                    try {
                      service.send(peerAddress, peerPort, got);
                    } catch (RuntimeException e) {
                      // no route back for a moment: that answer is lost
                    }
                  }
                }
              }));
      threads.add(
          daemon(
              () -> {
                while (running.get()) {
                  String got = peer.receive(100);
                  if (got != null) {
                    answers.add(System.nanoTime());
                    if (got.startsWith("echo ")) {
                      answered.add(Long.parseLong(got.substring(5)));
                    }
                  }
                }
              }));
      threads.add(
          daemon(
              () -> {
                while (running.get()) {
                  try {
                    long n = sent++;
                    sentAt.put(n, System.nanoTime());
                    peer.send(hostAddress, echoPort, "echo " + n);
                  } catch (RuntimeException e) {
                    // no route for a moment: that echo is lost, the next one tries again
                  }
                  try {
                    Thread.sleep(10); // the pace of the echoes, not a synchronisation
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }));
    }

    private static Thread daemon(Runnable work) {
      Thread t = new Thread(work, "echo");
      t.setDaemon(true);
      t.start();
      return t;
    }

    /** Waits (up to 30 s) for an answer that came after {@code nanos}. */
    void awaitAnswerAfter(long nanos, String when) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        if (answers.stream().anyMatch(t -> t > nanos)) {
          return;
        }
        Thread.sleep(20); // polling the answers the peer thread records
      }
      throw new AssertionError("the host did not answer the echo " + when);
    }

    /** The longest time without an answer between {@code from} and {@code to}, in ms. */
    long longestGapMillis(long from, long to) {
      long previous = from;
      long longest = 0;
      for (long t : answers) {
        if (t < from || t > to) {
          continue;
        }
        longest = Math.max(longest, t - previous);
        previous = t;
      }
      longest = Math.max(longest, to - previous);
      return TimeUnit.NANOSECONDS.toMillis(longest);
    }

    /**
     * Where the longest time without an answer between {@code from} and {@code to} began and ended
     * (nanoTime).
     */
    long[] longestGap(long from, long to) {
      long previous = from;
      long[] gap = {from, from};
      for (long t : answers) {
        if (t < from || t > to) {
          continue;
        }
        if (t - previous > gap[1] - gap[0]) {
          gap = new long[] {previous, t};
        }
        previous = t;
      }
      if (to - previous > gap[1] - gap[0]) {
        gap = new long[] {previous, to};
      }
      return gap;
    }

    long lost() {
      return sent - answers.size();
    }

    /** The echoes sent between {@code from} and {@code to} (nanoTime) that never got an answer. */
    long lostBetween(long from, long to) {
      return sentAt.entrySet().stream()
          .filter(e -> e.getValue() >= from && e.getValue() <= to)
          .filter(e -> !answered.contains(e.getKey()))
          .count();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(1000);
      }
      service.close();
      peer.close();
    }
  }
}
