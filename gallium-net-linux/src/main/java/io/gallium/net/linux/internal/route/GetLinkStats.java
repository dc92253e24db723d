package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

/**
 * Asks for one device's link message with its statistics (IFLA_STATS64 among them): {@code ip -s
 * link show dev NAME}.
 */
public record GetLinkStats(LinkRef link) implements LinkRequest {
  @Override
  public int messageType() {
    return RTM_GETLINK;
  }
}
