package io.gallium.net.linux.internal.netlink;

import static io.gallium.net.linux.internal.Kernel.NLA_HDRLEN;
import static io.gallium.net.linux.internal.Kernel.NLA_LEN_OFFSET;
import static io.gallium.net.linux.internal.Kernel.NLA_TYPE_MASK;
import static io.gallium.net.linux.internal.Kernel.NLA_TYPE_OFFSET;
import static io.gallium.net.linux.internal.Kernel.align;

import java.nio.ByteBuffer;

/**
 * Walks the {@code struct nlattr} list in {@code [start, end)} of a buffer, one attribute at a
 * time, without copying. Trusts no length: an attribute header that is truncated or whose length
 * runs past its container throws {@link MalformedMessageException}; a typed read of a payload too
 * short for the type throws too. Every read is bounded by the container, so malformed input can
 * neither read out of bounds nor make us allocate more than its own size.
 */
public final class AttributeCursor {
  private final ByteBuffer buffer;
  private final int end;
  private int next;
  private int type = -1;
  private int payload;
  private int payloadLength;

  /** A cursor over the attributes in {@code [start, end)}; nothing is read yet. */
  public AttributeCursor(ByteBuffer buffer, int start, int end) {
    if (start < 0 || end > buffer.limit() || start > end) {
      throw new MalformedMessageException(
          "attribute area "
              + start
              + ".."
              + end
              + " outside the buffer ("
              + buffer.limit()
              + " bytes)",
          start);
    }
    this.buffer = buffer;
    this.next = start;
    this.end = end;
  }

  /** Moves to the next attribute; false when the area is exhausted. */
  public boolean next() {
    int left = end - next;
    if (left == 0) {
      return false;
    }
    if (left < NLA_HDRLEN) {
      throw new MalformedMessageException(
          "truncated attribute header (" + left + " bytes left)", next);
    }
    int length = buffer.getShort(next + NLA_LEN_OFFSET) & 0xffff;
    if (length < NLA_HDRLEN || length > left) {
      throw new MalformedMessageException(
          "attribute length " + length + " outside " + NLA_HDRLEN + ".." + left, next);
    }
    type = (buffer.getShort(next + NLA_TYPE_OFFSET) & 0xffff) & NLA_TYPE_MASK;
    payload = next + NLA_HDRLEN;
    payloadLength = length - NLA_HDRLEN;
    next += Math.min(align(length), left);
    return true;
  }

  /** The current attribute's type, nested and byte-order flags removed. */
  public int type() {
    return type;
  }

  /** Offset of the current attribute's payload in the buffer. */
  public int payloadOffset() {
    return payload;
  }

  /** Length of the current attribute's payload. */
  public int payloadLength() {
    return payloadLength;
  }

  private void need(int bytes, String what) {
    if (payloadLength < bytes) {
      throw new MalformedMessageException(
          "attribute "
              + type
              + " too short for "
              + what
              + " ("
              + payloadLength
              + " < "
              + bytes
              + " bytes)",
          payload);
    }
  }

  /** The payload as a u8. */
  public int u8() {
    need(1, "u8");
    return buffer.get(payload) & 0xff;
  }

  /** The payload as a u16. */
  public int u16() {
    need(2, "u16");
    return buffer.getShort(payload) & 0xffff;
  }

  /** The u16 at {@code at} bytes into the payload (for fields of a struct payload). */
  public int u16(int at) {
    need(at + 2, "u16 at byte " + at);
    return buffer.getShort(payload + at) & 0xffff;
  }

  /** A u32 as an int (callers treat indexes and flags as unsigned where it matters). */
  public int u32() {
    need(4, "u32");
    return buffer.getInt(payload);
  }

  /**
   * A string up to its first NUL or the end of the payload, whichever comes first, decoded
   * losslessly ({@link KernelStrings}).
   */
  public String string() {
    int length = 0;
    while (length < payloadLength && buffer.get(payload + length) != 0) {
      length++;
    }
    byte[] bytes = new byte[length];
    buffer.get(payload, bytes);
    return KernelStrings.decode(bytes);
  }

  /** A copy of the payload. */
  public byte[] bytes() {
    byte[] bytes = new byte[payloadLength];
    buffer.get(payload, bytes);
    return bytes;
  }

  /** A cursor over the attributes nested in the current one. */
  public AttributeCursor nested() {
    return new AttributeCursor(buffer, payload, payload + payloadLength);
  }
}
