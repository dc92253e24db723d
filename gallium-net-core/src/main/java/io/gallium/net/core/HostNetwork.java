package io.gallium.net.core;

import io.gallium.net.Topology;
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
import java.util.Collections;
import java.util.List;
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
  private final Watch watch = new Watch();
  private final Transaction transaction;

  private HostNetwork(Builder b) {
    this.driver = b.driver;
    this.store = b.store != null ? b.store : b.driver.defaultStore();
    this.scheduler = b.scheduler;
    this.transaction =
        new Transaction(
            driver,
            store,
            Collections.unmodifiableSet(new TreeSet<>(b.allowAddresses)),
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
   * @throws RefusedTopologyException if the host cannot take it (nothing was touched)
   * @throws ApplyException if the apply itself failed
   * @throws HostBusyException if another caller still held the host after the lock timeout
   */
  public PendingApply apply(Topology desired, ApplyOptions options) {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(options, "options");
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
    return pending;
  }

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
   * Detaches the VM port {@code port} from its network: it leaves its group's bridge with no VLAN
   * left on it. Same guarantees and cost as {@link #attach}. A port on no network of ours (or with
   * no device) is left as it is: an empty plan, nothing touched.
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
   * @throws IllegalStateException if what the host carries is no valid topology
   * @throws StoreDamagedException if the catalog of network names in the store is damaged
   */
  public Topology observe() {
    return TopologyReader.read(driver.observe(), transaction.catalog());
  }

  /**
   * Finishes what an interrupted apply left: returns the host and catalog to the state the journal
   * recorded before that apply, then removes the journal.
   *
   * @return whether there was anything to recover
   * @throws ApplyException if the host could not be brought back (the journal is kept)
   * @throws StoreDamagedException if the journal is not whole (it is kept, and nothing is changed)
   * @throws HostBusyException if another caller still held the host after the lock timeout
   */
  public boolean recover() {
    return transaction.recover();
  }

  /** Per adapter group: which adapter is active, and each adapter's carrier. Sorted by group. */
  public List<GroupStatus> status() {
    return Watch.status(driver.observe());
  }

  /**
   * Delivers carrier changes of our adapters, failovers and drift (a device of ours changed or
   * removed by someone else) to {@code listener} until the returned handle is closed.
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
    return new ApplyResult(new Plan(applied.plan()), applied.before(), applied.after());
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
