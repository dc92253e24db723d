package io.gallium.net.core;

import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** In-memory hosts as a server boots them, before gallium-net has touched them. */
final class BootedHosts {

  private BootedHosts() {}

  /**
   * These adapters as {@link InMemoryHost#withAdapters} makes them, then as {@code boot} makes
   * each.
   */
  static InMemoryHost withAdapters(UnaryOperator<Device> boot, String... adapters) {
    InMemoryHost start = InMemoryHost.withAdapters(adapters);
    List<Device> devices = new ArrayList<>(start.state().devices().values());
    devices.replaceAll(boot);
    return InMemoryHost.of(HostState.of(devices));
  }

  /** These adapters, eth0 as {@code eth0} makes it (what it carries before a move). */
  static InMemoryHost eth0Carrying(UnaryOperator<Device> eth0, String... adapters) {
    return withAdapters(d -> d.name().equals("eth0") ? eth0.apply(d) : d, adapters);
  }

  /**
   * Adapters eth0 and eth1, eth0 carrying the host as a server boots: its management address
   * 192.0.2.10/24, its default route via 192.0.2.1, then {@code otherRoutes}.
   */
  static InMemoryHost managedThroughEth0(Route... otherRoutes) {
    return eth0Carrying(
        eth0 -> {
          Device.Builder b =
              eth0.toBuilder().addAddress("192.0.2.10/24").addRoute(Route.defaultVia("192.0.2.1"));
          for (Route r : otherRoutes) {
            b.addRoute(r);
          }
          return b.build();
        },
        "eth0",
        "eth1");
  }

  /**
   * Adapters eth0, eth1 and eth2: eth0 as {@code eth0} makes it (what it carries before a move),
   * eth2 with someone else's address and default route (metric 500), which must never be touched.
   */
  static InMemoryHost withForeignEth2(UnaryOperator<Device> eth0) {
    return withAdapters(
        d -> {
          if (d.name().equals("eth0")) {
            return eth0.apply(d);
          }
          if (d.name().equals("eth2")) {
            return d.toBuilder()
                .addAddress("203.0.113.5/24")
                .addRoute(new Route("0.0.0.0/0", Optional.of("203.0.113.1"), 500))
                .build();
          }
          return d;
        },
        "eth0",
        "eth1",
        "eth2");
  }
}
