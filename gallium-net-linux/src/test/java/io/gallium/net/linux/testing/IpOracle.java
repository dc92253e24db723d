package io.gallium.net.linux.testing;

import java.util.List;
import java.util.Map;

/** Reads {@code ip -d -j link show} in a test namespace: the independent view of the devices. */
public final class IpOracle {
  private IpOracle() {}

  public static List<Map<String, Object>> links(TestNamespace namespace) {
    return Json.parseArray(namespace.ipOk("-d", "-j", "link", "show"));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> linkInfo(Map<String, Object> link) {
    Object info = link.get("linkinfo");
    return info == null ? Map.of() : (Map<String, Object>) info;
  }
}
