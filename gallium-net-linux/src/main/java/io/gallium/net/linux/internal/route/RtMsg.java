package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;

/**
 * {@code struct rtmsg} (rtnetlink.h), the fixed header of route messages.
 *
 * @param family AF_INET or AF_INET6
 * @param dstLength the destination's prefix length
 * @param table the table (RT_TABLE_MAIN; RTA_TABLE overrides it above 255)
 * @param protocol who added the route (RTPROT_*)
 * @param scope RT_SCOPE_*
 * @param type RTN_*
 */
public record RtMsg(int family, int dstLength, int table, int protocol, int scope, int type) {
  /** Writes the 12 bytes (source length, TOS and flags 0). */
  public void write(MessageWriter out) {
    out.u8(family).u8(dstLength).u8(0).u8(0).u8(table).u8(protocol).u8(scope).u8(type).u32(0);
  }

  /**
   * Reads the header of the route message at {@code offset}.
   *
   * @throws MalformedMessageException when the message is too short for it
   */
  public static RtMsg read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    int at = offset + NLMSG_HDRLEN;
    if (header.length() < NLMSG_HDRLEN + RTMSG_SIZE) {
      throw new MalformedMessageException(
          "route message of " + header.length() + " bytes has no room for its rtmsg", at);
    }
    return new RtMsg(
        buffer.get(at) & 0xff,
        buffer.get(at + 1) & 0xff,
        buffer.get(at + 4) & 0xff,
        buffer.get(at + 5) & 0xff,
        buffer.get(at + 6) & 0xff,
        buffer.get(at + 7) & 0xff);
  }

  /** Where the attributes of the message at {@code offset} start. */
  public static int attributes(int offset) {
    return offset + NLMSG_HDRLEN + RTMSG_SIZE;
  }
}
