package io.gallium.net.core.spi;

/**
 * A bridge's VLAN settings.
 *
 * @param vlanFiltering whether the bridge filters by VLAN ({@code vlan_filtering})
 * @param defaultPvid the PVID a newly added port gets ({@code vlan_default_pvid}; 0 = none)
 */
public record BridgeSettings(boolean vlanFiltering, int defaultPvid) {

  /**
   * What gallium-net creates: VLAN filtering on, no default PVID, so a new port carries no VLAN.
   */
  public static BridgeSettings vlanAware() {
    return new BridgeSettings(true, 0);
  }
}
