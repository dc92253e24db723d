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
    int linkInfo = LinkRequest.beginLinkInfo(out, LinkKind.BOND);
    int data = out.beginNested(IFLA_INFO_DATA);
    out.attributeU32(IFLA_BOND_PRIMARY, primaryIndex);
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
