package io.gallium.net.core.testing;

import io.gallium.net.core.Counters;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.internal.KernelRules;
import io.gallium.net.core.internal.Macs;
import io.gallium.net.core.internal.MemoryStore;
import io.gallium.net.core.internal.StateEdits;
import io.gallium.net.core.spi.AdapterFacts;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

  private static final java.util.concurrent.atomic.AtomicLong HOSTS =
      new java.util.concurrent.atomic.AtomicLong();

  private final MemoryStore store = new MemoryStore();
  private final String identity = "in-memory host " + HOSTS.incrementAndGet();
  private final List<Consumer<HostState>> watchers = new CopyOnWriteArrayList<>();
  private HostState state;
  private long requests;
  private long failAt = -1;
  private Errno failWith = Errno.ENOMEM;
  private long crashAt = -1;
  private final Map<String, AdapterFacts> facts = new HashMap<>();
  private final Map<String, Counters> counters = new HashMap<>();
  private final Set<String> neighbours = new java.util.concurrent.ConcurrentSkipListSet<>();

  private InMemoryHost(HostState initial) {
    this.state = KernelRules.settle(initial);
  }

  /**
   * A host with these physical adapters ({@link DeviceKind#ADAPTER}): up, carrier, MTU 1500, a
   * stable MAC each, which is also its burnt-in one. To simulate a sandbox whose "adapters" are
   * veth ends, as on a real kernel, add them with {@link #addPort} instead: they are then {@link
   * DeviceKind#PORT}, as {@code LinuxHost} reports veth ends.
   */
  public static InMemoryHost withAdapters(String... adapters) {
    List<Device> devices = new ArrayList<>();
    for (String a : adapters) {
      devices.add(
          Device.builder(a, DeviceKind.ADAPTER)
              .up(true)
              .carrier(true)
              .mac(Macs.derived(a))
              .permanentMac(Macs.derived(a))
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
   * Another program of the host claims to configure a device, as a Linux host reports it when
   * systemd-networkd, NetworkManager or ifupdown manages the device ({@code null}: nobody does any
   * more); gallium-net then refuses to take it unless allowed.
   *
   * <pre>{@code
   * host.setClaim("eth2", new Claim("systemd-networkd", "/run/systemd/netif/links/3",
   *     "[Match] Name=eth2 [Link] Unmanaged=yes", true));
   * }</pre>
   *
   * @return this host
   */
  public synchronized InMemoryHost setClaim(String device, Claim claim) {
    replace(StateEdits.with(state, existing(device).toBuilder().claim(claim).build()), device);
    return this;
  }

  /**
   * A neighbour with this IP address (a gateway, say) sits on the wire: it answers a probe ({@link
   * #answers}) that reaches it, that is, one sent on a device that is up, has carrier (a VLAN
   * device: its parent has) and an address whose subnet holds it.
   *
   * @param address the neighbour's IP address
   * @return this host
   */
  public InMemoryHost neighbour(String address) {
    neighbours.add(
        io.gallium.net.CidrAddress.parse(address + (address.indexOf(':') >= 0 ? "/128" : "/32"))
            .addressText());
    return this;
  }

  /** Answers at once: whether a {@link #neighbour} has the address and the probe reaches it. */
  @Override
  public synchronized boolean answers(
      String device, java.net.InetAddress address, java.time.Duration timeout) {
    io.gallium.net.CidrAddress probed =
        io.gallium.net.CidrAddress.parse(
            address.getHostAddress() + (address.getAddress().length == 16 ? "/128" : "/32"));
    if (!neighbours.contains(probed.addressText())) {
      return false;
    }
    Device d = state.device(device).orElse(null);
    if (d == null || !d.up()) {
      return false;
    }
    boolean carrier =
        d.vlanLink()
            .map(l -> state.device(l.parent()).map(Device::carrier).orElse(false))
            .orElse(d.carrier());
    return carrier
        && d.addresses().stream()
            .anyMatch(a -> io.gallium.net.CidrAddress.parse(a).contains(address));
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
   * Declares what the host knows of an adapter beyond its device, as a NIC's driver reports it (its
   * kernel driver and bus address, speed and duplex), for {@link HostNetwork#adapters()}; its
   * burnt-in MAC and largest MTU are the {@link Device}'s ({@link Device.Builder#permanentMac},
   * {@link Device.Builder#maxMtu}). Without it a {@link DeviceKind#ADAPTER} is a NIC with nothing
   * else known. {@link AdapterFacts#physical()} {@code false} makes an {@link DeviceKind#ADAPTER} a
   * virtual device of no bus (as a vxlan device is on Linux); a NIC is always an {@link
   * DeviceKind#ADAPTER}, so facts of a device of another kind count only while a group uses it. The
   * facts stay declared when the device goes away and comes back (a driver reload), and may be
   * declared before it appears.
   *
   * @param adapter the facts, for the device {@link AdapterFacts#name()}
   * @return this host
   */
  public synchronized InMemoryHost describeAdapter(AdapterFacts adapter) {
    facts.put(adapter.name(), Objects.requireNonNull(adapter, "adapter"));
    return this;
  }

  /**
   * Sets the traffic counters of a device, as its traffic would have moved them; devices never set
   * read as {@link Counters#ZERO}.
   *
   * @param device the device's name
   * @param value its counters now
   * @return this host
   * @throws IllegalArgumentException if the host has no such device
   */
  public synchronized InMemoryHost setCounters(String device, Counters value) {
    existing(device);
    counters.put(device, Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * A device goes away by someone else's doing: a NIC is unplugged or its driver unloaded, a VM's
   * tap is deleted. A device enslaved to it is released first, as the kernel does; its counters are
   * forgotten. Watchers see the new state.
   *
   * @param name the device's name
   * @return this host
   * @throws IllegalArgumentException if the host has no such device
   */
  public synchronized InMemoryHost removeDevice(String name) {
    existing(name);
    HostState next = state;
    for (Device port : state.portsOf(name)) {
      next = StateEdits.with(next, port.toBuilder().master((String) null).vlans(List.of()).build());
    }
    counters.remove(name);
    // The bond it leaves (if any) picks another active adapter, as the kernel's bond does.
    String settleAround = state.device(name).flatMap(Device::master).orElse(name);
    replace(StateEdits.without(next, name), settleAround);
    return this;
  }

  /**
   * The named devices with the facts {@link #describeAdapter} declared for them; one not declared
   * is a NIC exactly when it is a {@link DeviceKind#ADAPTER}, with nothing else known.
   */
  @Override
  public synchronized List<AdapterFacts> adapterFacts(Set<String> names) {
    List<AdapterFacts> out = new ArrayList<>();
    for (String name : names) {
      Device d = state.device(name).orElse(null);
      if (d == null) {
        continue;
      }
      AdapterFacts f = facts.get(d.name());
      out.add(f != null ? f : AdapterFacts.unknown(d.name(), d.kind() == DeviceKind.ADAPTER));
    }
    return out;
  }

  /** Every device's counters: as {@link #setCounters} set them, else zero. */
  @Override
  public synchronized Map<String, Counters> counters() {
    Map<String, Counters> out = new LinkedHashMap<>();
    for (String name : state.devices().keySet()) {
      out.put(name, counters.getOrDefault(name, Counters.ZERO));
    }
    return out;
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

  /**
   * {@code in-memory host N}, N counting the in-memory hosts of this process: two of them sharing
   * one store (through {@code HostNetwork.builder().store(...)}) do not recover each other's
   * journals.
   */
  @Override
  public Optional<String> identity() {
    return Optional.of(identity);
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
