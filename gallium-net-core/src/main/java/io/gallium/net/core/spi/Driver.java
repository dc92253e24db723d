package io.gallium.net.core.spi;

import io.gallium.net.core.Counters;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * What the driver knows of the named devices as adapters, one entry for each of them the host has
   * (in any order): whether it is a NIC on a bus (on Linux, a device with a parent bus device), and
   * its burnt-in MAC, largest MTU, kernel driver, bus address, speed and duplex where the host
   * reports them. gallium-net asks it for the candidates an observation shows: every {@link
   * DeviceKind#ADAPTER} (a NIC is one, though not every one is a NIC) and every device its groups
   * use as an adapter (in a sandbox, veth ends). {@link HostNetwork#adapters()} joins the answer
   * with {@link #observe()}, which has the MAC, MTU, carrier and master. A driver should make the
   * cost grow with {@code names}, not with the host: a host of thousands of VM ports has a handful
   * of candidates.
   *
   * <p>This default derives the answer from {@link #observe()}, so every driver has one: each
   * {@link DeviceKind#ADAPTER} is physical, and nothing is known beyond the device itself (every
   * optional fact empty). A driver that can read more overrides it.
   *
   * @param names the devices to describe
   * @return the facts, one per named device the host has
   * @throws DriverException if the host cannot be read
   */
  default List<AdapterFacts> adapterFacts(Set<String> names) {
    List<AdapterFacts> out = new ArrayList<>();
    HostState all = observe();
    for (String name : names) {
      all.device(name)
          .ifPresent(d -> out.add(AdapterFacts.unknown(name, d.kind() == DeviceKind.ADAPTER)));
    }
    return out;
  }

  /**
   * The traffic counters of every device the host has, by kernel name, read at once: cheap enough
   * to poll every second on a host of thousands of devices (on Linux one link dump, not a request
   * per device). Drivers that cannot count traffic keep this default.
   *
   * @return the counters by device name
   * @throws UnsupportedOperationException if the driver cannot read traffic counters
   * @throws DriverException if the host cannot be read
   */
  default Map<String, Counters> counters() {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " cannot read traffic counters; a driver provides them by overriding"
            + " Driver.counters()");
  }

  /**
   * The traffic counters of the named devices the host has, by name: what a UI showing a few
   * devices (one VM's ports) polls. A driver should make the cost grow with {@code names}, not with
   * the host; this default narrows {@link #counters()}: correct, not fast.
   *
   * @param names kernel names of devices
   * @return the counters of those of them the host has
   * @throws UnsupportedOperationException if the driver cannot read traffic counters
   * @throws DriverException if the host cannot be read
   */
  default Map<String, Counters> counters(Set<String> names) {
    Map<String, Counters> all = counters();
    Map<String, Counters> out = new java.util.LinkedHashMap<>();
    for (String name : names) {
      Counters c = all.get(name);
      if (c != null) {
        out.put(name, c);
      }
    }
    return out;
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
   * Which host this driver drives, as text that stays the same while the host lives and differs
   * between hosts that live at the same time (on Linux the network namespace: its nsfs inode and
   * device, and its cookie where the kernel gives one, e.g. {@code network namespace
   * net:[4026532285] (nsfs device 4, cookie 7)}). The journal records it, and {@code recover()}
   * refuses a journal written for another host, naming both. Drivers that cannot tell keep this
   * default, and their journals are taken as theirs.
   *
   * @return the host's identity, if the driver can tell
   */
  default Optional<String> identity() {
    return Optional.empty();
  }

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

  /**
   * Makes the host resolve again, at once, the neighbours it could not reach through {@code
   * devices} before they could send. An apply calls it right after the stage in which an adapter
   * with carrier joined the bond under these host interfaces: until then their bridge had no
   * carrier, so what the host sent through them was dropped, its neighbour solicitations among it,
   * and Linux solicits again only after its retransmission time (a second), with the host's answers
   * waiting meanwhile. A driver waits (briefly, bounded) until each device can send, then makes the
   * kernel solicit every neighbour still unresolved on it. Best effort: an apply logs a failure and
   * goes on. This default does nothing, for a host without neighbour tables.
   *
   * @param devices the host interfaces (bridges or VLAN devices carrying the host's addresses)
   * @throws DriverException if the host could not be asked
   */
  default void resolveNeighboursAgain(Set<String> devices) {}
}
