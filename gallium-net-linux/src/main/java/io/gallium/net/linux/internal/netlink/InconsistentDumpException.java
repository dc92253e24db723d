package io.gallium.net.linux.internal.netlink;

/**
 * Every attempt at a dump was flagged inconsistent (NLM_F_DUMP_INTR): the host kept changing while
 * it was read. The socket is fine; reading again once the changes settle succeeds.
 */
public final class InconsistentDumpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * For a dump of {@code operation} that failed {@code attempts} times in a row over {@code
   * millis}.
   */
  public InconsistentDumpException(String operation, int attempts, long millis) {
    super(
        operation
            + " dump was interrupted by concurrent changes "
            + attempts
            + " times in a row over "
            + millis
            + " ms; the host kept changing while it was read, read it again once it settles");
  }
}
