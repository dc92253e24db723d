package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Decodes RTM_NEWROUTE messages into {@link RouteMessage}s. */
public final class RouteMessageReader {
  private RouteMessageReader() {}

  /** Decodes the message at {@code offset}; null for other types. */
  public static RouteMessage read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWROUTE) {
      return null;
    }
    RtMsg info = RtMsg.read(buffer, offset, header);
    int table = info.table();
    int oif = 0;
    InetAddress dst = null;
    InetAddress gateway = null;
    int metric = 0;
    boolean multipath = false;
    AttributeCursor attributes =
        new AttributeCursor(buffer, RtMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      switch (attributes.type()) {
        case RTA_TABLE -> table = attributes.u32();
        case RTA_OIF -> oif = attributes.u32();
        case RTA_DST -> dst = address(attributes, offset);
        case RTA_GATEWAY -> gateway = address(attributes, offset);
        case RTA_PRIORITY -> metric = attributes.u32();
        case RTA_MULTIPATH -> multipath = true;
        default -> {
          // preferred source, cache info, metrics: not managed
        }
      }
    }
    return new RouteMessage(info, table, oif, dst, gateway, metric, multipath);
  }

  private static InetAddress address(AttributeCursor attribute, int offset) {
    byte[] bytes = attribute.bytes();
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new MalformedMessageException(
          "route address of " + bytes.length + " bytes is neither IPv4 nor IPv6", offset);
    }
  }
}
