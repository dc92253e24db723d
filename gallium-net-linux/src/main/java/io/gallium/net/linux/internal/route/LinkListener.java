package io.gallium.net.linux.internal.route;

/** Receives link events from a {@link LinkEventMonitor}, on the monitor's thread. */
public interface LinkListener {
  /** A device appeared or changed ({@code deleted} false), or disappeared (true). */
  void onLink(LinkMessage link, boolean deleted);

  /** Called after each burst of events read at once, so a listener can act once per burst. */
  default void onBurstEnd() {}

  /**
   * The kernel dropped events because they came faster than they were read (ENOBUFS): the
   * listener's picture may be stale and should be rebuilt from a dump.
   */
  default void onOverrun() {}

  /** An event could not be decoded or the listener threw; the monitor goes on. */
  default void onError(RuntimeException error) {}
}
