package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.Counters;
import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;

/**
 * Decodes the IFLA_STATS64 of RTM_NEWLINK messages into {@link LinkStats}: struct
 * rtnl_link_stats64, u64 counters in the host's byte order, of which it reads the first eight.
 */
public final class LinkStatsReader {
  private LinkStatsReader() {}

  /**
   * Decodes the link message at {@code offset}; null for any other message type.
   *
   * @throws MalformedMessageException when its bytes do not parse, or IFLA_STATS64 is shorter than
   *     its eight basic counters
   */
  public static LinkStats read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWLINK) {
      return null;
    }
    String name = null;
    Counters counters = Counters.ZERO;
    AttributeCursor attributes =
        new AttributeCursor(buffer, IfInfoMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      switch (attributes.type()) {
        case IFLA_IFNAME -> name = attributes.string();
        case IFLA_STATS64 -> counters = counters(buffer, attributes, offset);
        default -> {
          // only the name and the counters
        }
      }
    }
    if (name == null) {
      throw new MalformedMessageException("link message without IFLA_IFNAME", offset);
    }
    return new LinkStats(name, counters);
  }

  private static Counters counters(ByteBuffer buffer, AttributeCursor stats, int message) {
    if (stats.payloadLength() < STATS64_READ_SIZE) {
      throw new MalformedMessageException(
          "IFLA_STATS64 of "
              + stats.payloadLength()
              + " bytes, fewer than the "
              + STATS64_READ_SIZE
              + " of its eight basic counters",
          message);
    }
    int at = stats.payloadOffset();
    // The attribute is 4-byte aligned only: absolute reads of 8 bytes at any index are fine.
    return new Counters(
        buffer.getLong(at + STATS64_RX_BYTES),
        buffer.getLong(at + STATS64_RX_PACKETS),
        buffer.getLong(at + STATS64_RX_ERRORS),
        buffer.getLong(at + STATS64_RX_DROPPED),
        buffer.getLong(at + STATS64_TX_BYTES),
        buffer.getLong(at + STATS64_TX_PACKETS),
        buffer.getLong(at + STATS64_TX_ERRORS),
        buffer.getLong(at + STATS64_TX_DROPPED));
  }
}
