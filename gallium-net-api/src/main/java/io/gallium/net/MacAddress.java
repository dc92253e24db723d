package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import java.util.Locale;
import java.util.Objects;
import org.immutables.value.Value;

/** A 48-bit Ethernet MAC address, written {@code aa:bb:cc:dd:ee:ff}. */
@ValueStyle
@Value.Immutable(builder = false)
public abstract class MacAddress {
  private static final int LENGTH = 6;

  MacAddress() {}

  /** The address as the low 48 bits of a long, first octet highest. */
  @Value.Parameter
  public abstract long value();

  /**
   * Parses {@code aa:bb:cc:dd:ee:ff} (or with '-' between octets; either case).
   *
   * @throws IllegalArgumentException if {@code text} is not six two-digit hexadecimal octets
   */
  public static MacAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] octets = text.split("[:-]", -1);
    if (octets.length != LENGTH) {
      throw new IllegalArgumentException(badText(text));
    }
    long value = 0;
    for (String octet : octets) {
      if (octet.length() != 2
          || Character.digit(octet.charAt(0), 16) < 0
          || Character.digit(octet.charAt(1), 16) < 0) {
        throw new IllegalArgumentException(badText(text));
      }
      value = (value << 8) | Integer.parseInt(octet, 16);
    }
    return ImmutableMacAddress.of(value);
  }

  /**
   * The address made of six octets.
   *
   * @throws IllegalArgumentException if {@code octets} does not have exactly six bytes
   */
  public static MacAddress of(byte[] octets) {
    Objects.requireNonNull(octets, "octets");
    if (octets.length != LENGTH) {
      throw new IllegalArgumentException("a MAC address has 6 octets, not " + octets.length);
    }
    long value = 0;
    for (byte octet : octets) {
      value = (value << 8) | (octet & 0xff);
    }
    return ImmutableMacAddress.of(value);
  }

  /** The six octets, first octet first; a fresh array each call. */
  public byte[] bytes() {
    byte[] octets = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      octets[i] = (byte) (value() >>> (8 * (LENGTH - 1 - i)));
    }
    return octets;
  }

  @Value.Check
  void check() {
    if ((value() >>> 48) != 0) {
      throw new IllegalArgumentException("a MAC address has 48 bits: " + Long.toHexString(value()));
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(17);
    for (byte octet : bytes()) {
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(String.format(Locale.ROOT, "%02x", octet & 0xff));
    }
    return out.toString();
  }

  private static String badText(String text) {
    return "MAC address "
        + io.gallium.net.internal.Names.quote(text)
        + " is not six hexadecimal octets like 52:54:00:12:34:56";
  }
}
