package io.gallium.net;

import io.gallium.net.internal.Names;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.Optional;

/** Parsing of IP address literals, never through a name lookup, and their order. */
final class IpAddresses {
  /** IPv4 before IPv6, then by the address's bytes, unsigned. */
  static final Comparator<InetAddress> ORDER =
      Comparator.<InetAddress>comparingInt(a -> a.getAddress().length)
          .thenComparing(InetAddress::getAddress, java.util.Arrays::compareUnsigned);

  private IpAddresses() {}

  /**
   * The address {@code text} spells: four decimal octets, or an IPv6 literal.
   *
   * @throws IllegalArgumentException if it is neither; never resolves a host name
   */
  static InetAddress parse(String text) {
    Optional<Inet4Address> v4 = ipv4(text);
    if (v4.isPresent()) {
      return v4.get();
    }
    if (text.indexOf(':') < 0 || !text.chars().allMatch(IpAddresses::isIpv6Character)) {
      throw new IllegalArgumentException(notAnAddress(text));
    }
    try {
      // Brackets make the JDK treat the text as an IPv6 literal only: it throws rather than
      // falling back to a DNS lookup for text that is not one.
      return InetAddress.getByName("[" + text + "]");
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(notAnAddress(text), e);
    }
  }

  /**
   * The address as text: IPv4 dotted, IPv6 in the canonical form of RFC 5952 (lower case, the
   * longest run of two or more zero groups, the first of equals, written {@code ::}).
   */
  static String text(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return address.getHostAddress();
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static boolean isIpv6Character(int c) {
    return c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128;
  }

  /**
   * The IPv4 address {@code text} spells as four decimal octets of ASCII digits (no leading zeros,
   * each at most 255), or empty if it spells none.
   */
  static Optional<Inet4Address> ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || (part.length() > 1 && part.charAt(0) == '0')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    try {
      return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always an IPv4 address", e);
    }
  }

  private static String notAnAddress(String text) {
    return Names.quote(text)
        + " is not an IP address; write IPv4 as four decimal octets (192.0.2.10) or IPv6 as"
        + " hexadecimal groups (2001:db8::10)";
  }
}
