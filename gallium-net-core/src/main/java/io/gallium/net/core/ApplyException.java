package io.gallium.net.core;

import io.gallium.net.core.spi.DriverException;

/**
 * An apply failed. When {@link #rolledBack()} is true the host is as it was before (verified);
 * otherwise the journal is kept and {@link HostNetwork#recover()} should be called. The cause says
 * what failed: a {@link ChangeFailedException}, a {@link DriverException}, or a verification that
 * found the host not as planned.
 */
public final class ApplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean rolledBack;

  /** With the message, whether the host was rolled back, and the cause. */
  public ApplyException(String message, boolean rolledBack, Throwable cause) {
    super(message, cause);
    this.rolledBack = rolledBack;
  }

  /** Whether every change made was undone and the host verified to be as it was before. */
  public boolean rolledBack() {
    return rolledBack;
  }
}
