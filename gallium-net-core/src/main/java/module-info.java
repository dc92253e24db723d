/**
 * gallium-net core, by audience: {@code io.gallium.net.core} is what a product calls ({@link
 * io.gallium.net.core.HostNetwork}); {@code io.gallium.net.core.spi} is what a driver implements
 * and sees ({@link io.gallium.net.core.spi.Driver}); {@code io.gallium.net.core.testing} is the
 * in-memory host for tests ({@link io.gallium.net.core.testing.InMemoryHost}). The engine (planner,
 * layout, kernel rules, journal) is in packages that are not exported.
 */
module io.gallium.net.core {
  requires transitive io.gallium.net;
  requires jdk.jfr;

  exports io.gallium.net.core;
  exports io.gallium.net.core.spi;
  exports io.gallium.net.core.testing;
  // The engine's benchmarks time the planner alone, apart from observing and journaling.
  exports io.gallium.net.core.internal to
      io.gallium.net.bench;
}
