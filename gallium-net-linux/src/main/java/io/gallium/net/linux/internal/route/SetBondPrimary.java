package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Names a bond's primary slave, the one active whenever its link is up: {@code ip link set BOND
 * type bond primary SLAVE}. Only valid once the slave is enslaved.
 *
 * @param bond the bond
 * @param primaryIndex the primary slave's interface index
 */
public record SetBondPrimary(LinkRef bond, int primaryIndex) implements LinkRequest {
  /** The bond. */
  @Override
  public LinkRef link() {
    return bond;
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    LinkRequest.writeInfoDataU32(out, LinkKind.BOND, IFLA_BOND_PRIMARY, primaryIndex);
  }
}
