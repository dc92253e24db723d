package io.gallium.net.core;

/**
 * Receives {@link NetworkEvent}s from {@link HostNetwork#subscribe}. Called on a thread of the
 * subscription's own, one event at a time and in order, so a listener that takes its time (or
 * blocks) delays only its own later events: not an apply, not the driver's watcher, not other
 * subscriptions. An exception it throws is logged; later events still reach it.
 */
@FunctionalInterface
public interface NetworkListener {
  /** One event. */
  void onEvent(NetworkEvent event);
}
