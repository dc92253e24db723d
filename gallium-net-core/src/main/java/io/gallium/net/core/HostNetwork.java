package io.gallium.net.core;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.AdapterInventory;
import io.gallium.net.core.internal.HostAddresses;
import io.gallium.net.core.internal.TopologyReader;
import io.gallium.net.core.internal.Transaction;
import io.gallium.net.core.internal.Watch;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A host's VM networking, owned through a {@link Driver}: plan a {@link Topology}, apply it all or
 * nothing, read it back, recover from a process that died mid-apply, and watch failover.
 *
 * <p>Each adapter group becomes a bond ({@code gb-<group>}) enslaved to a VLAN-aware bridge ({@code
 * gv-<group>}); networks are bridge VLANs, not devices (the README's "How a topology maps to Linux
 * devices" has the table). gallium-net touches only devices it tagged as its own and the adapters
 * and VM ports a topology names. Network names, and the journal of an apply in progress, live in
 * the {@link StateStore} (by default the driver's: {@code /run/gallium-net} on Linux, memory for an
 * {@link InMemoryHost}; or {@link Builder#journal(Path)}).
 *
 * <p>{@link #apply(Topology)} refuses before touching anything if the host cannot take the
 * topology, journals, runs the plan, and on any failure undoes what it did and verifies the host is
 * as before; if the process dies in between, {@link #recover()} finishes the job. One apply runs
 * per host at a time, across processes too; other callers wait for it (see {@link
 * Builder#lockTimeout}).
 */
public final class HostNetwork {

  /**
   * How long a caller waits for a host that another caller holds, unless {@link
   * Builder#lockTimeout} says otherwise: one minute, long enough to outwait an apply of thousands
   * of networks or a confirm window of the length peers default to (nmstate: 60 s), short enough
   * that a VM start does not hang behind a stuck caller unnoticed.
   */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(1);

  private final Driver driver;
  private final StateStore store;
  private final ScheduledExecutorService scheduler;
  private final Watch watch;
  private final Transaction transaction;
  private final Set<String> allowAddresses;
  private final Set<String> allowClaimed;

  private HostNetwork(Builder b) {
    this.driver = b.driver;
    this.store = b.store != null ? b.store : b.driver.defaultStore();
    this.watch = new Watch(store);
    this.scheduler = b.scheduler;
    this.allowAddresses = Collections.unmodifiableSet(new TreeSet<>(b.allowAddresses));
    this.allowClaimed = Collections.unmodifiableSet(new TreeSet<>(b.allowClaimed));
    this.transaction =
        new Transaction(
            driver,
            store,
            Collections.unmodifiableSet(new TreeSet<>(b.allowAddresses)),
            Collections.unmodifiableSet(new TreeSet<>(b.allowClaimed)),
            b.lockTimeout,
            watch);
  }

  /**
   * The network of the host {@code driver} drives, with its default store and no exceptions
   * allowed.
   */
  public static HostNetwork of(Driver driver) {
    return builder().driver(driver).build();
  }

  /** A builder; {@link Builder#driver} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The plan that {@link #apply(Topology)} would carry out now. Changes nothing.
   *
   * @throws RefusedTopologyException if the host cannot take {@code desired}
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public Plan plan(Topology desired) {
    Objects.requireNonNull(desired, "desired");
    return new Plan(transaction.plan(desired));
  }

  /**
   * Makes the host carry {@code desired}, all or nothing.
   *
   * @return what was done, verified
   * @throws RefusedTopologyException if the host cannot take it (nothing was touched)
   * @throws ApplyException if it failed; {@link ApplyException#rolledBack()} says whether the host
   *     is as before
   * @throws HostBusyException if another caller still held the host after the lock timeout
   * @throws IllegalStateException if an earlier apply was interrupted and {@link #recover()} is due
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public ApplyResult apply(Topology desired) {
    Objects.requireNonNull(desired, "desired");
    return result(transaction.apply(desired));
  }

  /**
   * Makes the host carry {@code desired}, all or nothing, then keeps the change only if {@link
   * PendingApply#confirm()} is called within the options' confirm window; otherwise it is rolled
   * back by itself (on the builder's scheduler). Until then the host is locked for other applies.
   *
   * <p>With {@link ApplyOptions#confirmWhenAnswers} the apply also confirms itself as soon as the
   * given address answers a probe through the new configuration.
   *
   * @throws RefusedTopologyException if the host cannot take it (nothing was touched)
   * @throws ApplyException if the apply itself failed
   * @throws HostBusyException if another caller still held the host after the lock timeout
   * @throws IllegalArgumentException if the address to probe is in no subnet of a host interface
   */
  public PendingApply apply(Topology desired, ApplyOptions options) {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(options, "options");
    java.util.Optional<String> probed =
        options.confirmWhenAnswers().map(address -> probedDevice(desired, address));
    Transaction.Applied applied = transaction.applyUncommitted(desired);
    PendingApply pending =
        new PendingApply(
            result(applied),
            new PendingApply.Window() {
              @Override
              public void commit() {
                transaction.commit(applied);
              }

              @Override
              public void undo() {
                transaction.undo(applied);
              }
            },
            driver);
    applied.holdFor(
        "confirm window of an apply, open until "
            + Instant.now().plus(options.confirmWindow()).truncatedTo(ChronoUnit.SECONDS));
    try {
      pending.startTimer(
          scheduler()
              .schedule(pending::expire, options.confirmWindow().toNanos(), TimeUnit.NANOSECONDS));
    } catch (RuntimeException e) {
      // Without a timer nothing would ever roll the change back or free the host: undo it now.
      pending.rollback();
      throw new IllegalStateException(
          "the confirm window could not be scheduled on "
              + scheduler()
              + " ("
              + e
              + "), so the apply was rolled back and the host is as it was",
          e);
    }
    probed.ifPresent(device -> probe(pending, device, options.confirmWhenAnswers().get(), options));
    return pending;
  }

  /** How long one probe waits for an answer before the next one is sent. */
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

  /**
   * The host interface device whose subnet holds {@code address}: where a probe of it goes.
   *
   * @throws IllegalArgumentException if no host interface of {@code topology} has it in a subnet
   */
  private static String probedDevice(Topology topology, java.net.InetAddress address) {
    for (io.gallium.net.HostInterface h : topology.hostInterfaces()) {
      if (h.addresses().stream().anyMatch(a -> a.contains(address))) {
        io.gallium.net.Network n = topology.network(h.network()).get();
        return n.vlanId()
            .map(
                v -> io.gallium.net.core.internal.DeviceNames.hostVlan(n.adapterGroup(), v.value()))
            .orElse(io.gallium.net.core.internal.DeviceNames.bridge(n.adapterGroup()));
      }
    }
    throw new IllegalArgumentException(
        "confirmWhenAnswers: "
            + address.getHostAddress()
            + " is in no subnet of the topology's host interfaces, so no probe could reach it"
            + " through the new configuration; give an address on the link of a host interface"
            + " (its gateway, say)");
  }

  /**
   * Probes {@code address} on {@code device}, again and again on the scheduler, until it answers
   * (the apply confirms itself) or the window ends (its timer rolls the apply back).
   */
  private void probe(
      PendingApply pending, String device, java.net.InetAddress address, ApplyOptions options) {
    Runnable attempt =
        new Runnable() {
          @Override
          public void run() {
            if (!pending.isPending()) {
              return;
            }
            boolean answered;
            try {
              answered = driver.answers(device, address, PROBE_TIMEOUT);
            } catch (RuntimeException e) {
              PROBE_LOG.log(
                  System.Logger.Level.WARNING,
                  "probing " + address.getHostAddress() + " on " + device + " failed: " + e);
              answered = false;
            }
            if (!answered) {
              try {
                scheduler().schedule(this, 0, TimeUnit.NANOSECONDS);
              } catch (RuntimeException e) {
                // The window's timer still rolls the apply back.
              }
              return;
            }
            try {
              pending.confirm();
              PROBE_LOG.log(
                  System.Logger.Level.INFO,
                  address.getHostAddress()
                      + " answered on "
                      + device
                      + ": the apply confirmed itself ("
                      + options
                      + ")");
            } catch (IllegalStateException e) {
              // The window closed meanwhile: the apply is rolled back already.
            }
          }
        };
    scheduler().execute(attempt);
  }

  private static final System.Logger PROBE_LOG = System.getLogger(Transaction.LOGGER_NAME);

  /**
   * Attaches the VM port {@code port} to the network {@code network}, or moves it there from the
   * network it is on, all or nothing, like {@link #apply(Topology)}: refused before anything is
   * touched, journaled, rolled back on failure, verified. It reads, changes and verifies only the
   * port, its group's bond and bridge (and the bridge it leaves), so its cost does not grow with
   * the host. The port never carries a frame of another network, not even during a move: it leaves
   * its old VLAN before it gets the new one, and gets its VLAN before it comes up.
   *
   * <p>Use it (and {@link #detach}) for what a hypervisor does all day: a VM starts, stops,
   * migrates or hot-plugs a NIC. A later {@link #apply(Topology)} stays declarative: it detaches
   * ports its topology does not name.
   *
   * <p>On a trunk ({@link io.gallium.net.VmPort#isTrunk()}), {@code attach} makes the port a plain
   * access port of {@code network}: it first leaves every VLAN of the trunk but {@code network}'s,
   * then carries {@code network} untagged; it never carries a VLAN of a network it had not and is
   * not given. Trunks themselves are declared with {@link Topology.Builder#trunkPort} and applied
   * with {@link #apply(Topology)} or {@link #update}.
   *
   * <p>Attaches and detaches that wait for the host together run as one transaction (up to 64, in
   * the order they came), so many VMs starting at once do not queue up one lock hand-off each. Each
   * caller still gets its own result, its own part of the plan, or its own refusal: a refused call
   * is dropped before anything is touched and fails no other. If that transaction fails and is
   * rolled back, each of its calls runs again alone; if it fails and is not rolled back, each gets
   * that {@link ApplyException}.
   *
   * @param port the port device's name (e.g. the VM's tap), which must exist
   * @param network the network's name, as the last apply named it ({@code <group>.vlan<vid>} for a
   *     network no apply named)
   * @return what was done; an empty plan if the port was on that network already
   * @throws RefusedTopologyException if the network is not on the host, the port device is missing,
   *     is a bond, bridge or adapter, or is enslaved to a device gallium-net does not own (nothing
   *     was touched)
   * @throws ApplyException if it failed; {@link ApplyException#rolledBack()} says whether the port
   *     is as before
   * @throws HostBusyException if another caller still held the host after the lock timeout
   * @throws IllegalStateException if an earlier apply was interrupted and {@link #recover()} is due
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public ApplyResult attach(String port, String network) {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(network, "network");
    return result(transaction.attach(port, network));
  }

  /**
   * Attaches the VM port {@code port} as a trunk ({@link Topology.Builder#trunkPort}): it carries
   * {@code nativeNetwork} untagged and {@code taggedNetworks} tagged, all networks of one adapter
   * group. If it is an access port or a trunk already, it changes in place with the guarantee of a
   * move: it first loses the VLANs it is no longer given, then gets the new ones, so it never
   * carries a VLAN of a network it is not on, old or new. Same guarantees and cost as {@link
   * #attach}; with no tagged network it is {@code attach(port, nativeNetwork)}.
   *
   * @param port the port device's name, which must exist
   * @param nativeNetwork the network whose frames cross the port untagged
   * @param taggedNetworks the networks whose frames cross it with their VLAN tag
   * @return what was done; an empty plan if the port was such a trunk already
   * @throws RefusedTopologyException if a network is not on the host or named twice, the networks
   *     are of several groups, the group's untagged network is not the native one, or the port is
   *     refused as for {@link #attach} (nothing was touched)
   * @throws ApplyException if it failed; {@link ApplyException#rolledBack()} says whether the port
   *     is as before
   * @throws HostBusyException if another caller still held the host after the lock timeout
   * @throws IllegalStateException if an earlier apply was interrupted and {@link #recover()} is due
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public ApplyResult attachTrunk(String port, String nativeNetwork, String... taggedNetworks) {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(nativeNetwork, "nativeNetwork");
    List<String> networks = new ArrayList<>();
    networks.add(nativeNetwork);
    networks.addAll(nonNull(taggedNetworks, "taggedNetworks"));
    return result(transaction.attachTrunk(port, networks, nativeNetwork));
  }

  /**
   * Attaches the VM port {@code port} as a trunk without native network ({@link
   * Topology.Builder#taggedTrunkPort}): the frames of all its networks cross it tagged, and
   * untagged frames reach none. Otherwise as {@link #attachTrunk}.
   *
   * @param port the port device's name, which must exist
   * @param taggedNetwork a network it carries tagged
   * @param moreTaggedNetworks more networks of the same group
   * @return what was done; an empty plan if the port was such a trunk already
   * @throws RefusedTopologyException as for {@link #attachTrunk} (nothing was touched)
   * @throws ApplyException if it failed; {@link ApplyException#rolledBack()} says whether the port
   *     is as before
   * @throws HostBusyException if another caller still held the host after the lock timeout
   * @throws IllegalStateException if an earlier apply was interrupted and {@link #recover()} is due
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public ApplyResult attachTaggedTrunk(
      String port, String taggedNetwork, String... moreTaggedNetworks) {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(taggedNetwork, "taggedNetwork");
    List<String> networks = new ArrayList<>();
    networks.add(taggedNetwork);
    networks.addAll(nonNull(moreTaggedNetworks, "moreTaggedNetworks"));
    return result(transaction.attachTrunk(port, networks, null));
  }

  private static List<String> nonNull(String[] values, String what) {
    Objects.requireNonNull(values, what);
    for (int i = 0; i < values.length; i++) {
      Objects.requireNonNull(values[i], what + "[" + i + "]");
    }
    return List.of(values);
  }

  /**
   * Detaches the VM port {@code port} from its network (or a trunk from all of its networks): it
   * leaves its group's bridge with no VLAN left on it. Same guarantees and cost as {@link #attach}.
   * A port on no network of ours (or with no device) is left as it is: an empty plan, nothing
   * touched.
   *
   * @param port the port device's name
   * @return what was done
   * @throws RefusedTopologyException if {@code port} is an adapter of an adapter group
   * @throws ApplyException if it failed; {@link ApplyException#rolledBack()} says whether the port
   *     is as before
   * @throws HostBusyException if another caller still held the host after the lock timeout
   * @throws IllegalStateException if an earlier apply was interrupted and {@link #recover()} is due
   */
  public ApplyResult detach(String port) {
    Objects.requireNonNull(port, "port");
    return result(transaction.detach(port));
  }

  /**
   * Read-modify-write of the whole topology under one hold of the host's lock: {@code change} gets
   * the topology the host carries now and returns the one to apply, so that two callers changing
   * different things never undo each other's change. Same guarantees as {@link #apply(Topology)}.
   *
   * @param change e.g. {@code t -> t.toBuilder().vlanNetwork("dev", "uplink", 200).build()}
   * @return what was done
   * @throws RefusedTopologyException if the host cannot take the result (nothing was touched)
   * @throws ApplyException if it failed; {@link ApplyException#rolledBack()} says whether the host
   *     is as before
   * @throws HostBusyException if another caller still held the host after the lock timeout
   * @throws IllegalStateException if an earlier apply was interrupted and {@link #recover()} is
   *     due, or what the host carries is no valid topology
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public ApplyResult update(UnaryOperator<Topology> change) {
    Objects.requireNonNull(change, "change");
    return result(transaction.update(change));
  }

  /**
   * The topology the host carries, rebuilt from the host (and the catalog's network names) alone. A
   * VLAN the catalog does not know is reported as network {@code <group>.vlan<vid>} ({@code
   * <group>.untagged} for VID 1).
   *
   * <p>Settings that are no part of a topology (a bond's mode and link monitoring, a bridge's VLAN
   * filtering and default PVID) do not show here: a group whose bridge someone set to {@code
   * vlan_filtering 0} still reads back as the same topology, while {@link #plan} is not empty and
   * {@link #apply} sets it back (subscribers got a {@link NetworkEvent.Drift} for it).
   *
   * <p>A host interface has the addresses gallium-net put there (as its record in the store names
   * them, and the kernel still has them), and a default gateway is the topology's only where that
   * record names its route: a DHCP client's or an operator's address or default route on the bridge
   * is not part of the topology, so {@code update(t -> t)} or {@code apply(observe())} never makes
   * it gallium-net's. A host interface without a record (set up by a version that kept none) has
   * every address it carries, and a default route through one of its subnets is the gateway.
   *
   * @throws IllegalStateException if what the host carries is no valid topology
   * @throws StoreDamagedException if the catalog of network names, or the record of what is
   *     gallium-net's on a host interface, is damaged in the store
   */
  public Topology observe() {
    return TopologyReader.read(
        driver.observe(), transaction.catalog(), device -> HostAddresses.read(store, device));
  }

  /**
   * Finishes what an interrupted apply left: returns the host and catalog to the state the journal
   * recorded before that apply, then removes the journal.
   *
   * @return whether there was anything to recover
   * @throws ApplyException if the host could not be brought back (the journal is kept)
   * @throws StoreDamagedException if the journal is not whole, or belongs to another host (another
   *     network namespace); it is kept, and nothing is changed
   * @throws HostBusyException if another caller still held the host after the lock timeout
   */
  public boolean recover() {
    return transaction.recover();
  }

  /**
   * Per adapter group, sorted by group: its mode and active adapter; each adapter's carrier, link
   * monitor state, link failure count and, in an LACP group, aggregator and LACP state; each VM
   * port's network and carrier.
   *
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public List<GroupStatus> status() {
    return Watch.status(driver.observe(), transaction.catalog());
  }

  /**
   * The host's network adapters, sorted by name: every physical NIC (on Linux, every device with a
   * parent bus device such as PCI) and every device an adapter group of ours uses as an adapter
   * (e.g. a sandbox's veth ends). Each with its MACs, carrier, MTU and largest MTU, its group and
   * role there, driver, bus address, speed and duplex where the host reports them, and whether it
   * can be put into a group: {@link PhysicalAdapter#refusals()} are the very refusals {@link
   * #apply} would give (with this builder's {@link Builder#allowAdapterAddresses}). Reads the host
   * (on Linux: what {@link #observe()} reads, then one request and two ethtool queries per device
   * that may be an adapter); changes nothing and takes no lock.
   *
   * @return the adapters
   * @throws io.gallium.net.core.spi.DriverException if the host cannot be read
   */
  public List<PhysicalAdapter> adapters() {
    return AdapterInventory.read(driver, allowAddresses, allowClaimed);
  }

  /**
   * The traffic counters of every device of the host by kernel name, sorted: adapters, VM ports,
   * bonds, bridges, and devices gallium-net does not own. One read of the host (on Linux one link
   * dump), cheap enough for a UI to poll every second on a host of thousands of ports; subtract two
   * polls ({@link Counters#since}) for rates. Changes nothing and takes no lock.
   *
   * @return the counters by device name
   * @throws UnsupportedOperationException if the driver cannot read traffic counters
   * @throws io.gallium.net.core.spi.DriverException if the host cannot be read
   */
  public Map<String, Counters> counters() {
    return Collections.unmodifiableMap(new java.util.TreeMap<>(driver.counters()));
  }

  /**
   * The traffic counters of the named devices, by name, sorted; names the host does not have are
   * left out. For a UI that shows a few devices (one VM's ports, one group's adapters): its cost
   * follows the names, not the host (on Linux one request per name, all in flight at once).
   *
   * @param names kernel names of devices
   * @return the counters of those of them the host has
   * @throws UnsupportedOperationException if the driver cannot read traffic counters
   * @throws io.gallium.net.core.spi.DriverException if the host cannot be read
   */
  public Map<String, Counters> counters(Set<String> names) {
    Objects.requireNonNull(names, "names");
    return Collections.unmodifiableMap(new java.util.TreeMap<>(driver.counters(Set.copyOf(names))));
  }

  /**
   * Delivers carrier changes of our adapters, failovers, drift (a device of ours changed or removed
   * by someone else: not by this or another {@code HostNetwork} sharing its store, in this process
   * or another), and adapters appearing or going away (a NIC hot-plugged or removed, its driver
   * reloaded; see {@link NetworkEvent.AdapterAdded}) to {@code listener} until the returned handle
   * is closed.
   *
   * @throws UnsupportedOperationException if the driver cannot watch its host
   */
  public Subscription subscribe(NetworkListener listener) {
    Objects.requireNonNull(listener, "listener");
    return watch.subscribe(driver, listener);
  }

  /** The engine, for tests that watch the order attaches and detaches run in. */
  Transaction transaction() {
    return transaction;
  }

  private static ApplyResult result(Transaction.Applied applied) {
    return new ApplyResult(new Plan(applied.lazyPlan()), applied.before(), applied.after());
  }

  private ScheduledExecutorService scheduler() {
    return scheduler != null ? scheduler : DefaultScheduler.INSTANCE;
  }

  /** The scheduler of confirm windows when the builder got none. */
  static ScheduledThreadPoolExecutor defaultScheduler() {
    return DefaultScheduler.INSTANCE;
  }

  /**
   * One daemon thread, made on first use. A confirmed window's timer leaves its queue at once
   * (remove on cancel), so it does not keep the states it would have restored for the rest of the
   * window.
   */
  private static final class DefaultScheduler {
    static final ScheduledThreadPoolExecutor INSTANCE = make();

    private static ScheduledThreadPoolExecutor make() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "gallium-net-confirm-window");
                t.setDaemon(true);
                return t;
              });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }

  @Override
  public String toString() {
    return "HostNetwork[" + driver + ", store " + store + "]";
  }

  /** Builds a {@link HostNetwork}. */
  public static final class Builder {
    private Driver driver;
    private StateStore store;
    private final Set<String> allowAddresses = new TreeSet<>();
    private final Set<String> allowClaimed = new TreeSet<>();
    private ScheduledExecutorService scheduler;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;

    private Builder() {}

    /** The driver of the host (required). */
    public Builder driver(Driver value) {
      driver = Objects.requireNonNull(value, "driver");
      return this;
    }

    /**
     * Keeps journal, catalog and lock in directory {@code dir} instead of the driver's default
     * home.
     */
    public Builder journal(Path dir) {
      store = StateStore.directory(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /** Keeps journal, catalog and lock in {@code value} instead of the driver's default home. */
    public Builder store(StateStore value) {
      store = Objects.requireNonNull(value, "store");
      return this;
    }

    /**
     * Allows taking these adapters into a group although they carry IP addresses. Without it such
     * an adapter is refused, as it may be how the host is managed.
     */
    public Builder allowAdapterAddresses(String... adapters) {
      for (String a : adapters) {
        allowAddresses.add(Objects.requireNonNull(a, "adapter"));
      }
      return this;
    }

    /**
     * Allows taking these adapters or VM ports although another program of the host claims to
     * configure them (systemd-networkd, NetworkManager, ifupdown: {@link
     * io.gallium.net.core.spi.Device#claim()}). Without it such a device is refused, naming the
     * program, the file that claims it and how to mark the device unmanaged there: two programs
     * configuring one device undo each other's changes. For a product that knows better, e.g. one
     * whose NetworkManager only ever reads the device.
     *
     * @param devices adapter or VM port names
     * @return this builder
     */
    public Builder allowOtherManagers(String... devices) {
      for (String d : devices) {
        allowClaimed.add(Objects.requireNonNull(d, "device"));
      }
      return this;
    }

    /**
     * How long {@code apply}, {@code recover} and the other calls that change the host wait for it
     * while another caller holds it (in this process or another one, or during an open confirm
     * window), before they give up with {@link HostBusyException}. Callers in this process are
     * served in the order they came; attaches and detaches that arrive while one of them waits for
     * the host run with it, in one transaction. Default: {@link #DEFAULT_LOCK_TIMEOUT}.
     *
     * @param value how long to wait; {@link Duration#ZERO} does not wait
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Builder lockTimeout(Duration value) {
      Objects.requireNonNull(value, "lockTimeout");
      if (value.isNegative()) {
        throw new IllegalArgumentException("lockTimeout must be 0 or more, was " + value);
      }
      lockTimeout = value;
      return this;
    }

    /** Runs confirm-window timers on {@code value} (default: one shared daemon thread). */
    public Builder scheduler(ScheduledExecutorService value) {
      scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * The host network.
     *
     * @throws IllegalStateException if no driver was set
     */
    public HostNetwork build() {
      if (driver == null) {
        throw new IllegalStateException(
            "driver is required: HostNetwork.builder().driver(host).build()");
      }
      return new HostNetwork(this);
    }
  }
}
