package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * One neighbour entry from a RTM_GETNEIGH dump.
 *
 * @param index the device's interface index
 * @param state NUD_* bits
 * @param address the neighbour's address, null when the entry has none
 */
public record NeighbourMessage(int index, int state, InetAddress address) {
  /** Whether the neighbour answered lately (NUD_REACHABLE). */
  public boolean isReachable() {
    return (state & NUD_REACHABLE) != 0;
  }

  /**
   * Whether the kernel is resolving the neighbour (NUD_INCOMPLETE): it sent a solicitation and
   * waits for the answer, or for its retransmission timer to send the next.
   */
  public boolean isIncomplete() {
    return (state & NUD_INCOMPLETE) != 0;
  }

  /** Decodes the message at {@code offset}; null for other types. */
  public static NeighbourMessage read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWNEIGH) {
      return null;
    }
    NdMsg info = NdMsg.read(buffer, offset, header);
    InetAddress address = null;
    AttributeCursor attributes =
        new AttributeCursor(buffer, NdMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      if (attributes.type() == NDA_DST) {
        try {
          address = InetAddress.getByAddress(attributes.bytes());
        } catch (UnknownHostException e) {
          address = null; // neither IPv4 nor IPv6: not an entry a probe asks about
        }
      }
    }
    return new NeighbourMessage(info.index(), info.state(), address);
  }
}
