package io.gallium.net.core;

/**
 * Another caller held the host (an apply or recovery in this process or another one, or an open
 * confirm window) for longer than this caller would wait ({@code HostNetwork.Builder#lockTimeout}),
 * so nothing was done. The message says who holds it, since when, and where the lock is.
 */
public final class HostBusyException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * With a message naming the lock and its holder.
   *
   * @param message what is held, by whom, since when
   */
  public HostBusyException(String message) {
    super(message);
  }
}
