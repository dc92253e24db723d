package io.gallium.net.core;

/** A subscription to {@link NetworkEvent}s; closing it stops them. */
public interface Subscription extends AutoCloseable {
  /** Stops delivering events; closing twice does nothing. */
  @Override
  void close();
}
