package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.testing.Json;
import io.gallium.net.linux.testing.KernelFeatures;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * VLAN-aware bridges: ranges in one message, PVID/untagged, the compressed AF_BRIDGE dump, against
 * {@code bridge -c -j vlan show}. Needs CONFIG_BRIDGE_VLAN_FILTERING (the VM lane).
 */
@Tag("lane")
class VlanKernelTest {

  @Test
  void vlanRangesOnBridgePortsAreWhatBridgeSees() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      KernelFeatures.assumeVlanFiltering(handle);
      handle.executeAll(
          List.of(
              new CreateBridge("gb-br0", true, 0),
              new CreateVethPair("gv-a", "gv-pa"),
              new CreateVethPair("gv-c", "gv-pc")));
      LinkMessage bridge = handle.link("gb-br0").orElseThrow();
      assertTrue(bridge.bridge().vlanFiltering());
      assertEquals(0, bridge.bridge().defaultPvid());
      handle.executeAll(
          List.of(
              new SetMaster(LinkRef.named("gv-a"), bridge.index()),
              new SetMaster(LinkRef.named("gv-c"), bridge.index())));
      // Default PVID 0: a new port carries no VLAN at all.
      assertEquals(List.of(), vlansOf(handle, "gv-a"));

      LinkRef a = LinkRef.indexed("gv-a", handle.link("gv-a").orElseThrow().index());
      LinkRef c = LinkRef.indexed("gv-c", handle.link("gv-c").orElseThrow().index());
      handle.executeAll(
          List.of(
              new BridgeVlans(
                  a,
                  true,
                  BridgeVlans.Scope.PORT,
                  List.of(new VlanRange(1, 1, true, true), VlanRange.tagged(2, 4094))),
              new BridgeVlans(
                  c, true, BridgeVlans.Scope.PORT, List.of(new VlanRange(100, 100, true, true)))));
      assertEquals(
          List.of(new VlanRange(1, 1, true, true), VlanRange.tagged(2, 4094)),
          vlansOf(handle, "gv-a"));
      assertEquals(List.of(new VlanRange(100, 100, true, true)), vlansOf(handle, "gv-c"));
      assertEquals(oracle(ns), ours(handle));

      handle.executeAll(
          List.of(
              new BridgeVlans(
                  a, false, BridgeVlans.Scope.PORT, List.of(VlanRange.tagged(2, 100)))));
      assertEquals(
          List.of(new VlanRange(1, 1, true, true), VlanRange.tagged(101, 4094)),
          vlansOf(handle, "gv-a"));
      assertEquals(oracle(ns), ours(handle));
    }
  }

  private static List<VlanRange> vlansOf(RouteHandle handle, String port) {
    return handle.bridgeVlans().stream()
        .filter(p -> p.name().equals(port))
        .findFirst()
        .map(BridgePortVlans::vlans)
        .orElse(List.of());
  }

  private static Map<String, List<String>> ours(RouteHandle handle) {
    Map<String, TreeMap<Integer, String>> vids = new TreeMap<>();
    for (BridgePortVlans port : handle.bridgeVlans()) {
      for (VlanRange v : port.vlans()) {
        for (int vid = v.first(); vid <= v.last(); vid++) {
          vids.computeIfAbsent(port.name(), p -> new TreeMap<>())
              .put(vid, flags(v.pvid(), v.untagged()));
        }
      }
    }
    return merged(vids);
  }

  /**
   * {@code bridge -j vlan show}:
   * [{"ifname":..,"vlans":[{"vlan":1,"vlanEnd":..,"flags":["PVID","Egress Untagged"]}]}].
   */
  private static Map<String, List<String>> oracle(TestNamespace ns) {
    Map<String, TreeMap<Integer, String>> vids = new TreeMap<>();
    for (Map<String, Object> port :
        Json.parseArray(ns.exec("bridge", "-j", "vlan", "show").output())) {
      for (Object o : (List<?>) port.get("vlans")) {
        Map<?, ?> v = (Map<?, ?>) o;
        long first = (Long) v.get("vlan");
        long last = v.containsKey("vlanEnd") ? (Long) v.get("vlanEnd") : first;
        List<?> flags = v.containsKey("flags") ? (List<?>) v.get("flags") : List.of();
        for (long vid = first; vid <= last; vid++) {
          vids.computeIfAbsent((String) port.get("ifname"), p -> new TreeMap<>())
              .put((int) vid, flags(flags.contains("PVID"), flags.contains("Egress Untagged")));
        }
      }
    }
    return merged(vids);
  }

  private static String flags(boolean pvid, boolean untagged) {
    return (pvid ? " PVID" : "") + (untagged ? " untagged" : "");
  }

  /** Consecutive VIDs with equal flags as one "first-last flags" entry, for short comparisons. */
  private static Map<String, List<String>> merged(Map<String, TreeMap<Integer, String>> vids) {
    Map<String, List<String>> out = new TreeMap<>();
    vids.forEach(
        (port, byVid) -> {
          List<String> ranges = new ArrayList<>();
          int first = -1;
          int last = -1;
          String flags = null;
          for (Map.Entry<Integer, String> e : byVid.entrySet()) {
            if (first >= 0 && e.getKey() == last + 1 && e.getValue().equals(flags)) {
              last = e.getKey();
              continue;
            }
            if (first >= 0) {
              ranges.add(first + "-" + last + flags);
            }
            first = e.getKey();
            last = first;
            flags = e.getValue();
          }
          ranges.add(first + "-" + last + flags);
          out.put(port, ranges);
        });
    return out;
  }
}
