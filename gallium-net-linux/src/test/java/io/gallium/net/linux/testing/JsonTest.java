package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lane's oracle reads iproute2's JSON with {@link Json}; a misread would hide a real failure.
 */
class JsonTest {
  @Test
  void readsIpLinkOutput() {
    String ip =
        "[{\"ifindex\":4,\"ifname\":\"bond0\",\"flags\":[\"BROADCAST\",\"MASTER\"],\"mtu\":1500,"
            + "\"master\":\"br0\",\"linkinfo\":{\"info_kind\":\"bond\",\"info_data\":{\"mode\":\"active-backup\","
            + "\"miimon\":100,\"primary\":\"nic0\",\"ad_select\":null,\"use_carrier\":true}},\"ifalias\":\"owner"
            + " \\\"gallium\\\" \\u00e9\"}]\n";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("mode", "active-backup");
    data.put("miimon", 100L);
    data.put("primary", "nic0");
    data.put("ad_select", null);
    data.put("use_carrier", true);
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("ifindex", 4L);
    link.put("ifname", "bond0");
    link.put("flags", List.of("BROADCAST", "MASTER"));
    link.put("mtu", 1500L);
    link.put("master", "br0");
    link.put("linkinfo", Map.of("info_kind", "bond", "info_data", data));
    link.put("ifalias", "owner \"gallium\" \u00e9");
    assertEquals(List.of(link), Json.parse(ip));
  }

  @Test
  void readsEmptyContainersAndNumbers() {
    assertEquals(
        Arrays.asList(List.of(), Map.of(), -1L, 2.5, false),
        Json.parse(" [ [ ] , { } , -1 , 2.5 , false ] "));
  }

  @Test
  void rejectsMalformedInput() {
    for (String bad : List.of("[1,", "{\"a\" 1}", "[1] x", "\"open", "[tru]")) {
      assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }
  }
}
