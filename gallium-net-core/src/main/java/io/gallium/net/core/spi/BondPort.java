package io.gallium.net.core.spi;

/**
 * What a bond says about one of its slaves (observed, never planned; Linux {@code
 * IFLA_INFO_SLAVE_DATA} of a bond slave).
 *
 * @param active whether the bond uses it now ({@code IFLA_BOND_SLAVE_STATE} active, not backup)
 * @param linkUp whether the bond's link monitor sees its link up ({@code
 *     IFLA_BOND_SLAVE_MII_STATUS})
 * @param linkFailures how often the link monitor saw its link fail since it was enslaved ({@code
 *     IFLA_BOND_SLAVE_LINK_FAILURE_COUNT})
 * @param aggregatorId the LACP aggregator it is in, 0 when none or not an LACP bond ({@code
 *     IFLA_BOND_SLAVE_AD_AGGREGATOR_ID})
 * @param lacpState its LACP actor state bits (IEEE 802.1AX: 0x04 aggregation, 0x08 in sync, 0x10
 *     collecting, 0x20 distributing), 0 when not an LACP bond ({@code
 *     IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE})
 */
public record BondPort(
    boolean active, boolean linkUp, int linkFailures, int aggregatorId, int lacpState) {

  /** LACP actor state: the port collects (receives) frames of the aggregate. */
  public static final int LACP_COLLECTING = 0x10;

  /** LACP actor state: the port distributes (sends) frames of the aggregate. */
  public static final int LACP_DISTRIBUTING = 0x20;

  /** Whether, in an LACP bond, the port both receives and sends for its aggregator. */
  public boolean lacpDistributing() {
    return (lacpState & (LACP_COLLECTING | LACP_DISTRIBUTING))
        == (LACP_COLLECTING | LACP_DISTRIBUTING);
  }
}
