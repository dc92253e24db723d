package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Sets a bond's MII link monitoring interval, which the kernel takes on a bond that is up and has
 * slaves: {@code ip link set BOND type bond miimon MILLIS}.
 *
 * @param bond the bond
 * @param miimonMillis the interval in milliseconds (0 turns link monitoring off)
 */
public record SetBondMiimon(LinkRef bond, int miimonMillis) implements LinkRequest {
  public SetBondMiimon {
    if (miimonMillis < 0) {
      throw new IllegalArgumentException(
          "miimon of bond " + bond + " must be >= 0 ms, not " + miimonMillis);
    }
  }

  /** The bond. */
  @Override
  public LinkRef link() {
    return bond;
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    LinkRequest.writeInfoDataU32(out, LinkKind.BOND, IFLA_BOND_MIIMON, miimonMillis);
  }
}
