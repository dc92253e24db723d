package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Enslaves a device to a bridge or bond ({@code ip link set NAME master M}), or releases it with
 * master index 0 ({@code ip link set NAME nomaster}). A bond takes only slaves that are down.
 *
 * @param link the device to enslave
 * @param masterIndex the master's interface index, 0 to release
 */
public record SetMaster(LinkRef link, int masterIndex) implements LinkRequest {
  public SetMaster {
    if (masterIndex < 0) {
      throw new IllegalArgumentException(
          "master index for " + link.name() + " is negative: " + masterIndex);
    }
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    out.attributeU32(IFLA_MASTER, masterIndex);
  }
}
