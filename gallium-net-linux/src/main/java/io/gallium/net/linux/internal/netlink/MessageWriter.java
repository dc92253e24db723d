package io.gallium.net.linux.internal.netlink;

import static io.gallium.net.linux.internal.Kernel.NLA_F_NESTED;
import static io.gallium.net.linux.internal.Kernel.NLA_HDRLEN;
import static io.gallium.net.linux.internal.Kernel.NLA_TYPE_OFFSET;
import static io.gallium.net.linux.internal.Kernel.NLMSG_HDRLEN;
import static io.gallium.net.linux.internal.Kernel.align;

import java.nio.ByteBuffer;

/**
 * Appends netlink messages to one reusable buffer: a header, a fixed family header, then
 * attributes, nests closed by patching their length. Nothing is allocated per message (ASCII
 * strings are written char by char), so encoding thousands of requests costs no garbage.
 *
 * <p>Alignment padding is written as zeros, so the bytes match what iproute2 sends.
 */
public final class MessageWriter {
  private final ByteBuffer buffer;
  private int position;

  /** A writer appending to {@code buffer} (direct, native order) from index 0. */
  public MessageWriter(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  /** The buffer the messages are written to; bytes {@code [0, position())} are valid. */
  public ByteBuffer buffer() {
    return buffer;
  }

  /** Bytes written so far. */
  public int position() {
    return position;
  }

  /** Bytes still free in the buffer. */
  public int remaining() {
    return buffer.capacity() - position;
  }

  /** Forgets everything written so far. */
  public void reset() {
    position = 0;
  }

  private void ensure(int bytes) {
    if (bytes > buffer.capacity() - position) {
      throw new IllegalStateException(
          "netlink message does not fit: "
              + bytes
              + " more bytes needed, "
              + (buffer.capacity() - position)
              + " left of "
              + buffer.capacity());
    }
  }

  /** Starts a message; returns its offset, to pass to {@link #endMessage(int)}. */
  public int beginMessage(int type, int flags, int sequence) {
    ensure(NLMSG_HDRLEN);
    int start = position;
    NlMsgHdr.write(buffer, start, 0, type, flags, sequence);
    position += NLMSG_HDRLEN;
    return start;
  }

  /** Closes a message: patches its length. */
  public void endMessage(int start) {
    buffer.putInt(start + NlMsgHdr.LENGTH, position - start);
  }

  /** Appends a u8 (inside a fixed header or struct payload). */
  public MessageWriter u8(int value) {
    ensure(1);
    buffer.put(position++, (byte) value);
    return this;
  }

  /** Appends a u16 in host byte order. */
  public MessageWriter u16(int value) {
    ensure(2);
    buffer.putShort(position, (short) value);
    position += 2;
    return this;
  }

  /** Appends a u32 in host byte order. */
  public MessageWriter u32(int value) {
    ensure(4);
    buffer.putInt(position, value);
    position += 4;
    return this;
  }

  /** Zeros up to the next 4-byte boundary. */
  public MessageWriter pad() {
    int aligned = align(position);
    ensure(aligned - position);
    while (position < aligned) {
      buffer.put(position++, (byte) 0);
    }
    return this;
  }

  private int beginAttribute(int type) {
    ensure(NLA_HDRLEN);
    int start = position;
    buffer.putShort(start + NLA_TYPE_OFFSET, (short) type);
    position += NLA_HDRLEN;
    return start;
  }

  private void endAttribute(int start) {
    buffer.putShort(start, (short) (position - start));
    pad();
  }

  /** An attribute holding a u8. */
  public MessageWriter attributeU8(int type, int value) {
    int start = beginAttribute(type);
    u8(value);
    endAttribute(start);
    return this;
  }

  /** An attribute holding a u16. */
  public MessageWriter attributeU16(int type, int value) {
    int start = beginAttribute(type);
    u16(value);
    endAttribute(start);
    return this;
  }

  /** An attribute holding a u32. */
  public MessageWriter attributeU32(int type, int value) {
    int start = beginAttribute(type);
    u32(value);
    endAttribute(start);
    return this;
  }

  /** A NUL-terminated string attribute (NLA_NUL_STRING / NLA_STRING as iproute2 sends names). */
  public MessageWriter attributeString(int type, String value) {
    return attributeString(type, value, true);
  }

  /**
   * A string attribute; {@code terminated} says whether a NUL is included in its length (iproute2
   * omits it for IFLA_INFO_KIND, includes it for names and aliases).
   */
  public MessageWriter attributeString(int type, String value, boolean terminated) {
    int start = beginAttribute(type);
    putString(value);
    if (terminated) {
      u8(0);
    }
    endAttribute(start);
    return this;
  }

  private void putString(String value) {
    int length = value.length();
    boolean ascii = true;
    for (int i = 0; i < length && ascii; i++) {
      ascii = value.charAt(i) < 0x80;
    }
    if (ascii) {
      ensure(length);
      for (int i = 0; i < length; i++) {
        buffer.put(position++, (byte) value.charAt(i));
      }
    } else {
      byte[] bytes = KernelStrings.encode(value);
      ensure(bytes.length);
      buffer.put(position, bytes);
      position += bytes.length;
    }
  }

  /** An attribute holding raw bytes. */
  public MessageWriter attributeBytes(int type, byte[] value) {
    int start = beginAttribute(type);
    ensure(value.length);
    buffer.put(position, value);
    position += value.length;
    endAttribute(start);
    return this;
  }

  /**
   * Opens a nested attribute; returns its offset for {@link #endNested(int)}. The type is sent as
   * given: iproute2 does not set NLA_F_NESTED on IFLA_LINKINFO or IFLA_AF_SPEC, and neither do we,
   * so the bytes match; {@link #beginNestedFlagged} sets it where the kernel expects it.
   */
  public int beginNested(int type) {
    return beginAttribute(type);
  }

  /** Opens a nested attribute with NLA_F_NESTED set (e.g. IFLA_PROP_LIST, as iproute2 does). */
  public int beginNestedFlagged(int type) {
    return beginAttribute(type | NLA_F_NESTED);
  }

  /** Closes a nested attribute opened by {@link #beginNested}: patches its length. */
  public void endNested(int start) {
    endAttribute(start);
  }
}
