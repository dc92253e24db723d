package io.gallium.net.core;

/**
 * Another apply holds the host (in this process or another one, or a confirm window is open), so
 * this one did not start. Nothing was touched; try again when the other one is done.
 */
public final class HostBusyException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the lock. */
  public HostBusyException(String message) {
    super(message);
  }
}
