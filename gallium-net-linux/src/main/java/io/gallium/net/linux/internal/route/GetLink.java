package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/** Asks for one device's link message (no statistics): {@code ip link show dev NAME}. */
public record GetLink(LinkRef link) implements LinkRequest {
  @Override
  public int messageType() {
    return RTM_GETLINK;
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    out.attributeU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  }
}
