package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.MacAddress;
import io.gallium.net.linux.internal.netlink.MessageWriter;

/** Sets a device's MAC address: {@code ip link set NAME address MAC}. */
public record SetMac(LinkRef link, MacAddress mac) implements LinkRequest {
  @Override
  public void writeAttributes(MessageWriter out) {
    out.attributeBytes(IFLA_ADDRESS, mac.bytes());
  }
}
