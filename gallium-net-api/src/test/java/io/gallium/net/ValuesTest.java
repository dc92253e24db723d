package io.gallium.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Property
  void everyUsableVlanIdRoundTrips(@ForAll @IntRange(min = 2, max = 4094) int value) {
    assertEquals(value, VlanId.of(value).value());
    assertEquals(Integer.toString(value), VlanId.of(value).toString());
  }

  @Property
  void everyOtherVlanIdIsRefusedWithTheAllowedRange(@ForAll int value) {
    if (value >= 2 && value <= 4094) {
      return;
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VlanId.of(value));
    assertTrue(e.getMessage().endsWith("use 2..4094"), e.getMessage());
  }

  @Test
  void vlanIdsOrderByValue() {
    assertTrue(VlanId.of(2).compareTo(VlanId.of(4094)) < 0);
    assertEquals(VlanId.of(7), VlanId.of(7));
  }

  @Property
  void macAddressesRoundTripThroughTextAndBytes(@ForAll byte[] seed) {
    byte[] octets = new byte[6];
    System.arraycopy(seed, 0, octets, 0, Math.min(6, seed.length));
    MacAddress mac = MacAddress.of(octets);
    assertArrayEquals(octets, mac.bytes());
    assertEquals(mac, MacAddress.parse(mac.toString()));
    assertEquals(mac, MacAddress.parse(mac.toString().toUpperCase().replace(':', '-')));
  }

  @Test
  void macAddressText() {
    assertEquals("52:54:00:0a:ff:01", MacAddress.parse("52:54:00:0A:FF:01").toString());
    for (String bad :
        new String[] {
          "",
          "52:54:00:0a:ff",
          "52:54:00:0a:ff:1",
          "52:54:00:0a:ff:zz",
          "52:54:00:0a:ff:01:02",
          "525400:0a:ff:01"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad));
      assertTrue(e.getMessage().contains("is not six hexadecimal octets"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[5]));
  }
}
