package io.gallium.net.core;

import io.gallium.net.core.testing.InMemoryHost;

/**
 * Receives {@link NetworkEvent}s from {@link HostNetwork#subscribe}. Called on the thread that saw
 * the change (the driver's watcher; for {@link InMemoryHost} the thread that changed the host), so
 * it should return quickly.
 */
@FunctionalInterface
public interface NetworkListener {
  /** One event. */
  void onEvent(NetworkEvent event);
}
