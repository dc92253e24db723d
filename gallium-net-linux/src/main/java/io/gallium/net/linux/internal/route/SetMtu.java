package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/** Sets a device's MTU: {@code ip link set NAME mtu MTU}. */
public record SetMtu(LinkRef link, int mtu) implements LinkRequest {
  public SetMtu {
    if (mtu <= 0) {
      throw new IllegalArgumentException("MTU of " + link.name() + " must be positive, not " + mtu);
    }
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    out.attributeU32(IFLA_MTU, mtu);
  }
}
