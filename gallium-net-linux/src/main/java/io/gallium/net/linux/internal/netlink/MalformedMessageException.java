package io.gallium.net.linux.internal.netlink;

/**
 * Bytes from the kernel that do not parse: a length pointing past its container, an attribute
 * shorter than its type needs. Says what was malformed and at which offset.
 */
public final class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String what, int offset) {
    super("malformed netlink data at byte " + offset + ": " + what);
  }
}
