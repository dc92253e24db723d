package io.gallium.net.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Device names are bytes: decoded losslessly, two different names never read as one. */
class KernelStringsTest {

  @Property(tries = 2000)
  void anyBytesComeBackExactly(@ForAll @Size(max = 32) byte[] bytes) {
    assertArrayEquals(bytes, KernelStrings.encode(KernelStrings.decode(bytes)));
  }

  @Property(tries = 1000)
  void differentBytesAreDifferentNames(
      @ForAll @Size(max = 15) byte[] a, @ForAll @Size(max = 15) byte[] b) {
    if (!java.util.Arrays.equals(a, b)) {
      assertNotEquals(KernelStrings.decode(a), KernelStrings.decode(b));
    }
  }

  @Test
  void utf8IsPlainTextAndOtherBytesAreEscaped() {
    assertEquals("tap-é", KernelStrings.decode("tap-é".getBytes(StandardCharsets.UTF_8)));
    assertEquals("a\udcff", KernelStrings.decode(new byte[] {'a', (byte) 0xff}));
    assertNotEquals(
        KernelStrings.decode(new byte[] {'a', (byte) 0xff}),
        KernelStrings.decode(new byte[] {'a', (byte) 0xfe}));
  }
}
