package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Owner tag (alias) and group name (altname) round-trip through the kernel. */
class AliasAltNameKernelTest {

  @Test
  void aliasAndAltNamesAreSetReadAndRemoved() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      LinkRef bridge = LinkRef.named("gb-br0");
      String longName = "adapter-group-with-a-name-longer-than-fifteen-bytes";
      handle.executeAll(
          List.of(
              new CreateBridge("gb-br0", false, 0),
              new SetAlias(bridge, "gallium-net:v1 group=uplink"),
              new AltName(bridge, longName, true),
              new AltName(bridge, "uplink-b", true)));

      LinkMessage link = handle.link("gb-br0").orElseThrow();
      assertEquals("gallium-net:v1 group=uplink", link.alias());
      assertEquals(List.of(longName, "uplink-b"), link.altNames());
      // The kernel finds a device by its altname too.
      assertEquals(link.index(), handle.link(longName).orElseThrow().index());

      Map<String, Object> theirs =
          IpOracle.links(ns).stream()
              .filter(l -> "gb-br0".equals(l.get("ifname")))
              .findFirst()
              .orElseThrow();
      assertEquals(theirs.get("ifalias"), link.alias());
      assertEquals(theirs.get("altnames"), link.altNames());

      handle.executeAll(List.of(new AltName(bridge, "uplink-b", false), new SetAlias(bridge, "")));
      LinkMessage after = handle.link("gb-br0").orElseThrow();
      assertEquals(List.of(longName), after.altNames());
      assertNull(after.alias());
      assertTrue(handle.link("uplink-b").isEmpty());
    }
  }
}
