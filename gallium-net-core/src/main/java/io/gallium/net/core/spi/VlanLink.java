package io.gallium.net.core.spi;

import java.util.Objects;

/**
 * What makes a VLAN device one: the device it sits on and the VLAN ID it tags and untags.
 *
 * @param parent the name of the device it sits on (on Linux its {@code IFLA_LINK})
 * @param vlanId the 802.1q VLAN ID, 1..4094
 */
public record VlanLink(String parent, int vlanId) {
  /** Checks the VLAN ID. */
  public VlanLink {
    Objects.requireNonNull(parent, "parent");
    if (vlanId < 1 || vlanId > VlanRange.MAX_VID) {
      throw new IllegalArgumentException(
          "VLAN device on "
              + parent
              + ": VLAN ID "
              + vlanId
              + " is outside 1.."
              + VlanRange.MAX_VID);
    }
  }
}
