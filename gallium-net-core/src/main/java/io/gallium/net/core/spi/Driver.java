package io.gallium.net.core.spi;

import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The provider SPI: what gallium-net needs from a host. A driver observes the host's devices and
 * executes {@link Change}s; it does not decide anything. {@link HostNetwork} plans, journals, rolls
 * back and verifies on top of it.
 *
 * <p>A driver is bound to one host (on Linux: one network namespace) and is used by one apply at a
 * time (the {@link StateStore#lock store lock} guarantees it), though {@link #observe()} may be
 * called from any thread.
 */
public interface Driver {

  /**
   * The host's devices now, all of them (those gallium-net does not own included).
   *
   * @throws DriverException if the host cannot be read
   */
  HostState observe();

  /**
   * The named devices exactly as {@link #observe()} would give them (master, VLANs and addresses
   * included; a master is named even when it is not among {@code names}); names the host does not
   * have are left out. A transaction that touches a few devices (a VM port's attach) reads only
   * these, so a driver should make the cost of this grow with {@code names}, not with the host.
   * This default narrows a whole observation: correct, not fast.
   *
   * @param names kernel names of devices
   * @return those of the named devices the host has
   * @throws DriverException if the host cannot be read
   */
  default HostState observe(Set<String> names) {
    HostState all = observe();
    List<Device> found = new ArrayList<>(names.size());
    for (String name : names) {
      all.device(name).ifPresent(found::add);
    }
    return HostState.of(found);
  }

  /**
   * Executes the changes of one stage. They are independent of each other, so a driver may send
   * them all at once (pipelined); it must still apply them in list order when it applies them one
   * by one. A change that fails must have had no effect.
   *
   * @param changes the changes, at least one
   * @return one outcome per change, in the same order
   * @throws DriverException if the driver lost contact with the host, so that the outcome of some
   *     change is unknown
   */
  List<ChangeOutcome> execute(List<Change> changes);

  /**
   * Where journal and catalog live unless the user sets another place: for Linux {@code
   * /run/gallium-net} (tmpfs: it outlives the process but not a reboot, exactly like the kernel
   * state it protects), for {@link InMemoryHost} memory owned by that host.
   */
  StateStore defaultStore();

  /**
   * Calls {@code listener} with the host's new state whenever a device changes (carrier, failover,
   * someone else's change), until the returned handle is closed. Drivers that cannot watch keep
   * this default.
   *
   * @throws UnsupportedOperationException if the driver cannot watch the host
   */
  default AutoCloseable watch(Consumer<HostState> listener) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot watch the host for changes");
  }

  /**
   * Like {@link #watch(Consumer)}, and also tells {@code troubles}, with a one-line reason, each
   * time changes may have gone unreported: events were dropped, the host could not be read after a
   * change, or {@code listener} threw. A driver keeps watching through such trouble (reading the
   * host again until it can) and calls {@code listener} with the state once it has read it; only
   * closing the returned handle stops it. Drivers that never lose events keep this default, which
   * reports nothing.
   *
   * @param listener receives the host's new states
   * @param troubles receives the reasons, on the same thread as {@code listener}
   * @throws UnsupportedOperationException if the driver cannot watch the host
   */
  default AutoCloseable watch(Consumer<HostState> listener, Consumer<String> troubles) {
    return watch(listener);
  }

  /**
   * Whether {@code address}, on the link of {@code device}, answers the kernel's neighbour
   * resolution (ARP for IPv4, neighbour solicitation for IPv6) within {@code timeout}: the probe of
   * {@link io.gallium.net.core.ApplyOptions#confirmWhenAnswers}. Any IP host answers it without
   * running a service, and the kernel sends it, so the probe needs no raw socket.
   *
   * @param device the device the address is on the link of (a host interface)
   * @param address the address to probe
   * @param timeout how long to wait for the answer
   * @return whether it answered in time
   * @throws UnsupportedOperationException if the driver cannot probe
   * @throws DriverException if the host could not be asked
   */
  default boolean answers(String device, java.net.InetAddress address, java.time.Duration timeout) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot probe whether an address answers");
  }
}
