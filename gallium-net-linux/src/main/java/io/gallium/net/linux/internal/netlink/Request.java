package io.gallium.net.linux.internal.netlink;

import java.util.Optional;

/**
 * One netlink request: what it is called in errors, which device it is about, and how it is
 * encoded. Implementations are small immutable values, one per kind of request.
 */
public interface Request {
  /** The message type's name as errors show it, e.g. {@code RTM_NEWLINK}. */
  String operation();

  /** The device the request is about, for errors; empty when about none. */
  String device();

  /**
   * Appends this request as one message, with the given sequence number, to {@code out}. The flags
   * include NLM_F_REQUEST, and NLM_F_ACK unless the request is a dump.
   */
  void encode(MessageWriter out, int sequence);

  /**
   * What a refusal of this request means beyond its errno, when the request knows (e.g. that the
   * kernel lacks a driver it needs, and what to do about it); empty by default.
   *
   * @param errno the positive errno the kernel answered with
   * @param kernelMessage the kernel's extended-ack text, or null
   */
  default Optional<String> explain(int errno, String kernelMessage) {
    return Optional.empty();
  }

  /** An upper bound on the encoded size, so a batch knows when to send what it has. */
  default int maxEncodedLength() {
    return 512;
  }
}
