package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Adds or removes an alternative name, where gallium-net keeps a group's own (long) name: {@code ip
 * link property add|del dev NAME altname ALT} (RTM_NEWLINKPROP / RTM_DELLINKPROP with
 * IFLA_PROP_LIST holding IFLA_ALT_IFNAME).
 */
public record AltName(LinkRef link, String altName, boolean add) implements LinkRequest {
  public AltName {
    int bytes = altName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes >= ALTIFNAMSIZ) {
      throw new IllegalArgumentException(
          "alternative name '"
              + altName
              + "' of "
              + link.name()
              + " must be 1.."
              + (ALTIFNAMSIZ - 1)
              + " bytes");
    }
  }

  @Override
  public int messageType() {
    return add ? RTM_NEWLINKPROP : RTM_DELLINKPROP;
  }

  @Override
  public int extraFlags() {
    return add ? NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND : 0;
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    int list = out.beginNestedFlagged(IFLA_PROP_LIST);
    out.attributeString(IFLA_ALT_IFNAME, altName);
    out.endNested(list);
  }
}
