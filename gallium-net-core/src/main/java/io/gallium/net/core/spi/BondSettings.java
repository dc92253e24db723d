package io.gallium.net.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bond's settings and what it is doing now. Strings are the kernel's names of the values (as
 * {@code ip -d link} shows them).
 *
 * @param mode the kernel's name of the bonding mode, {@value #ACTIVE_BACKUP} or {@value #LACP}
 * @param miimonMillis the link monitoring interval in milliseconds (0 = off)
 * @param primary the primary slave, if one is set and enslaved
 * @param activeAdapter the slave carrying traffic now, if any (observed, never planned)
 * @param updelayMillis how long a slave's link must be up before it is used ({@code updelay}; 0
 *     while link monitoring is off)
 * @param downdelayMillis how long a slave's link must be down before it is given up ({@code
 *     downdelay}; 0 while link monitoring is off)
 * @param primaryReselect when the primary takes over again ({@code primary_reselect}: {@value
 *     #RESELECT_ALWAYS}, {@code better} or {@value #RESELECT_FAILURE})
 * @param arpIntervalMillis the ARP monitoring interval in milliseconds ({@code arp_interval}; 0 =
 *     off)
 * @param arpTargets the ARP monitoring targets, IPv4 dotted quads ({@code arp_ip_target})
 * @param xmitHashPolicy how flows are spread over slaves ({@code xmit_hash_policy}, e.g. {@code
 *     layer2+3})
 * @param lacpRate how often the LACP partner is asked to send ({@code lacp_rate}: {@code slow} or
 *     {@code fast})
 */
public record BondSettings(
    String mode,
    int miimonMillis,
    Optional<String> primary,
    Optional<String> activeAdapter,
    int updelayMillis,
    int downdelayMillis,
    String primaryReselect,
    int arpIntervalMillis,
    List<String> arpTargets,
    String xmitHashPolicy,
    String lacpRate) {

  /** Mode active-backup: one slave carries traffic, the others stand by. */
  public static final String ACTIVE_BACKUP = "active-backup";

  /** Mode 802.3ad: all slaves carry traffic, aggregated with the switch by LACP. */
  public static final String LACP = "802.3ad";

  /** {@code primary_reselect always}: the primary takes over whenever its link is back. */
  public static final String RESELECT_ALWAYS = "always";

  /** {@code primary_reselect failure}: the primary takes over only when the active slave fails. */
  public static final String RESELECT_FAILURE = "failure";

  /** The kernel's default transmit hash policy. */
  public static final String HASH_LAYER2 = "layer2";

  /** The kernel's default LACP rate. */
  public static final String LACP_SLOW = "slow";

  /** Copies the targets; checks for null and negative times. */
  public BondSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(activeAdapter, "activeAdapter");
    Objects.requireNonNull(primaryReselect, "primaryReselect");
    Objects.requireNonNull(xmitHashPolicy, "xmitHashPolicy");
    Objects.requireNonNull(lacpRate, "lacpRate");
    arpTargets = List.copyOf(arpTargets);
    if (miimonMillis < 0 || updelayMillis < 0 || downdelayMillis < 0 || arpIntervalMillis < 0) {
      throw new IllegalArgumentException(
          "bond times must be >= 0 ms: miimon "
              + miimonMillis
              + ", updelay "
              + updelayMillis
              + ", downdelay "
              + downdelayMillis
              + ", arp_interval "
              + arpIntervalMillis);
    }
  }

  /**
   * A bond in {@code mode} with the given link monitoring and the kernel's defaults for everything
   * else.
   *
   * @param mode the mode
   * @param miimonMillis the link monitoring interval
   * @param primary the primary slave
   * @param activeAdapter the active slave
   */
  public BondSettings(
      String mode, int miimonMillis, Optional<String> primary, Optional<String> activeAdapter) {
    this(
        mode,
        miimonMillis,
        primary,
        activeAdapter,
        0,
        0,
        RESELECT_ALWAYS,
        0,
        List.of(),
        HASH_LAYER2,
        LACP_SLOW);
  }

  /** An active-backup bond with the given link monitoring interval, no primary, nothing active. */
  public static BondSettings activeBackup(int miimonMillis) {
    return new BondSettings(ACTIVE_BACKUP, miimonMillis, Optional.empty(), Optional.empty());
  }

  /** Whether the bond is an LACP (802.3ad) aggregate. */
  public boolean isLacp() {
    return LACP.equals(mode);
  }

  /** A copy with another primary. */
  public BondSettings withPrimary(Optional<String> newPrimary) {
    return new BondSettings(
        mode,
        miimonMillis,
        newPrimary,
        activeAdapter,
        updelayMillis,
        downdelayMillis,
        primaryReselect,
        arpIntervalMillis,
        arpTargets,
        xmitHashPolicy,
        lacpRate);
  }

  /** A copy with another active adapter. */
  public BondSettings withActiveAdapter(Optional<String> newActive) {
    return new BondSettings(
        mode,
        miimonMillis,
        primary,
        newActive,
        updelayMillis,
        downdelayMillis,
        primaryReselect,
        arpIntervalMillis,
        arpTargets,
        xmitHashPolicy,
        lacpRate);
  }

  /**
   * A copy with the monitoring and failover settings of {@code other} (link and ARP monitoring, up
   * and down delays, primary reselection, transmit hash), which the kernel changes on a running
   * bond; mode, LACP rate, primary and active adapter stay.
   *
   * @param other where the settings come from
   * @return the copy
   */
  public BondSettings withLiveSettingsOf(BondSettings other) {
    return new BondSettings(
        mode,
        other.miimonMillis,
        primary,
        activeAdapter,
        other.updelayMillis,
        other.downdelayMillis,
        other.primaryReselect,
        other.arpIntervalMillis,
        other.arpTargets,
        other.xmitHashPolicy,
        lacpRate);
  }

  /**
   * Whether this bond's settings that the kernel changes on a running bond ({@link
   * #withLiveSettingsOf}) equal {@code other}'s.
   *
   * @param other the other bond's settings
   * @return whether they agree
   */
  public boolean sameLiveSettings(BondSettings other) {
    return withLiveSettingsOf(other).equals(this);
  }

  /**
   * What the kernel needs to be created with, or what a created bond is: everything but the primary
   * and the active adapter, which only exist with slaves.
   *
   * @return the copy
   */
  public BondSettings withoutSlaves() {
    return withPrimary(Optional.empty()).withActiveAdapter(Optional.empty());
  }
}
