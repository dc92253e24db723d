package io.gallium.net.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.TestNamespace;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link LinuxHost#resolveNeighboursAgain} on this machine's kernel: a host interface (a bridge
 * with the host's addresses) sends to a peer of each family while it has no carrier, so the
 * kernel's solicitations are dropped and both neighbours stay INCOMPLETE; then a port with carrier
 * joins the bridge. The kernel here would solicit again only after the bridge's retransmission
 * time, set to 60 s so that nothing but the driver's request can resolve them within the test;
 * after it, both become REACHABLE, and the datagrams that waited on them reach the peer.
 */
class NeighbourResolutionKernelTest {
  private static final String BRIDGE = "gv-mgmt";

  @Test
  void neighboursSolicitedBeforeTheBridgeHadCarrierAreResolvedAtOnce() throws Exception {
    try (TestNamespace host = TestNamespace.create();
        TestNamespace peer = TestNamespace.create();
        LinuxHost driver = LinuxHost.inNamespace(host.name());
        UdpInNamespace receiver = UdpInNamespace.bind(peer, null, 7021)) {
      host.assertIsolated(driver.namespaceInode());
      host.ipBatch(
          List.of(
              // A MAC of its own, as gallium-net's bridges have: one taken from its port would
              // change as the port joins, and the kernel flushes the neighbours of a device whose
              // MAC changes.
              "link add " + BRIDGE + " address 02:00:00:00:00:0a type bridge",
              "link set " + BRIDGE + " up",
              "addr add 192.0.2.10/24 dev " + BRIDGE,
              "addr add 2001:db8::10/64 dev " + BRIDGE + " nodad",
              "ntable change name arp_cache dev " + BRIDGE + " retrans 60000",
              "ntable change name ndisc_cache dev " + BRIDGE + " retrans 60000",
              "link add nic0 type veth peer name swp0 netns " + peer.name()));
      peer.ipBatch(
          List.of(
              "link set swp0 up",
              "addr add 192.0.2.1/24 dev swp0",
              "addr add 2001:db8::1/64 dev swp0 nodad"));
      try (UdpInNamespace udp = UdpInNamespace.bind(host, null, 7020)) {
        udp.send("192.0.2.1", 7021, "IPv4, sent before the bridge had carrier");
        udp.send("2001:db8::1", 7021, "IPv6, sent before the bridge had carrier");
      }
      Map<String, String> incomplete =
          Map.of("192.0.2.1", "INCOMPLETE", "2001:db8::1", "INCOMPLETE");
      assertEquals(incomplete, neighbours(host), "before the bridge had carrier");
      host.ipBatch(List.of("link set nic0 master " + BRIDGE, "link set nic0 up"));

      driver.resolveNeighboursAgain(Set.of(BRIDGE));

      Map<String, String> reachable = Map.of("192.0.2.1", "REACHABLE", "2001:db8::1", "REACHABLE");
      long deadline = System.nanoTime() + 20_000_000_000L; // a third of the retransmission time
      Map<String, String> now;
      while (!(now = neighbours(host)).equals(reachable) && System.nanoTime() < deadline) {
        Thread.sleep(20); // polling the kernel's table, a step of the deadline
      }
      assertEquals(reachable, now, "after the driver's request");
      // The datagrams that waited on the entries went out once the peer answered: none was lost.
      Set<String> got = new TreeSet<>();
      String one;
      while (got.size() < 2 && (one = receiver.receive(5000)) != null) {
        got.add(one);
      }
      assertEquals(
          Set.of(
              "IPv4, sent before the bridge had carrier",
              "IPv6, sent before the bridge had carrier"),
          got);
    }
  }

  /** {@code ip -j neigh show dev BRIDGE}: each neighbour's state. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> neighbours(TestNamespace ns) {
    Map<String, String> out = new TreeMap<>();
    for (Map<String, Object> n : Json.parseArray(ns.ipOk("-j", "neigh", "show", "dev", BRIDGE))) {
      out.put(
          (String) n.get("dst"),
          String.join(",", (List<String>) n.getOrDefault("state", List.of())));
    }
    return out;
  }
}
