package io.gallium.net.core;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How {@link HostNetwork#apply(io.gallium.net.Topology, ApplyOptions)} carries out a topology. */
public final class ApplyOptions {

  private final Duration confirmWithin;
  private final Optional<InetAddress> confirmWhenAnswers;

  private ApplyOptions(Duration confirmWithin) {
    this(confirmWithin, Optional.empty());
  }

  private ApplyOptions(Duration confirmWithin, Optional<InetAddress> confirmWhenAnswers) {
    this.confirmWithin = confirmWithin;
    this.confirmWhenAnswers = confirmWhenAnswers;
  }

  /** The longest confirm window: {@code Long.MAX_VALUE} nanoseconds, about 292 years. */
  public static final Duration MAX_WINDOW = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * Apply, then roll back by itself unless {@link PendingApply#confirm()} is called within {@code
   * window}: protects a host managed over the network it reconfigures. Until then no other apply
   * can start on the host, and a process that dies leaves the journal, so {@code recover()} rolls
   * back too.
   *
   * @throws IllegalArgumentException if the window is negative
   */
  public static ApplyOptions confirmWithin(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("confirm window " + window + " is negative");
    }
    if (window.compareTo(MAX_WINDOW) > 0) {
      // A timer counts nanoseconds in a long: a longer window could not be scheduled at all.
      throw new IllegalArgumentException(
          "confirm window " + window + " is longer than the longest a timer takes, " + MAX_WINDOW);
    }
    return new ApplyOptions(window);
  }

  /**
   * Like {@link #confirmWithin}, and the apply confirms itself as soon as {@code address} answers
   * through the new configuration: it is probed on the link of the host interface whose subnet
   * holds it (the gateway, say), over and over until the window closes, and if it never answered
   * the change is rolled back by itself, as nmstate and VDSM do with their gateway check.
   *
   * <p>The probe is the kernel's own neighbour resolution: ARP for IPv4, a neighbour solicitation
   * for IPv6. Why that one: any IP host answers it, with no service running (a TCP connect needs a
   * listening service, which a gateway seldom runs); firewalls do not drop it, where many drop ICMP
   * echo; the kernel sends it, so no raw socket and no CAP_NET_RAW is needed (an ICMP echo needs
   * one, or the ping sockets a sysctl may forbid); and an answer proves the part a bad change
   * breaks: the host's interface, its VLAN, the bond, the adapter, the cable and the switch port.
   * It does not prove the gateway routes onwards; nor does a ping of the gateway.
   *
   * @param address the address to probe, inside a subnet of a host interface of the topology
   * @param window how long to wait for it to answer before rolling back
   * @throws IllegalArgumentException if {@code address} is not an IP address literal, or the window
   *     is negative or too long
   */
  public static ApplyOptions confirmWhenAnswers(String address, Duration window) {
    Objects.requireNonNull(address, "address");
    ApplyOptions options = confirmWithin(window);
    InetAddress ip;
    try {
      ip =
          io.gallium.net.CidrAddress.parse(address + (address.indexOf(':') >= 0 ? "/128" : "/32"))
              .address();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("confirmWhenAnswers: " + e.getMessage(), e);
    }
    return new ApplyOptions(options.confirmWithin, Optional.of(ip));
  }

  /** The address whose answer confirms the apply, if one was given. */
  public Optional<InetAddress> confirmWhenAnswers() {
    return confirmWhenAnswers;
  }

  /** The confirm window. */
  public Duration confirmWindow() {
    return confirmWithin;
  }

  @Override
  public String toString() {
    return "ApplyOptions[confirmWithin="
        + confirmWithin
        + confirmWhenAnswers.map(a -> ", confirmWhenAnswers=" + a.getHostAddress()).orElse("")
        + "]";
  }
}
