package io.gallium.net;

import io.gallium.net.internal.Names;
import io.gallium.net.internal.ValueStyle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Objects;
import org.immutables.value.Value;

/**
 * An IP address of the host together with the length of its subnet's prefix, written in CIDR form:
 * {@code 192.0.2.10/24} or {@code 2001:db8::10/64}. Values order IPv4 first, then by address, then
 * by prefix length.
 */
@ValueStyle
@Value.Immutable(builder = false)
public abstract class CidrAddress implements Comparable<CidrAddress> {
  private static final Comparator<CidrAddress> ORDER =
      Comparator.comparing(CidrAddress::address, IpAddresses.ORDER)
          .thenComparingInt(CidrAddress::prefixLength);

  CidrAddress() {}

  /** The address itself. */
  @Value.Parameter
  public abstract InetAddress address();

  /** The length of the subnet's prefix: 1..32 for IPv4, 1..128 for IPv6. */
  @Value.Parameter
  public abstract int prefixLength();

  /**
   * The address {@code text} spells in CIDR form, {@code address/prefix}.
   *
   * @throws IllegalArgumentException if {@code text} is not an IP address literal followed by
   *     {@code /} and a prefix length its family allows (1..32 for IPv4, 1..128 for IPv6); the
   *     message says which part is wrong
   */
  public static CidrAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          Names.quote(text)
              + " has no prefix length; write an address in CIDR form, like 192.0.2.10/24 or"
              + " 2001:db8::10/64");
    }
    InetAddress address = IpAddresses.parse(text.substring(0, slash));
    String prefix = text.substring(slash + 1);
    int max = maxPrefix(address);
    if (prefix.isEmpty()
        || prefix.length() > 3
        || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          Names.quote(text) + ": prefix length " + Names.quote(prefix) + " " + allowed(max));
    }
    return of(address, Integer.parseInt(prefix));
  }

  /**
   * The address {@code address} with a subnet of {@code prefixLength} bits.
   *
   * @throws IllegalArgumentException if the prefix length is outside 1..32 (IPv4) or 1..128 (IPv6)
   */
  public static CidrAddress of(InetAddress address, int prefixLength) {
    return ImmutableCidrAddress.of(address, prefixLength);
  }

  /** Whether it is an IPv6 address. */
  public boolean isIpv6() {
    return address() instanceof Inet6Address;
  }

  /** Whether {@code other} lies inside this address's subnet (and is of the same family). */
  public boolean contains(InetAddress other) {
    byte[] mine = address().getAddress();
    byte[] theirs = other.getAddress();
    if (mine.length != theirs.length) {
      return false;
    }
    int bits = prefixLength();
    for (int i = 0; i < mine.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((mine[i] & mask) != (theirs[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The address without prefix: IPv4 dotted, IPv6 in its canonical form (RFC 5952). */
  public String addressText() {
    return IpAddresses.text(address());
  }

  @Value.Check
  void check() {
    int max = maxPrefix(address());
    if (prefixLength() < 1 || prefixLength() > max) {
      throw new IllegalArgumentException(
          addressText() + ": prefix length " + prefixLength() + " " + allowed(max));
    }
  }

  private static int maxPrefix(InetAddress address) {
    return address.getAddress().length * 8;
  }

  private static String allowed(int max) {
    return "is not allowed; an " + (max == 32 ? "IPv4" : "IPv6") + " prefix length is 1.." + max;
  }

  @Override
  public int compareTo(CidrAddress other) {
    return ORDER.compare(this, other);
  }

  /** The CIDR form, {@code address/prefix}. */
  @Override
  public String toString() {
    return addressText() + "/" + prefixLength();
  }
}
