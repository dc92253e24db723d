package io.gallium.net.linux.internal.host;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address written as text in a {@link io.gallium.net.core.spi.Device}'s addresses, read back
 * without ever asking DNS: the JDK would take text that is not a literal for a host name.
 */
final class AddressLiteral {
  private AddressLiteral() {}

  /**
   * The address {@code text} spells: four decimal octets or an IPv6 literal.
   *
   * @throws IllegalArgumentException if it is neither
   */
  static InetAddress parse(String text) {
    try {
      if (text.indexOf(':') >= 0) {
        // In brackets the JDK takes the text as an IPv6 literal or refuses it; never a name.
        return InetAddress.getByName("[" + text + "]");
      }
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        throw new IllegalArgumentException(text + " is not an IP address");
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty()
            || parts[i].length() > 3
            || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')
            || Integer.parseInt(parts[i]) > 255) {
          throw new IllegalArgumentException(text + " is not an IP address");
        }
        bytes[i] = (byte) Integer.parseInt(parts[i]);
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text + " is not an IP address", e);
    }
  }
}
