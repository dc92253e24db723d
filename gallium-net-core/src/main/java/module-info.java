/**
 * gallium-net core: the provider-neutral picture of a host ({@link io.gallium.net.core.HostState}),
 * the planner that turns one state into another through explicit {@link
 * io.gallium.net.core.Change}s, the {@link io.gallium.net.core.Driver} SPI that providers
 * implement, and an in-memory host.
 */
module io.gallium.net.core {
  requires transitive io.gallium.net;

  exports io.gallium.net.core;
}
