package io.gallium.net.linux.internal.libc;

import io.gallium.net.core.spi.Errno;

/**
 * A failed system call other than a netlink request: which call, on what, and the errno. Netlink
 * request failures are {@link io.gallium.net.linux.NetlinkException}s instead.
 */
public final class SystemCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public SystemCallException(String call, String subject, int errno) {
    super(
        call
            + " "
            + subject
            + ": "
            + LibC.strerror(errno)
            + " ("
            + Errno.of(errno).symbol()
            + ")"
            + ((Errno.EPERM.is(errno) || Errno.EACCES.is(errno))
                ? "; this needs CAP_NET_ADMIN (and CAP_SYS_ADMIN to enter a namespace)"
                : ""));
    this.errno = errno;
  }

  /** The errno the call failed with. */
  public int errno() {
    return errno;
  }
}
