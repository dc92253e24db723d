package io.gallium.net.linux.internal.netlink;

import java.nio.ByteBuffer;

/**
 * Turns one received message into a value, or null to skip it.
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface MessageDecoder<T> {
  /**
   * Decodes the message with header {@code header} at {@code offset} of {@code buffer}; its bytes
   * are {@code [offset, offset + header.length())}, already checked to be in bounds.
   */
  T decode(ByteBuffer buffer, int offset, NlMsgHdr header);
}
