package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Puts a device in a device group: {@code ip link set NAME group G}. Groups let {@link DeleteGroup}
 * remove many veths in one request (about 20x faster than one each).
 */
public record SetGroup(LinkRef link, int group) implements LinkRequest {
  @Override
  public void writeAttributes(MessageWriter out) {
    out.attributeU32(IFLA_GROUP, group);
  }
}
