package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;

/**
 * {@code struct ndmsg} (neighbour.h), the fixed header of neighbour messages.
 *
 * @param family AF_INET or AF_INET6
 * @param index the device's interface index
 * @param state NUD_* bits
 */
public record NdMsg(int family, int index, int state) {
  /** Writes the 12 bytes (type 0). */
  public static void write(MessageWriter out, int family, int index, int state, int flags) {
    out.u8(family).u8(0).u16(0).u32(index).u16(state).u8(flags).u8(0);
  }

  /**
   * Reads the header of the neighbour message at {@code offset}.
   *
   * @throws MalformedMessageException when the message is too short for it
   */
  public static NdMsg read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    int at = offset + NLMSG_HDRLEN;
    if (header.length() < NLMSG_HDRLEN + NDMSG_SIZE) {
      throw new MalformedMessageException(
          "neighbour message of " + header.length() + " bytes has no room for its ndmsg", at);
    }
    return new NdMsg(
        buffer.get(at) & 0xff, buffer.getInt(at + 4), Short.toUnsignedInt(buffer.getShort(at + 8)));
  }

  /** Where the attributes of the message at {@code offset} start. */
  public static int attributes(int offset) {
    return offset + NLMSG_HDRLEN + NDMSG_SIZE;
  }
}
