package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

/**
 * Sets a device up or down: {@code ip link set NAME up|down} (IFF_UP in ifi_flags, masked by
 * ifi_change).
 */
public record SetUp(LinkRef link, boolean up) implements LinkRequest {
  @Override
  public int interfaceFlags() {
    return up ? IFF_UP : 0;
  }

  @Override
  public int changeMask() {
    return IFF_UP;
  }
}
