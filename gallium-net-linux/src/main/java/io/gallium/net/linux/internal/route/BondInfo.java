package io.gallium.net.linux.internal.route;

/**
 * What a bond reports in IFLA_INFO_DATA (if_link.h IFLA_BOND_*).
 *
 * @param mode the bonding mode (1 = active-backup), -1 when not reported
 * @param primaryIndex the primary slave's index, 0 when none
 * @param activeSlaveIndex the currently active slave's index, 0 when none
 * @param miimon the MII monitoring interval in ms, -1 when not reported
 */
public record BondInfo(int mode, int primaryIndex, int activeSlaveIndex, int miimon) {}
