package io.gallium.net.core.testing;

import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.internal.KernelRules;
import io.gallium.net.core.internal.Macs;
import io.gallium.net.core.internal.MemoryStore;
import io.gallium.net.core.internal.StateEdits;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link Driver} for a host that lives in memory and behaves like the Linux kernel for the
 * devices gallium-net uses, for tests (ours and yours):
 *
 * <ul>
 *   <li>creating a device whose name or alternative name is taken fails with {@code EEXIST}; a name
 *       longer than 15 bytes with {@code ERANGE}, one with {@code /}, {@code :} or whitespace with
 *       {@code EINVAL}; an alias longer than 255 bytes with {@code ERANGE};
 *   <li>acting on a missing device fails with {@code ENODEV}; enslaving a device that has another
 *       master with {@code EBUSY}; enslaving an adapter that is up to a bond with {@code EPERM};
 *   <li>a bond brings a new slave up with the bond's MTU and takes a released one down (unlike
 *       Linux it leaves the released slave's MTU as it is, so plans must restore it, which they
 *       do); a bridge drops a released port's VLANs and gives a new port its default PVID (none for
 *       ours);
 *   <li>a bond's active adapter is its primary while that is up with carrier, else the current one
 *       while usable, else the first usable slave; {@link #setCarrier} triggers failover.
 * </ul>
 *
 * A failed request has no effect. Every change a driver executes counts as one request; faults are
 * injected by request count: {@link #failOnRequest(int)} and {@link #crashAfterRequests(int)}.
 *
 * <p>The {@link #defaultStore() store} (journal and network-name catalog) is memory owned by this
 * host, so every {@link HostNetwork} on it sees the same records, as processes on one Linux host
 * share {@code /run/gallium-net}. Thread-safe.
 *
 * <p>Watchers ({@link #watch}) are told each new state on the thread that changed the host, in
 * order, as a driver's watcher thread reports the kernel's events; {@link HostNetwork#subscribe}
 * makes its events there and hands them to each listener on a thread of that subscription's own, so
 * a test waits for them ({@link io.gallium.net.core.Subscription#awaitDelivered}) before it looks.
 *
 * <pre>{@code
 * InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
 * host.addPort("tap-vm1");
 * HostNetwork net = HostNetwork.of(host);
 * }</pre>
 */
public final class InMemoryHost implements Driver {

  private final MemoryStore store = new MemoryStore();
  private final List<Consumer<HostState>> watchers = new CopyOnWriteArrayList<>();
  private HostState state;
  private long requests;
  private long failAt = -1;
  private Errno failWith = Errno.ENOMEM;
  private long crashAt = -1;

  private InMemoryHost(HostState initial) {
    this.state = KernelRules.settle(initial);
  }

  /**
   * A host with these physical adapters ({@link DeviceKind#ADAPTER}): up, carrier, MTU 1500, a
   * stable MAC each. To simulate a sandbox whose "adapters" are veth ends, as on a real kernel, add
   * them with {@link #addPort} instead: they are then {@link DeviceKind#PORT}, as {@code LinuxHost}
   * reports veth ends.
   */
  public static InMemoryHost withAdapters(String... adapters) {
    List<Device> devices = new ArrayList<>();
    for (String a : adapters) {
      devices.add(
          Device.builder(a, DeviceKind.ADAPTER)
              .up(true)
              .carrier(true)
              .mac(Macs.derived(a))
              .build());
    }
    return new InMemoryHost(HostState.of(devices));
  }

  /** A host with exactly these devices. */
  public static InMemoryHost of(HostState initial) {
    return new InMemoryHost(Objects.requireNonNull(initial, "initial"));
  }

  /**
   * A VM's port device appears, as the hypervisor makes it (a tap, {@link DeviceKind#PORT}): down,
   * with carrier, MTU 1500.
   *
   * @throws IllegalArgumentException if the name is taken
   * @return this host
   */
  public InMemoryHost addPort(String name) {
    return addDevice(
        Device.builder(name, DeviceKind.PORT).carrier(true).mac(Macs.derived(name)).build());
  }

  /**
   * A device appears that someone else made (e.g. the host's own bridge or a management NIC).
   *
   * @throws IllegalArgumentException if its name or an alternative name is taken
   * @return this host
   */
  public synchronized InMemoryHost addDevice(Device device) {
    if (state.hasName(device.name()) || device.altNames().stream().anyMatch(state::hasName)) {
      throw new IllegalArgumentException(
          "the host has a device named " + device.name() + " already");
    }
    replace(StateEdits.with(state, device), device.name());
    return this;
  }

  /**
   * Gives a device an IP address ({@code address/prefix}), as the host's management does.
   *
   * @return this host
   */
  public synchronized InMemoryHost addAddress(String device, String address) {
    Device d = existing(device);
    replace(StateEdits.with(state, d.toBuilder().addAddress(address).build()), device);
    return this;
  }

  /**
   * The cable of a device is plugged ({@code true}) or pulled; a bond fails over to its standby
   * when its active adapter loses carrier, and back to its primary when it regains it. Watchers see
   * the new state.
   */
  public synchronized void setCarrier(String device, boolean carrier) {
    replace(StateEdits.with(state, existing(device).toBuilder().carrier(carrier).build()), device);
  }

  /**
   * Someone else changes the host (another tool, an administrator): the change is carried out
   * without counting as a request, and watchers see the new state.
   *
   * @throws IllegalArgumentException if the kernel would refuse the change
   */
  public synchronized void changeByOthers(Change change) {
    try {
      replace(KernelRules.apply(state, change), change.device());
    } catch (KernelRules.Rejection r) {
      throw new IllegalArgumentException(change + ": " + r.errno() + ": " + r.getMessage(), r);
    }
  }

  /**
   * The {@code n}-th request from now (1 = the next one) fails with {@code ENOMEM}, as the kernel
   * fails a request it has no memory for, and has no effect.
   */
  public void failOnRequest(int n) {
    failOnRequest(n, Errno.ENOMEM);
  }

  /**
   * The {@code n}-th request from now (1 = the next one) fails with {@code errno} and has no
   * effect.
   */
  public synchronized void failOnRequest(int n, Errno errno) {
    if (n < 1) {
      throw new IllegalArgumentException("request number " + n + " is not 1 or more");
    }
    failAt = requests + n;
    failWith = Objects.requireNonNull(errno, "errno");
  }

  /**
   * The process using this host "dies" after {@code n} more requests: the next request after them
   * throws {@link Crash} (an {@link Error}, so no rollback runs) without effect. The host and its
   * store stay as they are, as the kernel and {@code /run} do; a new {@link HostNetwork} then
   * {@link HostNetwork#recover() recovers}. One-shot.
   */
  public synchronized void crashAfterRequests(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("request count " + n + " is negative");
    }
    crashAt = requests + n + 1;
  }

  /** How many requests this host has executed or refused so far. */
  public synchronized long requestCount() {
    return requests;
  }

  /** The whole host now, devices gallium-net does not own included. */
  public synchronized HostState state() {
    return state;
  }

  @Override
  public HostState observe() {
    return state();
  }

  /** The named devices, looked up in the state: O(k log n), as a kernel lookup by name is cheap. */
  @Override
  public HostState observe(Set<String> names) {
    HostState now = state();
    List<Device> found = new ArrayList<>(names.size());
    names.forEach(name -> now.device(name).ifPresent(found::add));
    return HostState.of(found);
  }

  @Override
  public List<ChangeOutcome> execute(List<Change> changes) {
    List<ChangeOutcome> outcomes = new ArrayList<>(changes.size());
    synchronized (this) {
      for (Change c : changes) {
        outcomes.add(executeOne(c));
      }
      // Under the host's monitor, as replace() does: watchers see the states in the order they
      // came, never an older one after a newer one.
      tellWatchers(state);
    }
    return outcomes;
  }

  private ChangeOutcome executeOne(Change change) {
    long n = ++requests;
    if (n == crashAt) {
      crashAt = -1;
      throw new Crash("simulated crash before request " + n + " (" + change + ")");
    }
    if (n == failAt) {
      failAt = -1;
      return ChangeOutcome.failed(
          change, failWith, change.device() + ": injected fault on request " + n);
    }
    try {
      state = KernelRules.apply(state, change);
      return ChangeOutcome.done(change);
    } catch (KernelRules.Rejection r) {
      return ChangeOutcome.failed(change, r.errno(), r.getMessage());
    }
  }

  @Override
  public StateStore defaultStore() {
    return store;
  }

  @Override
  public AutoCloseable watch(Consumer<HostState> listener) {
    Objects.requireNonNull(listener, "listener");
    watchers.add(listener);
    return () -> watchers.remove(listener);
  }

  private Device existing(String name) {
    return state
        .device(name)
        .orElseThrow(() -> new IllegalArgumentException("the host has no device " + name));
  }

  /**
   * Takes the new state, with what the kernel derives from a change of {@code device}, and tells
   * watchers.
   */
  private void replace(HostState next, String device) {
    state = KernelRules.settle(next, List.of(device));
    tellWatchers(state);
  }

  /**
   * Gives each watcher the new state; one that throws is logged and does not keep the others from
   * it, nor fail the request that changed the host (as with the kernel's events).
   */
  private void tellWatchers(HostState now) {
    for (Consumer<HostState> w : watchers) {
      try {
        w.accept(now);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a watcher of " + this + " failed: " + e, e);
      }
    }
  }

  private static final System.Logger LOG = System.getLogger("io.gallium.net.core");

  @Override
  public synchronized String toString() {
    // Short: it names the host in every log line of an apply, on hosts of thousands of devices.
    return "InMemoryHost[" + state.size() + " devices]";
  }

  /**
   * The simulated death of the process that used the host (see {@link #crashAfterRequests(int)}).
   */
  public static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    /** With a message saying where the process died. */
    public Crash(String message) {
      super(message);
    }
  }
}
