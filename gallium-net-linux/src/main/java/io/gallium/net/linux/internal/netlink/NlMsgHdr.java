package io.gallium.net.linux.internal.netlink;

import static io.gallium.net.linux.internal.Kernel.NLMSG_HDRLEN;

import java.nio.ByteBuffer;

/**
 * {@code struct nlmsghdr} (netlink.h): length (header included), type, flags, sequence, port id.
 * Read from a datagram with every length checked against the bytes that are really there.
 */
public record NlMsgHdr(int length, int type, int flags, int sequence, int portId) {
  /** Offsets of the fields inside the header. */
  public static final int LENGTH = 0;

  public static final int TYPE = 4;
  public static final int FLAGS = 6;
  public static final int SEQUENCE = 8;
  public static final int PORT_ID = 12;

  /**
   * Reads the header at {@code offset}; the message must lie within {@code [offset, limit)}.
   *
   * @throws MalformedMessageException when the header is truncated or its length is impossible
   */
  public static NlMsgHdr read(ByteBuffer buffer, int offset, int limit) {
    if (limit - offset < NLMSG_HDRLEN) {
      throw new MalformedMessageException(
          "truncated nlmsghdr (" + (limit - offset) + " of " + NLMSG_HDRLEN + " bytes)", offset);
    }
    int length = buffer.getInt(offset + LENGTH);
    if (length < NLMSG_HDRLEN || length > limit - offset) {
      throw new MalformedMessageException(
          "nlmsg_len "
              + Integer.toUnsignedString(length)
              + " outside "
              + NLMSG_HDRLEN
              + ".."
              + (limit - offset),
          offset);
    }
    return new NlMsgHdr(
        length,
        buffer.getShort(offset + TYPE) & 0xffff,
        buffer.getShort(offset + FLAGS) & 0xffff,
        buffer.getInt(offset + SEQUENCE),
        buffer.getInt(offset + PORT_ID));
  }

  /** Writes a header at {@code offset} (the length is usually patched once the body is known). */
  public static void write(
      ByteBuffer buffer, int offset, int length, int type, int flags, int sequence) {
    buffer.putInt(offset + LENGTH, length);
    buffer.putShort(offset + TYPE, (short) type);
    buffer.putShort(offset + FLAGS, (short) flags);
    buffer.putInt(offset + SEQUENCE, sequence);
    buffer.putInt(offset + PORT_ID, 0);
  }

  /** True when any of {@code mask}'s bits are set in the flags. */
  public boolean has(int mask) {
    return (flags & mask) != 0;
  }
}
