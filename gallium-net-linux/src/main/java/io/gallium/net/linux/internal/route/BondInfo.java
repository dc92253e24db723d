package io.gallium.net.linux.internal.route;

import java.util.List;

/**
 * What a bond reports in IFLA_INFO_DATA (if_link.h IFLA_BOND_*).
 *
 * @param mode the bonding mode (1 = active-backup, 4 = 802.3ad), -1 when not reported
 * @param primaryIndex the primary slave's index, 0 when none
 * @param activeSlaveIndex the currently active slave's index, 0 when none
 * @param miimon the MII monitoring interval in ms, -1 when not reported
 * @param updelay IFLA_BOND_UPDELAY in ms
 * @param downdelay IFLA_BOND_DOWNDELAY in ms
 * @param primaryReselect IFLA_BOND_PRIMARY_RESELECT (0 always, 1 better, 2 failure)
 * @param arpInterval IFLA_BOND_ARP_INTERVAL in ms
 * @param arpTargets IFLA_BOND_ARP_IP_TARGET as dotted quads
 * @param xmitHashPolicy IFLA_BOND_XMIT_HASH_POLICY (0 layer2, 1 layer3+4, 2 layer2+3, ...)
 * @param lacpRate IFLA_BOND_AD_LACP_RATE (0 slow, 1 fast)
 * @param aggregator IFLA_BOND_AD_INFO_AGGREGATOR, the active aggregator's ID, 0 when none
 */
public record BondInfo(
    int mode,
    int primaryIndex,
    int activeSlaveIndex,
    int miimon,
    int updelay,
    int downdelay,
    int primaryReselect,
    int arpInterval,
    List<String> arpTargets,
    int xmitHashPolicy,
    int lacpRate,
    int aggregator) {

  /** Copies the targets. */
  public BondInfo {
    arpTargets = List.copyOf(arpTargets);
  }

  /**
   * A bond with the kernel's defaults but for what is given.
   *
   * @param mode the mode
   * @param primaryIndex the primary's index
   * @param activeSlaveIndex the active slave's index
   * @param miimon the link monitoring interval
   */
  public BondInfo(int mode, int primaryIndex, int activeSlaveIndex, int miimon) {
    this(mode, primaryIndex, activeSlaveIndex, miimon, 0, 0, 0, 0, List.of(), 0, 0, 0);
  }
}
