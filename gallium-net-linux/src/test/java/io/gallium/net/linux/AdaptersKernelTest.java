package io.gallium.net.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.Counters;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.PhysicalAdapter;
import io.gallium.net.core.spi.AdapterFacts;
import io.gallium.net.core.spi.Device;
import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.TestNamespace;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The adapter facts and traffic counters of {@link LinuxHost} on this machine's kernel, in scratch
 * namespaces with veth adapters, against {@code ip -d -j link} and {@code ip -s -j link}. A
 * namespace has no NICs on a bus, so only the devices named as adapters are described, and {@link
 * HostNetwork#adapters()} lists none (a group, which would list its veths, needs bonding: the
 * in-memory tests cover that join).
 */
class AdaptersKernelTest {

  @Test
  void namedVethsAreDescribedAsIpSeesThemAndNothingElseIsAnAdapter() {
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      ns.ipBatch(
          List.of(
              "link add nic0 type veth peer name sw0",
              "link add nic1 type veth peer name sw1",
              "link set nic1 mtu 9000",
              "link set sw1 mtu 9000",
              "link set nic0 up",
              "link set sw0 up",
              "link add br-x type bridge"));

      List<AdapterFacts> facts = host.adapterFacts(Set.of("nic0", "nic1", "missing"));

      assertEquals(
          Set.of("nic0", "nic1"),
          facts.stream().map(AdapterFacts::name).collect(java.util.stream.Collectors.toSet()),
          "the named devices the host has");
      assertEquals(
          List.of("lo"),
          host.adapterFacts(Set.of("lo", "sw0", "br-x")).stream()
              .filter(f -> !f.physical() && f.name().equals("lo"))
              .map(AdapterFacts::name)
              .toList(),
          "lo is no NIC");
      assertTrue(
          host.adapterFacts(Set.of("lo", "sw0", "br-x")).stream().noneMatch(AdapterFacts::physical),
          "neither lo, nor a veth, nor a bridge is on a bus");
      for (Map<String, Object> link : IpOracle.links(ns)) {
        String name = (String) link.get("ifname");
        Optional<AdapterFacts> f = facts.stream().filter(x -> x.name().equals(name)).findFirst();
        if (f.isEmpty()) {
          continue;
        }
        assertFalse(f.get().physical(), name + " is a veth, on no bus");
        Device observed = host.observe(Set.of(name)).device(name).orElseThrow();
        assertEquals(number(link, "max_mtu"), observed.maxMtu(), name);
        assertEquals(Optional.empty(), observed.permanentMac(), name + ": a veth has none");
        assertEquals(Optional.of("veth"), f.get().driver(), name);
        assertEquals(Optional.empty(), f.get().busAddress(), name);
      }
      AdapterFacts nic0 = facts.stream().filter(x -> x.name().equals("nic0")).findFirst().get();
      // veth reports a fixed 10 Gbit/s full duplex through ETHTOOL_GLINKSETTINGS
      assertEquals(OptionalInt.of(10000), nic0.speedMbps());
      assertEquals(Optional.of(PhysicalAdapter.Duplex.FULL), nic0.duplex());

      assertEquals(List.of(), HostNetwork.of(host).adapters(), "no NIC on a bus, no group");
    }
  }

  @Test
  void countersRiseWithFramesSentAsIpCountsThem() {
    try (TestNamespace a = TestNamespace.create();
        TestNamespace b = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(a.name())) {
      a.assertIsolated(host.namespaceInode());
      a.ipBatch(
          List.of(
              "link add nic0 type veth peer name sw0 netns " + b.name(),
              "addr add 192.0.2.1/24 dev nic0",
              "link set nic0 up"));
      b.ipBatch(List.of("addr add 192.0.2.2/24 dev sw0", "link set sw0 up"));
      HostNetwork net = HostNetwork.of(host);
      Counters before = net.counters().get("nic0");

      try (UdpInNamespace receiver = UdpInNamespace.bind(b, "192.0.2.2", 4790);
          UdpInNamespace sender = UdpInNamespace.bind(a, "192.0.2.1", 4791)) {
        for (int i = 0; i < 5; i++) {
          sender.send("192.0.2.2", 4790, "frame " + i);
          receiver.await("frame " + i, 5000);
        }
      }
      Map<String, Object> oracleBefore = stats(a, "nic0");
      Counters after = net.counters().get("nic0");
      Map<String, Object> oracleAfter = stats(a, "nic0");

      Counters sent = after.since(before);
      assertTrue(sent.packetsOut() >= 5, "5 datagrams went out (and ARP): " + sent);
      assertTrue(sent.bytesOut() >= 5 * 42, "each at least 42 bytes on the wire: " + sent);
      assertTrue(sent.packetsIn() >= 1, "the ARP reply came in: " + sent);
      assertBetween(oracleBefore, after, oracleAfter, "tx", "packets", after.packetsOut());
      assertBetween(oracleBefore, after, oracleAfter, "tx", "bytes", after.bytesOut());
      assertBetween(oracleBefore, after, oracleAfter, "rx", "packets", after.packetsIn());
      assertBetween(oracleBefore, after, oracleAfter, "rx", "bytes", after.bytesIn());
      assertEquals(number2(oracleAfter, "tx", "errors"), after.errorsOut());
      assertEquals(number2(oracleAfter, "rx", "errors"), after.errorsIn());
      assertTrue(net.counters().containsKey("lo"), "every device of the host has counters");
      Map<String, Counters> named = net.counters(Set.of("nic0", "lo", "missing"));
      assertEquals(Set.of("nic0", "lo"), named.keySet(), "the named devices the host has");
      assertTrue(
          named.get("nic0").packetsOut() >= after.packetsOut(),
          "read later, never less: " + named.get("nic0") + " after " + after);
      Map<String, Object> oracleLast = stats(a, "nic0");
      assertTrue(
          named.get("nic0").packetsOut() <= number2(oracleLast, "tx", "packets"),
          "not more than ip counts after it");
    }
  }

  /** {@code ip -s -j link show dev NAME}: its stats64. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> stats(TestNamespace ns, String device) {
    Map<String, Object> link =
        Json.parseArray(ns.ipOk("-s", "-j", "link", "show", "dev", device)).get(0);
    return (Map<String, Object>) link.get("stats64");
  }

  private static void assertBetween(
      Map<String, Object> low,
      Counters ours,
      Map<String, Object> high,
      String direction,
      String what,
      long value) {
    long lo = number2(low, direction, what);
    long hi = number2(high, direction, what);
    assertTrue(
        lo <= value && value <= hi,
        direction
            + " "
            + what
            + ": ours "
            + value
            + " not between ip's "
            + lo
            + " and "
            + hi
            + " ("
            + ours
            + ")");
  }

  @SuppressWarnings("unchecked")
  private static long number2(Map<String, Object> stats, String direction, String what) {
    return ((Number) ((Map<String, Object>) stats.get(direction)).get(what)).longValue();
  }

  private static int number(Map<String, Object> link, String key) {
    return ((Number) link.get(key)).intValue();
  }
}
