package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

/** Deletes a device: {@code ip link del NAME}. */
public record DeleteLink(LinkRef link) implements LinkRequest {
  @Override
  public int messageType() {
    return RTM_DELLINK;
  }
}
