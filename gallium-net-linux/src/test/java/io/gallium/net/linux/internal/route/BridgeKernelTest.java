package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A bridge with veth ports, built through our requests, as iproute2 sees it. */
class BridgeKernelTest {

  @Test
  void bridgeWithVethPortsIsWhatIproute2Sees() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      handle.executeAll(
          List.of(
              new CreateBridge("gb-br0", false, 9000),
              new CreateVethPair("gv-a", "gv-b"),
              new CreateVethPair("gv-c", "gv-d")));
      int bridge = handle.link("gb-br0").orElseThrow().index();
      assertEquals(9000, handle.link("gb-br0").orElseThrow().mtu(), "MTU given at creation");
      handle.executeAll(
          List.of(
              new SetMaster(LinkRef.named("gv-a"), bridge),
                  new SetMaster(LinkRef.named("gv-c"), bridge),
              new SetMtu(LinkRef.named("gv-a"), 9000), new SetUp(LinkRef.named("gb-br0"), true),
              new SetUp(LinkRef.named("gv-a"), true), new SetUp(LinkRef.named("gv-b"), true)));

      Map<String, LinkMessage> ours =
          handle.links().stream().collect(Collectors.toMap(LinkMessage::name, l -> l));
      LinkMessage br = ours.get("gb-br0");
      assertEquals(LinkKind.BRIDGE, br.kind());
      assertFalse(br.bridge().vlanFiltering());
      assertTrue(br.isUp());
      // The kernel lowers a bridge's MTU to its smallest port's (gv-c: 1500).
      assertEquals(1500, br.mtu());
      assertEquals(bridge, ours.get("gv-a").master());
      assertEquals(bridge, ours.get("gv-c").master());
      assertEquals(LinkKind.BRIDGE, ours.get("gv-a").slaveKind());
      assertEquals(0, ours.get("gv-b").master());
      // Both ends up: the veth has carrier; the other pair does not.
      assertTrue(ours.get("gv-a").isLowerUp());
      assertEquals(1, ours.get("gv-a").carrier());
      assertEquals(0, ours.get("gv-c").carrier());

      for (Map<String, Object> link : IpOracle.links(ns)) {
        LinkMessage mine = ours.get((String) link.get("ifname"));
        assertEquals(
            link.get("master"),
            mine.master() == 0 ? null : nameOf(ours, mine.master()),
            mine.name());
        assertEquals(((Number) link.get("mtu")).intValue(), mine.mtu(), mine.name());
        assertEquals(
            IpOracle.linkInfo(link).get("info_slave_kind"),
            mine.slaveKind() == null ? null : mine.slaveKind().kernelName(),
            mine.name());
      }

      // The AF_BRIDGE dump lists exactly the bridge's ports (without VLAN filtering, no VLANs).
      Set<String> ports =
          handle.bridgeVlans().stream().map(BridgePortVlans::name).collect(Collectors.toSet());
      assertTrue(ports.containsAll(Set.of("gv-a", "gv-c")), ports.toString());
      assertFalse(ports.contains("gv-b"));

      handle.executeAll(List.of(new SetMaster(LinkRef.named("gv-c"), 0)));
      assertEquals(0, handle.link("gv-c").orElseThrow().master());
    }
  }

  @Test
  void addressDumpMatchesIproute2() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      handle.executeAll(
          List.of(new CreateVethPair("gv-a", "gv-b"), new SetUp(LinkRef.named("gv-a"), true)));
      ns.ipOk("addr", "add", "192.0.2.7/24", "dev", "gv-a");
      ns.ipOk("addr", "add", "2001:db8::7/64", "dev", "gv-a", "nodad");
      Set<String> ours =
          handle.addresses().stream()
              .map(a -> a.index() + " " + a.address().getHostAddress() + "/" + a.prefixLength())
              .collect(Collectors.toSet());
      Set<String> theirs = new java.util.HashSet<>();
      for (Object entry : (List<?>) Json.parse(ns.ipOk("-j", "addr", "show"))) {
        Map<?, ?> link = (Map<?, ?>) entry;
        for (Object info : (List<?>) link.get("addr_info")) {
          Map<?, ?> address = (Map<?, ?>) info;
          theirs.add(
              link.get("ifindex")
                  + " "
                  + normalize((String) address.get("local"))
                  + "/"
                  + address.get("prefixlen"));
        }
      }
      assertEquals(theirs, ours);
      assertTrue(ours.stream().anyMatch(a -> a.contains("192.0.2.7/24")), ours.toString());
    }
  }

  /** ip prints IPv6 compressed, Java does not: compare both in Java's form. */
  private static String normalize(String address) {
    try {
      return java.net.InetAddress.getByName(address).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(address, e);
    }
  }

  private static String nameOf(Map<String, LinkMessage> links, int index) {
    return links.values().stream()
        .filter(l -> l.index() == index)
        .map(LinkMessage::name)
        .findFirst()
        .orElse(null);
  }
}
