package io.gallium.net.core.spi;

import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
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
}
