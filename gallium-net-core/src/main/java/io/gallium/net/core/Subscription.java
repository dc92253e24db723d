package io.gallium.net.core;

/**
 * A subscription to {@link NetworkEvent}s; closing it stops them. Its listener is called on a
 * thread of the subscription's own, one event at a time, in the order the changes happened.
 */
public interface Subscription extends AutoCloseable {
  /** Stops delivering events (one being delivered finishes); closing twice does nothing. */
  @Override
  void close();

  /**
   * Waits until the listener has been handed every event of the changes seen so far, e.g. in a test
   * that changes an {@link io.gallium.net.core.testing.InMemoryHost} and then looks at what its
   * listener got. A device changed while a transaction of another {@link HostNetwork} sharing the
   * store was in flight over it is judged once that transaction is done, on the next change seen or
   * shortly after: its drift, if any, is not among the events waited for until then.
   *
   * @param timeout how long to wait at most
   * @return false if the listener was still busy after {@code timeout}
   * @throws InterruptedException if the waiting thread was interrupted
   */
  boolean awaitDelivered(java.time.Duration timeout) throws InterruptedException;
}
