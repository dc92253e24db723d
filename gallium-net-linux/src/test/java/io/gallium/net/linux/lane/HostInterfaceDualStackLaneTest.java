package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.Change;
import io.gallium.net.linux.lane.HostInterfaceLaneTest.Echo;
import io.gallium.net.linux.testing.FaultyDriver;
import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.LinkSnapshot;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import io.gallium.net.linux.testing.TimedDriver;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's own example on a real kernel with IPv6 on: the host starts with {@code 192.0.2.10/24}
 * and {@code 2001:db8::10/64} on {@code nic0} and a default route of each family through it;
 * applying {@link #dualStack()} moves both onto the group's bridge while a peer on the switch sends
 * a UDP echo every 10 ms to each address. Both keep answering, through the move (even when the host
 * sent through the bridge before it had carrier) and after the active adapter's cable is pulled;
 * the kernel's own link-local addresses and routes are neither moved nor reported; a fault at every
 * request and a JVM killed mid-move leave {@code ip -j -6 addr} (flags included), {@code ip -j -6
 * route}, their IPv4 twins and {@code ip -d -j link} as before. Also: the move onto a group of one
 * adapter, with its longest gap.
 */
@Tag("lane")
class HostInterfaceDualStackLaneTest {
  static Topology dualStack() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0", "nic1")
        .untaggedNetwork("mgmt", "uplink")
        .hostInterface("mgmt", "192.0.2.10/24", "2001:db8::10/64")
        .defaultGateway("192.0.2.1")
        .defaultGateway("2001:db8::1")
        .build();
  }

  private static SwitchedHost dualStackThroughNic0() {
    SwitchedHost bench = SwitchedHost.create(2, false, true);
    try {
      // nodad on the switch only: the gateway is there at once; the host's address goes through
      // DAD as a booted server's does (the echo waits for it).
      bench.switchUntagged("192.0.2.1/24").switchUntagged("2001:db8::1/64 nodad").wire();
      bench
          .host()
          .ipBatch(
              List.of(
                  "link set nic0 up",
                  "addr add 192.0.2.10/24 dev nic0",
                  "addr add 2001:db8::10/64 dev nic0",
                  "route add default via 192.0.2.1 dev nic0",
                  "route add default via 2001:db8::1 dev nic0"));
      awaitDadDone(bench.host());
      return bench;
    } catch (RuntimeException | Error e) {
      bench.close();
      throw e;
    }
  }

  @Test
  void bothFamiliesMoveOntoTheBridgeAndBothKeepAnswering(@TempDir Path journal) throws Exception {
    try (SwitchedHost bench = dualStackThroughNic0();
        Echo v4 = new Echo(bench.host(), bench.switchSide());
        Echo v6 =
            new Echo(bench.host(), bench.switchSide(), "2001:db8::10", "2001:db8::1", 7010, 7011)) {
      v4.awaitAnswerAfter(System.nanoTime(), "over IPv4 before the apply");
      v6.awaitAnswerAfter(System.nanoTime(), "over IPv6 before the apply (after DAD)");
      TimedDriver timed = new TimedDriver(bench.driver());
      // The move's worst case, made certain: right before nic0 joins the bond the host sends to
      // each peer through the bridge, which has no carrier yet, so the kernel's first
      // solicitation of each is dropped, as it is whenever the host's own traffic (an answer, a
      // keepalive) falls into that moment. Unless the apply has the kernel solicit them again as
      // soon as the bridge sends, the host's answers wait a second for the next one.
      List<Change> plan =
          HostNetwork.builder().driver(bench.driver()).build().plan(dualStack()).changes();
      int join = plan.indexOf(new Change.SetMaster("nic0", "gb-uplink")) + 1;
      List<String> beforeJoin = new ArrayList<>();
      FaultyDriver sendingBeforeJoin =
          FaultyDriver.interferingAt(
              timed,
              join,
              () -> {
                try (UdpInNamespace udp = UdpInNamespace.bind(bench.host(), null, 7020)) {
                  udp.send("192.0.2.1", 9, "through a bridge without carrier");
                  udp.send("2001:db8::1", 9, "through a bridge without carrier");
                }
                beforeJoin.addAll(neighbours(bench.host(), "gv-uplink"));
              });
      HostNetwork network =
          HostNetwork.builder().driver(sendingBeforeJoin).journal(journal).build();
      long start = System.nanoTime();
      network.apply(dualStack());
      long end = System.nanoTime();
      assertTrue(sendingBeforeJoin.fired(), "nic0 joined in change " + join + " of " + plan);
      assertTrue(
          beforeJoin.containsAll(List.of("192.0.2.1 INCOMPLETE", "2001:db8::1 INCOMPLETE")),
          "the host's neighbours on gv-uplink right before nic0 joined: " + beforeJoin);
      v4.awaitAnswerAfter(end, "over IPv4 after the apply");
      v6.awaitAnswerAfter(end, "over IPv6 after the apply");
      long from = start - TimeUnit.MILLISECONDS.toNanos(200);
      long now = System.nanoTime();
      report("IPv4", v4, timed, start, end, from, now);
      report("IPv6", v6, timed, start, end, from, now);
      assertTrue(v4.longestGapMillis(from, now) < 1000, "IPv4 gap");
      assertTrue(v6.longestGapMillis(from, now) < 1000, "IPv6 gap");

      assertEquals(dualStack(), network.observe());
      List<String> addresses6 = addresses(bench.host(), "-6");
      assertTrue(addresses6.contains("gv-uplink 2001:db8::10/64 []"), addresses6.toString());
      assertTrue(addresses6.stream().noneMatch(a -> a.startsWith("nic0 ")), addresses6.toString());
      // The kernel's own link-local address on the bridge: there, and not ours to report.
      assertTrue(
          addresses(bench.host(), "-6", "scope", "link").stream()
              .anyMatch(a -> a.startsWith("gv-uplink fe80:")),
          addresses6.toString());
      List<String> routes6 = HostInterfaceLaneTest.routes(bench.host(), "-6");
      assertTrue(
          routes6.contains("default via 2001:db8::1 dev gv-uplink metric 1024"),
          routes6.toString());
      assertTrue(routes6.stream().noneMatch(r -> r.contains("dev nic0")), routes6.toString());
      assertTrue(routes6.stream().noneMatch(r -> r.contains("nexthops")), routes6.toString());

      bench.switchSide().ipOk("link", "set", "swp0", "down");
      v4.awaitAnswerAfter(System.nanoTime(), "over IPv4 after nic0's cable was pulled");
      v6.awaitAnswerAfter(System.nanoTime(), "over IPv6 after nic0's cable was pulled");
    }
  }

  @Test
  void aFaultAtEveryRequestLeavesBothFamiliesAsBefore(@TempDir Path journal) throws Exception {
    try (SwitchedHost bench = dualStackThroughNic0();
        Echo v6 =
            new Echo(bench.host(), bench.switchSide(), "2001:db8::10", "2001:db8::1", 7010, 7011)) {
      v6.awaitAnswerAfter(System.nanoTime(), "over IPv6 before the apply (after DAD)");
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      int size = plain.plan(dualStack()).size();
      LinkSnapshot links = LinkSnapshot.of(bench.host());
      List<String> before = everything(bench.host());
      for (int k = 1; k <= size; k++) {
        FaultyDriver faulty = FaultyDriver.failingAt(bench.driver(), k);
        HostNetwork network = HostNetwork.builder().driver(faulty).journal(journal).build();
        ApplyException e =
            assertThrows(ApplyException.class, () -> network.apply(dualStack()), "fault at " + k);
        assertTrue(e.rolledBack(), "fault at change " + k + ": " + e.getMessage());
        LinkSnapshot after = LinkSnapshot.of(bench.host());
        assertEquals(links, after, "fault at change " + k + ": " + links.differencesFrom(after));
        assertEquals(before, everything(bench.host()), "fault at change " + k);
      }
      v6.awaitAnswerAfter(System.nanoTime(), "over IPv6 on nic0 after the rollbacks");
    }
  }

  @Test
  void aJvmKilledRightAfterTheIpv6RouteLeftTheAdapterIsRecovered(@TempDir Path dir)
      throws Exception {
    try (SwitchedHost bench = dualStackThroughNic0()) {
      Path journal = dir.resolve("journal");
      Files.createDirectories(journal);
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      List<Change> changes = plain.plan(dualStack()).changes();
      // Halt before the stage after the one that takes the IPv6 default route off nic0.
      int k = 1;
      while (!(changes.get(k - 1) instanceof Change.RemoveRoute)) {
        k++;
      }
      k++;
      LinkSnapshot links = LinkSnapshot.of(bench.host());
      List<String> before = everything(bench.host());
      Path log = dir.resolve("child.log");
      int status =
          CrashRecoveryLaneTest.runChild(
              bench.host().name(), journal, k, "host-interface-dual-stack", log);
      assertEquals(HaltingApply.HALTED, status, Files.readString(log));
      HostNetwork fresh = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      assertTrue(fresh.recover(), "a journal was left");
      LinkSnapshot after = LinkSnapshot.of(bench.host());
      assertEquals(links, after, links.differencesFrom(after));
      assertEquals(before, everything(bench.host()));
    }
  }

  @Test
  void theMoveOntoAGroupOfOneAdapterKeepsTheHostAnswering(@TempDir Path journal) throws Exception {
    Topology one =
        Topology.builder()
            .adapterGroup("uplink", "nic0")
            .untaggedNetwork("mgmt", "uplink")
            .hostInterface("mgmt", "192.0.2.10/24")
            .defaultGateway("192.0.2.1")
            .build();
    try (SwitchedHost bench = SwitchedHost.create(1, false);
        Echo echo = new Echo(bench.host(), bench.switchSide())) {
      bench.switchUntagged("192.0.2.1/24").wire();
      bench
          .host()
          .ipBatch(
              List.of(
                  "link set nic0 up",
                  "addr add 192.0.2.10/24 dev nic0",
                  "route add default via 192.0.2.1 dev nic0"));
      echo.awaitAnswerAfter(System.nanoTime(), "before the apply");
      TimedDriver timed = new TimedDriver(bench.driver());
      HostNetwork network = HostNetwork.builder().driver(timed).journal(journal).build();
      long start = System.nanoTime();
      network.apply(one);
      long end = System.nanoTime();
      echo.awaitAnswerAfter(end, "after the apply");
      long from = start - TimeUnit.MILLISECONDS.toNanos(200);
      long now = System.nanoTime();
      report("one adapter, IPv4", echo, timed, start, end, from, now);
      assertEquals(one, network.observe());
      assertTrue(echo.longestGapMillis(from, now) < 1000, "one adapter: gap");
    }
  }

  private static void report(
      String what, Echo echo, TimedDriver timed, long start, long end, long from, long to) {
    long[] where = echo.longestGap(from, to);
    System.out.println(
        "HostInterfaceDualStackLaneTest ("
            + what
            + "): the move took "
            + TimeUnit.NANOSECONDS.toMillis(end - start)
            + " ms; longest gap between echo answers: "
            + TimeUnit.NANOSECONDS.toMillis(where[1] - where[0])
            + " ms (+"
            + TimeUnit.NANOSECONDS.toMillis(where[0] - start)
            + ".."
            + TimeUnit.NANOSECONDS.toMillis(where[1] - start)
            + "); echoes lost during the move: "
            + echo.lostBetween(from, end)
            + "; during:"
            + timed.during(start, where[0], where[1]));
  }

  /**
   * Polls {@code ip -j -6 addr} until no address of the host is tentative (DAD done), so that what
   * a test records as "before" is the booted server's settled state; fails after 30 s.
   */
  private static void awaitDadDone(TestNamespace ns) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    List<String> now;
    while ((now = addresses(ns, "-6")).stream().anyMatch(a -> a.contains("tentative"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("DAD did not finish in 30 s: " + now);
      }
    }
  }

  /** Addresses and routes of both families, IPv6 addresses with their flags. */
  private static List<String> everything(TestNamespace ns) {
    List<String> out = new ArrayList<>(addresses(ns, "-6"));
    out.addAll(addresses(ns, "-4"));
    out.addAll(HostInterfaceLaneTest.routes(ns, "-6"));
    out.addAll(HostInterfaceLaneTest.routes(ns, "-4"));
    return out;
  }

  /** {@code ip -j neigh show dev DEVICE}: "address STATE[,STATE]" for each entry, in its order. */
  @SuppressWarnings("unchecked")
  private static List<String> neighbours(TestNamespace ns, String device) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> n : Json.parseArray(ns.ipOk("-j", "neigh", "show", "dev", device))) {
      out.add(
          n.get("dst") + " " + String.join(",", (List<String>) n.getOrDefault("state", List.of())));
    }
    return out;
  }

  /**
   * {@code ip -j FAMILY addr show [SELECTOR]} (scope global unless a selector is given): "device
   * address/prefix [flags]" for each address, sorted; flags are what {@code ip} reports true
   * (tentative, dadfailed, nodad, noprefixroute, ...).
   */
  @SuppressWarnings("unchecked")
  static List<String> addresses(TestNamespace ns, String family, String... selector) {
    List<String> args = new ArrayList<>(List.of("-j", family, "addr", "show"));
    args.addAll(selector.length == 0 ? List.of("scope", "global") : List.of(selector));
    TreeSet<String> out = new TreeSet<>();
    for (Object link : (List<Object>) Json.parse(ns.ipOk(args.toArray(String[]::new)))) {
      Map<String, Object> l = (Map<String, Object>) link;
      for (Object a : (List<Object>) l.getOrDefault("addr_info", List.of())) {
        Map<String, Object> info = (Map<String, Object>) a;
        TreeSet<String> flags = new TreeSet<>();
        info.forEach(
            (key, value) -> {
              if (Boolean.TRUE.equals(value)) {
                flags.add(key);
              }
            });
        out.add(
            l.get("ifname") + " " + info.get("local") + "/" + info.get("prefixlen") + " " + flags);
      }
    }
    return new ArrayList<>(out);
  }
}
