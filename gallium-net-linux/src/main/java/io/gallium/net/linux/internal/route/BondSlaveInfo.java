package io.gallium.net.linux.internal.route;

/**
 * What a bond reports of one of its slaves in IFLA_INFO_SLAVE_DATA (if_link.h IFLA_BOND_SLAVE_*).
 *
 * @param state IFLA_BOND_SLAVE_STATE (0 active, 1 backup)
 * @param miiStatus IFLA_BOND_SLAVE_MII_STATUS (0 up, 1 going down, 2 down, 3 going back)
 * @param linkFailureCount IFLA_BOND_SLAVE_LINK_FAILURE_COUNT
 * @param aggregatorId IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, 0 when not reported
 * @param actorState IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, 0 when not reported
 */
public record BondSlaveInfo(
    int state, int miiStatus, int linkFailureCount, int aggregatorId, int actorState) {}
