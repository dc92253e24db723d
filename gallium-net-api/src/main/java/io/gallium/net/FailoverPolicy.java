package io.gallium.net;

import java.util.List;
import java.util.Objects;

/**
 * How an adapter group notices a failed adapter and what it does when the adapter comes back. The
 * builder checks it ({@link TopologyError.Code#INVALID_FAILOVER_POLICY}); see {@link #DEFAULT} for
 * what a group has when none is given, and why.
 *
 * <p>On Linux: {@code failback} is the bond's {@code primary_reselect} ({@code always} when on,
 * {@code failure} when off), {@code linkCheckMillis} its {@code miimon} (or, with ARP targets, its
 * {@code arp_interval} and {@code miimon} 0), the delays its {@code updelay} and {@code downdelay},
 * the targets its {@code arp_ip_target}.
 *
 * @param failback whether traffic returns to the group's first adapter when its link comes back
 *     (off: it stays on the adapter that took over until that one fails; one interruption instead
 *     of two, for links known to flap)
 * @param linkCheckMillis how often the group checks its adapters' links, in milliseconds (1..60000)
 * @param upDelayMillis how long a link must stay up before the group uses the adapter again, in
 *     milliseconds; a multiple of {@code linkCheckMillis}; only with link (not ARP) monitoring
 * @param downDelayMillis how long a link must stay down before the group stops using the adapter,
 *     in milliseconds; a multiple of {@code linkCheckMillis}; only with link (not ARP) monitoring
 * @param arpTargets IPv4 addresses (at most 16) the group sends ARP requests to instead of watching
 *     the carrier, which also notices failures beyond the adapter's own cable (a dead switch
 *     uplink); empty for link monitoring. Not with LACP
 */
public record FailoverPolicy(
    boolean failback,
    int linkCheckMillis,
    int upDelayMillis,
    int downDelayMillis,
    List<String> arpTargets) {

  /**
   * What a group has unless told otherwise: failback on, links checked every 100 ms, no up or down
   * delay, no ARP monitoring. These are the kernel's own defaults for a bond with monitoring, and
   * what NetworkManager/nmstate and Proxmox's {@code bond-miimon 100} configure, so the group
   * behaves as administrators of those systems expect: a lost link fails over within 100 ms, and
   * traffic goes back to the first adapter, the one the administrator chose as the better path, as
   * soon as its link returns. A product whose switches take long to forward on a port that comes up
   * (spanning tree without edge/portfast) should set an up delay of that time.
   */
  public static final FailoverPolicy DEFAULT = new FailoverPolicy(true, 100, 0, 0, List.of());

  /** The most ARP targets a Linux bond takes ({@code BOND_MAX_ARP_TARGETS}). */
  public static final int MAX_ARP_TARGETS = 16;

  /** The longest link check interval accepted, in milliseconds. */
  public static final int MAX_LINK_CHECK_MILLIS = 60_000;

  /** Copies the targets; checks for null only (the builder checks the rest). */
  public FailoverPolicy {
    Objects.requireNonNull(arpTargets, "arpTargets");
    arpTargets = List.copyOf(arpTargets);
  }

  /** Whether the group monitors its links with ARP requests rather than the carrier. */
  public boolean arpMonitoring() {
    return !arpTargets.isEmpty();
  }

  /**
   * A copy with failback on or off.
   *
   * @param on whether traffic returns to the first adapter when its link comes back
   * @return the copy
   */
  public FailoverPolicy withFailback(boolean on) {
    return new FailoverPolicy(on, linkCheckMillis, upDelayMillis, downDelayMillis, arpTargets);
  }

  /**
   * A copy with another link check interval.
   *
   * @param millis the interval in milliseconds
   * @return the copy
   */
  public FailoverPolicy withLinkCheckMillis(int millis) {
    return new FailoverPolicy(failback, millis, upDelayMillis, downDelayMillis, arpTargets);
  }

  /**
   * A copy with other up and down delays.
   *
   * @param upMillis the up delay in milliseconds
   * @param downMillis the down delay in milliseconds
   * @return the copy
   */
  public FailoverPolicy withDelays(int upMillis, int downMillis) {
    return new FailoverPolicy(failback, linkCheckMillis, upMillis, downMillis, arpTargets);
  }

  /**
   * A copy that monitors with ARP requests to these IPv4 addresses (none: link monitoring).
   *
   * @param targets the addresses
   * @return the copy
   */
  public FailoverPolicy withArpTargets(String... targets) {
    return new FailoverPolicy(
        failback, linkCheckMillis, upDelayMillis, downDelayMillis, List.of(targets));
  }
}
