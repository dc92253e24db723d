package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One RTM_GETLINK dump of hundreds of devices agrees with {@code ip -d -j link show}. */
class LinkDumpKernelTest {
  private static final int PAIRS = 300;

  @Test
  void dumpOfHundredsOfLinksMatchesIproute2() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      List<CreateVethPair> pairs = new ArrayList<>();
      for (int i = 0; i < PAIRS; i++) {
        pairs.add(new CreateVethPair("gv" + i + "a", "gv" + i + "b"));
      }
      handle.executeAll(pairs);
      List<SetUp> ups = new ArrayList<>();
      for (int i = 0; i < PAIRS; i += 3) {
        ups.add(new SetUp(LinkRef.named("gv" + i + "a"), true));
      }
      handle.executeAll(ups);

      Map<String, String> ours = new TreeMap<>();
      for (LinkMessage link : handle.links()) {
        ours.put(
            link.name(),
            describe(
                link.index(),
                link.name(),
                link.mtu(),
                link.mac(),
                link.isUp(),
                link.kind() == null ? null : link.kind().kernelName()));
      }
      Map<String, String> theirs = new TreeMap<>();
      for (Map<String, Object> link : IpOracle.links(ns)) {
        @SuppressWarnings("unchecked")
        List<String> flags = (List<String>) link.get("flags");
        theirs.put(
            (String) link.get("ifname"),
            describe(
                ((Number) link.get("ifindex")).intValue(),
                (String) link.get("ifname"),
                ((Number) link.get("mtu")).intValue(),
                (String) link.get("address"),
                flags.contains("UP"),
                (String) IpOracle.linkInfo(link).get("info_kind")));
      }
      assertEquals(2 * PAIRS + 1, ours.size());
      // Operational state is left out: the kernel's linkwatch updates it asynchronously
      // after SetUp, so two dumps a moment apart may differ.
      Map<String, String> differences = new TreeMap<>();
      theirs.forEach(
          (name, theirView) -> {
            if (!theirView.equals(ours.get(name))) {
              differences.put(name, "ip: " + theirView + " / ours: " + ours.get(name));
            }
          });
      assertEquals(Map.of(), differences);
      assertEquals(theirs.keySet(), ours.keySet());
    }
  }

  private static String describe(
      int index, String name, int mtu, String mac, boolean up, String kind) {
    return index
        + " "
        + name
        + " mtu "
        + mtu
        + " "
        + mac
        + (up ? " UP" : " down")
        + " kind "
        + kind;
  }
}
