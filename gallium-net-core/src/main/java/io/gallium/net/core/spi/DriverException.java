package io.gallium.net.core.spi;

/**
 * A driver could not talk to its host (e.g. the netlink socket failed), so the outcome of a request
 * is unknown. Distinct from a change the host refused, which is a {@link ChangeOutcome}.
 */
public class DriverException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With a message saying what failed and where. */
  public DriverException(String message) {
    super(message);
  }

  /** With a message saying what failed and where, and the cause. */
  public DriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
