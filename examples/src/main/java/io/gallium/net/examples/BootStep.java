package io.gallium.net.examples;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.HostNetwork;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a product runs once at boot, before any VM starts (the README's "At boot"; the systemd unit
 * {@code examples/src/main/systemd/example-product-network.service} runs it): the kernel's devices
 * and gallium-net's journal in {@code /run/gallium-net} are gone after a reboot, by design, so the
 * product applies its desired topology again, from its own store.
 *
 * <pre>{@code
 * try (LinuxHost host = LinuxHost.current()) {
 *     BootStep.run(HostNetwork.of(host), productStore::desiredTopology);
 * }
 * }</pre>
 */
public final class BootStep {
  private BootStep() {}

  /**
   * Recovers, then applies the desired topology.
   *
   * <p>{@code recover()} first is harmless: after a reboot there is no journal (it lived on tmpfs,
   * like the devices it described), so it does nothing; when the unit is restarted without a reboot
   * (the product's process died mid-apply), it undoes what that apply left half done, and the apply
   * that follows starts from a host it can trust. An apply of what the host already carries changes
   * nothing, so running the step twice is harmless too.
   *
   * @param net the host's network
   * @param desired the product's desired topology, read from the product's own store (a file, its
   *     database): gallium-net keeps none across reboots
   * @return what the apply did
   * @throws io.gallium.net.core.RefusedTopologyException if the host cannot take it (an adapter is
   *     missing or renamed, another network manager configures one): nothing was touched, and VMs
   *     should not start
   * @throws io.gallium.net.core.ApplyException if the apply failed (rolled back)
   */
  public static ApplyResult run(HostNetwork net, Supplier<Topology> desired) {
    Objects.requireNonNull(net, "net");
    net.recover();
    return net.apply(Objects.requireNonNull(desired.get(), "desired topology"));
  }
}
