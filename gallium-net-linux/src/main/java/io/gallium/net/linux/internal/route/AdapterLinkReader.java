package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;

/** Decodes RTM_NEWLINK messages into {@link AdapterLink}s. */
public final class AdapterLinkReader {
  private AdapterLinkReader() {}

  /**
   * Decodes the link message at {@code offset}; null for any other message type.
   *
   * @throws MalformedMessageException when its bytes do not parse
   */
  public static AdapterLink read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWLINK) {
      return null;
    }
    IfInfoMsg info = IfInfoMsg.read(buffer, offset, header);
    String name = null;
    boolean hasKind = false;
    String parentDevice = null;
    String parentBus = null;
    AttributeCursor attributes =
        new AttributeCursor(buffer, IfInfoMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      switch (attributes.type()) {
        case IFLA_IFNAME -> name = attributes.string();
        case IFLA_PARENT_DEV_NAME -> parentDevice = attributes.string();
        case IFLA_PARENT_DEV_BUS_NAME -> parentBus = attributes.string();
        case IFLA_LINKINFO -> hasKind = hasKind(attributes.nested());
        default -> {
          // not about the device as an adapter
        }
      }
    }
    if (name == null) {
      throw new MalformedMessageException(
          "link message for index " + info.index() + " has no IFLA_IFNAME", offset);
    }
    return new AdapterLink(info.index(), name, info.flags(), hasKind, parentDevice, parentBus);
  }

  private static boolean hasKind(AttributeCursor info) {
    while (info.next()) {
      if (info.type() == IFLA_INFO_KIND) {
        return true;
      }
    }
    return false;
  }
}
