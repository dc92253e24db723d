package io.gallium.net.linux.internal.route;

/**
 * Hands what a {@link LinkEventMonitor} reads to its {@link LinkListener} so that nothing the
 * listener does can end the monitor: every call is guarded, and a burst end that fails (the
 * listener could not re-read the host, e.g. a dump interrupted again and again during an event
 * storm) is retried after a delay that doubles from {@link #FIRST_RETRY_MILLIS} up to {@link
 * #MAX_RETRY_MILLIS}, until one succeeds. Bursts that end before the retry is due do not call the
 * listener early, so a storm does not turn into a storm of dumps.
 *
 * <p>Time is given by the caller (milliseconds of any monotonic clock), so the schedule is tested
 * without waiting. Used by the monitor's thread only.
 */
public final class BurstDelivery {
  /** Delay before the first retry of a failed burst end. */
  public static final long FIRST_RETRY_MILLIS = 100;

  /** The longest delay between two retries. */
  public static final long MAX_RETRY_MILLIS = 10_000;

  private static final System.Logger LOG = System.getLogger("io.gallium.net.linux");

  private final LinkListener listener;
  private final String source;
  private int failures;
  private long retryAt;

  /**
   * Delivers to {@code listener}.
   *
   * @param source what the events are of, for log lines (e.g. the namespace)
   */
  public BurstDelivery(LinkListener listener, String source) {
    this.listener = listener;
    this.source = source;
  }

  /** Passes one link event on; a listener that throws is told through {@link #error}. */
  public void link(LinkMessage link, boolean deleted) {
    try {
      listener.onLink(link, deleted);
    } catch (RuntimeException e) {
      error(e);
    }
  }

  /** Tells the listener that the kernel dropped events. */
  public void overrun() {
    try {
      listener.onOverrun();
    } catch (RuntimeException e) {
      error(e);
    }
  }

  /** Tells the listener about a failure; one it throws in turn is only logged. */
  public void error(RuntimeException error) {
    try {
      listener.onError(error);
    } catch (RuntimeException e) {
      e.addSuppressed(error);
      LOG.log(
          System.Logger.Level.WARNING,
          "a link listener of the " + source + " failed on an error; the monitor goes on",
          e);
    }
  }

  /**
   * Ends a burst: calls {@link LinkListener#onBurstEnd()}, unless a retry is pending and not yet
   * due (then the due retry will).
   *
   * @param now the current time in milliseconds
   */
  public void burstEnd(long now) {
    if (failures > 0 && now < retryAt) {
      return;
    }
    try {
      listener.onBurstEnd();
      failures = 0;
    } catch (RuntimeException e) {
      failures++;
      long delay = retryDelayMillis(failures);
      retryAt = now + delay;
      LOG.log(
          System.Logger.Level.WARNING,
          "a link listener of the "
              + source
              + " failed at the end of a burst ("
              + failures
              + " in a row); retrying in "
              + delay
              + " ms: "
              + e.getMessage(),
          e);
      try {
        listener.onBurstEndFailed(e, delay);
      } catch (RuntimeException again) {
        again.addSuppressed(e);
        LOG.log(
            System.Logger.Level.WARNING,
            "a link listener of the " + source + " failed on an error; the monitor goes on",
            again);
      }
    }
  }

  /** Retries a failed burst end when its time has come; does nothing otherwise. */
  public void retryIfDue(long now) {
    if (failures > 0 && now >= retryAt) {
      burstEnd(now);
    }
  }

  /**
   * How long the monitor may wait for events before {@link #retryIfDue} has work: -1 (forever) when
   * no retry is pending.
   */
  public long waitMillis(long now) {
    return failures == 0 ? -1 : Math.max(0, retryAt - now);
  }

  /** How many burst ends failed in a row (0 once one succeeded). */
  public int failures() {
    return failures;
  }

  /** The delay after {@code failures} failures in a row: doubling, capped. */
  static long retryDelayMillis(int failures) {
    int doublings = Math.min(failures - 1, 20);
    return Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << doublings);
  }
}
