package io.gallium.net.core;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;

/**
 * A host, its state before gallium-net touched it, and the {@link HostNetwork} that has since
 * applied a topology there: where the tests that take it all away again start.
 *
 * @param host the in-memory host
 * @param before the host's state before the first apply
 * @param net the instance that applied the topology
 */
record Applied(InMemoryHost host, HostState before, HostNetwork net) {

  /** Remembers {@code host}'s state, then applies {@code topology} to it. */
  static Applied to(InMemoryHost host, Topology topology) {
    HostState before = host.state();
    HostNetwork net = HostNetwork.of(host);
    net.apply(topology);
    return new Applied(host, before, net);
  }
}
