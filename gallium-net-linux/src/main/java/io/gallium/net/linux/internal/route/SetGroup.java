package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Puts a device in a device group: {@code ip link set NAME group G}. Not used yet; kept with {@link
 * DeleteGroup}, which can only delete what this put in a group (gallium-net does not create VM
 * ports, so it cannot give them a group at creation). Its bytes are held to iproute2's by the
 * golden test link-group.
 */
public record SetGroup(LinkRef link, int group) implements LinkRequest {
  @Override
  public void writeAttributes(MessageWriter out) {
    out.attributeU32(IFLA_GROUP, group);
  }
}
