package io.gallium.net.core.spi;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of the main routing table through a device (the device is the one that carries it in
 * {@link Device#routes()}): where to, through which gateway, at which metric. Only routes someone
 * added (a default route above all) are routes here; those the kernel derives from addresses are
 * not.
 *
 * @param destination the destination in {@code address/prefix} form; {@code 0.0.0.0/0} and {@code
 *     ::/0} are the default routes
 * @param gateway the next hop's address, empty for a route straight onto the link
 * @param metric the metric (Linux {@code RTA_PRIORITY}), 0 when none was given
 */
public record Route(String destination, Optional<String> gateway, int metric)
    implements Comparable<Route> {
  private static final Comparator<Route> ORDER =
      Comparator.comparing(Route::isIpv6)
          .thenComparing(Route::destination)
          .thenComparing(r -> r.gateway().orElse(""))
          .thenComparingInt(Route::metric);

  /** Checks the destination's form and the metric. */
  public Route {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(gateway, "gateway");
    int slash = destination.indexOf('/');
    if (slash <= 0 || slash == destination.length() - 1) {
      throw new IllegalArgumentException(
          "route destination " + destination + " is not in address/prefix form");
    }
    if (metric < 0) {
      throw new IllegalArgumentException("route to " + destination + ": metric " + metric + " < 0");
    }
  }

  /** The metric Linux gives an IPv6 route added without one (IP6_RT_PRIO_USER). */
  public static final int IPV6_DEFAULT_METRIC = 1024;

  /**
   * The default route of the gateway's family through that gateway, at the metric the kernel gives
   * a route added without one: 0 for IPv4, {@value #IPV6_DEFAULT_METRIC} for IPv6 (so the route
   * reads back as it was planned).
   *
   * @param gateway the gateway's address
   * @return the route
   */
  public static Route defaultVia(String gateway) {
    boolean v6 = gateway.indexOf(':') >= 0;
    return new Route(v6 ? "::/0" : "0.0.0.0/0", Optional.of(gateway), v6 ? IPV6_DEFAULT_METRIC : 0);
  }

  /** Whether it is a default route. */
  public boolean isDefault() {
    return destination.equals("0.0.0.0/0") || destination.equals("::/0");
  }

  /** Whether it is an IPv6 route. */
  public boolean isIpv6() {
    return destination.indexOf(':') >= 0;
  }

  @Override
  public int compareTo(Route other) {
    return ORDER.compare(this, other);
  }

  /** As {@code ip route} writes it, e.g. {@code default via 192.0.2.1}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(isDefault() ? "default" : destination);
    if (isDefault() && isIpv6()) {
      sb.append(" (ipv6)");
    }
    gateway.ifPresent(g -> sb.append(" via ").append(g));
    if (metric != 0) {
      sb.append(" metric ").append(metric);
    }
    return sb.toString();
  }
}
