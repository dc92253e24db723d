package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Sets a device's alias, where gallium-net keeps its owner tag: {@code ip link set NAME alias A}.
 * Sent without a terminating NUL, as iproute2 does; the empty alias removes it.
 */
public record SetAlias(LinkRef link, String alias) implements LinkRequest {
  /** The longest alias the kernel keeps: IFALIASZ less the NUL it would store. */
  private static final int MAX_ALIAS_BYTES = IFALIASZ - 1;

  public SetAlias {
    if (alias.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ALIAS_BYTES) {
      throw new IllegalArgumentException(
          "alias of " + link.name() + " is longer than " + MAX_ALIAS_BYTES + " bytes");
    }
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    out.attributeString(IFLA_IFALIAS, alias, false);
  }
}
