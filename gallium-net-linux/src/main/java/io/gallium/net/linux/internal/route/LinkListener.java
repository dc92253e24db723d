package io.gallium.net.linux.internal.route;

/**
 * Receives link events from a {@link LinkEventMonitor}, on the monitor's thread. Nothing a listener
 * throws ends the monitor: see {@link BurstDelivery}.
 */
public interface LinkListener {
  /** A device appeared or changed ({@code deleted} false), or disappeared (true). */
  void onLink(LinkMessage link, boolean deleted);

  /**
   * Called after each burst of events read at once, so a listener can act once per burst. When it
   * throws, the monitor calls {@link #onBurstEndFailed} and calls this again later, with a growing
   * delay, until it returns normally: a listener that re-reads the host here keeps what it must do
   * until it has done it.
   */
  default void onBurstEnd() {}

  /**
   * The kernel dropped events because they came faster than they were read (ENOBUFS): the
   * listener's picture may be stale and should be rebuilt from a dump.
   */
  default void onOverrun() {}

  /**
   * {@link #onBurstEnd()} threw {@code error}; it will be called again in {@code retryMillis}
   * milliseconds (or at a later burst). By default, passes the error to {@link #onError}.
   */
  default void onBurstEndFailed(RuntimeException error, long retryMillis) {
    onError(error);
  }

  /** An event could not be read or decoded, or the listener threw; the monitor goes on. */
  default void onError(RuntimeException error) {}
}
