package io.gallium.net.core;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.Catalog;
import io.gallium.net.core.internal.Journal;
import io.gallium.net.core.internal.Layout;
import io.gallium.net.core.internal.ManagedDiff;
import io.gallium.net.core.internal.Planner;
import io.gallium.net.core.internal.Reachable;
import io.gallium.net.core.internal.StagedPlan;
import io.gallium.net.core.internal.Watch;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.DriverException;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A host's VM networking, owned through a {@link Driver}: plan a {@link Topology}, apply it all or
 * nothing, read it back, recover from a process that died mid-apply, and watch failover.
 *
 * <h2>How a topology becomes devices</h2>
 *
 * Each adapter group {@code g} is a bond {@code gb-g} (active-backup, miimon 100, the first adapter
 * primary) enslaved to a bridge {@code gv-g} (VLAN filtering on, default PVID 0) that carries the
 * group's name as alternative name; names longer than 15 bytes become {@code gb-<5 chars>-<hash>},
 * stable across runs. Both carry an owner tag in their alias ({@code gallium-net:bond:g});
 * gallium-net never touches a device without it, other than the adapters and VM ports a topology
 * names. A VLAN network is its VID, tagged, on the bond's bridge port; the untagged network is VID
 * 1 there as PVID and untagged; a VM port is a port of its group's bridge with exactly its
 * network's VID as PVID and untagged. Adding or removing a network thus changes one bridge VLAN
 * entry and no device.
 *
 * <h2>Where names live</h2>
 *
 * The kernel holds the structure; it cannot hold network names, since a VLAN network has no device
 * (an alias has 255 bytes, and the kernel caps a device's alternative names near 64 KB, about 490
 * names, far from 4093 networks a group may carry). Network names therefore live in a small catalog
 * in the {@link StateStore}, next to the journal: the driver's default home ({@code
 * /run/gallium-net} on Linux: tmpfs, exactly as long-lived as the kernel state; memory owned by an
 * {@link InMemoryHost}) or {@link Builder#journal(Path)}. It is written as part of each apply and
 * restored by rollback and {@link #recover()}. {@link #observe()} combines the kernel's structure
 * with the catalog's names; a VLAN the catalog does not know is reported as network {@code
 * <group>.vlan<vid>} ({@code <group>.untagged} for VID 1).
 *
 * <h2>What "all or nothing" means</h2>
 *
 * {@link #apply(Topology)} observes the host, refuses before touching anything if it cannot take
 * the topology ({@link RefusedTopologyException}), plans, simulates the plan against the kernel's
 * rules, writes and fsyncs the journal, runs the plan stage by stage, and on the first failure
 * undoes every change made, in reverse, then verifies the host is as observed first. On success it
 * verifies by a fresh observation that the host is as planned, then removes the journal. A process
 * that dies in between leaves the journal; the next {@link #recover()} returns the host to where it
 * was. Only one apply runs per host at a time, across processes too (a lock in the store).
 */
public final class HostNetwork {

  private final Driver driver;
  private final StateStore store;
  private final Set<String> allowAddresses;
  private final ScheduledExecutorService scheduler;
  private final Watch watch = new Watch();

  private HostNetwork(Builder b) {
    this.driver = b.driver;
    this.store = b.store != null ? b.store : b.driver.defaultStore();
    this.allowAddresses = Collections.unmodifiableSet(new TreeSet<>(b.allowAddresses));
    this.scheduler = b.scheduler;
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
   */
  public Plan plan(Topology desired) {
    Objects.requireNonNull(desired, "desired");
    HostState now = driver.observe();
    return new Plan(
        Planner.diff(now, Layout.desired(desired, now, catalog(), allowAddresses).desired()));
  }

  /**
   * Makes the host carry {@code desired}, all or nothing.
   *
   * @return what was done, verified
   * @throws RefusedTopologyException if the host cannot take it (nothing was touched)
   * @throws ApplyException if it failed; {@link ApplyException#rolledBack()} says whether the host
   *     is as before
   * @throws HostBusyException if another apply holds the host
   * @throws IllegalStateException if an earlier apply was interrupted and {@link #recover()} is due
   */
  public ApplyResult apply(Topology desired) {
    Objects.requireNonNull(desired, "desired");
    StateStore.Lock lock = lock();
    try {
      Applied applied = applyLocked(desired);
      commit(applied);
      return applied.result;
    } finally {
      lock.close();
    }
  }

  /**
   * Makes the host carry {@code desired}, all or nothing, then keeps the change only if {@link
   * PendingApply#confirm()} is called within the options' confirm window; otherwise it is rolled
   * back by itself (on the builder's scheduler). Until then the host is locked for other applies.
   *
   * @throws RefusedTopologyException if the host cannot take it (nothing was touched)
   * @throws ApplyException if the apply itself failed
   * @throws HostBusyException if another apply holds the host
   */
  public PendingApply apply(Topology desired, ApplyOptions options) {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(options, "options");
    StateStore.Lock lock = lock();
    Applied applied;
    try {
      applied = applyLocked(desired);
    } catch (RuntimeException | Error e) {
      lock.close();
      throw e;
    }
    PendingApply pending =
        new PendingApply(
            applied.result,
            new PendingApply.Window() {
              @Override
              public void commit() {
                try {
                  HostNetwork.this.commit(applied);
                } finally {
                  lock.close();
                }
              }

              @Override
              public void undo() {
                try {
                  watch.applying(true);
                  if (!rollBack(applied.steps, applied.before, applied.catalogBefore)) {
                    throw new ApplyException(
                        "the confirm window closed but the rollback did not bring the host back;"
                            + " the journal in "
                            + store
                            + " is kept: call recover()",
                        false,
                        null);
                  }
                  watch.expect(applied.before);
                } finally {
                  watch.applying(false);
                  lock.close();
                }
              }
            });
    pending.startTimer(
        scheduler()
            .schedule(pending::expire, options.confirmWindow().toNanos(), TimeUnit.NANOSECONDS));
    return pending;
  }

  /**
   * The topology the host carries, rebuilt from the host (and the catalog's network names) alone.
   *
   * @throws IllegalStateException if what the host carries is no valid topology
   */
  public Topology observe() {
    return Layout.observe(driver.observe(), catalog());
  }

  /**
   * Finishes what an interrupted apply left: returns the host and catalog to the state the journal
   * recorded before that apply, then removes the journal.
   *
   * @return whether there was anything to recover
   * @throws ApplyException if the host could not be brought back (the journal is kept)
   * @throws HostBusyException if another apply holds the host
   */
  public boolean recover() {
    StateStore.Lock lock = lock();
    try {
      Optional<byte[]> bytes = store.read(Journal.KEY);
      if (bytes.isEmpty()) {
        return false;
      }
      Journal journal = Journal.decode(bytes.get());
      watch.applying(true);
      // The journal does not say which creations went through: any bond or bridge that came counts
      // as ours.
      if (!restore(journal.before(), journal.catalogBefore(), name -> true)) {
        throw new ApplyException(
            "recovery did not bring the host back to the state before the interrupted apply;"
                + " the journal in "
                + store
                + " is kept",
            false,
            null);
      }
      watch.expect(journal.before());
      return true;
    } finally {
      watch.applying(false);
      lock.close();
    }
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

  // --- the transaction ---

  private record Applied(
      ApplyResult result,
      HostState before,
      Catalog catalogBefore,
      List<StagedPlan.Step> steps,
      boolean journaled) {}

  private Applied applyLocked(Topology desired) {
    if (store.read(Journal.KEY).isPresent()) {
      throw new IllegalStateException(
          "an earlier apply on this host was interrupted (journal in "
              + store
              + "); call recover() first");
    }
    HostState before = driver.observe();
    Catalog catalogBefore = catalog();
    Layout.Result goal = Layout.desired(desired, before, catalogBefore, allowAddresses);
    StagedPlan plan = Planner.diff(before, goal.desired());
    if (plan.isEmpty() && goal.catalog().equals(catalogBefore)) {
      return new Applied(
          new ApplyResult(desired, new Plan(plan), before, before),
          before,
          catalogBefore,
          List.of(),
          false);
    }
    store.write(Journal.KEY, new Journal(before, catalogBefore).encode(plan));
    store.write(Catalog.KEY, goal.catalog().encode());
    List<StagedPlan.Step> done = new ArrayList<>();
    watch.applying(true);
    try {
      for (StagedPlan.Stage stage : plan.stages()) {
        ChangeFailedException failure = runStage(stage, done);
        if (failure != null) {
          throw failed(done, before, catalogBefore, failure);
        }
      }
      HostState after = driver.observe();
      List<String> left = ManagedDiff.between(after, goal.desired());
      if (!left.isEmpty()) {
        throw failed(
            done,
            before,
            catalogBefore,
            new IllegalStateException(
                "after the plan ran, the host differs from its goal: " + String.join("; ", left)));
      }
      watch.expect(goal.desired());
      return new Applied(
          new ApplyResult(desired, new Plan(plan), before, after),
          before,
          catalogBefore,
          done,
          true);
    } catch (ApplyException e) {
      throw e;
    } catch (RuntimeException e) {
      // The driver lost the host (or failed otherwise): which changes happened is unknown, so plan
      // back from what the host has now; any creation of the plan may have gone through.
      boolean back = restore(before, catalogBefore, created(plan.changes()));
      throw new ApplyException(message(back, e), back, e);
    } finally {
      watch.applying(false);
    }
  }

  /** Runs one stage; records the steps done; returns the first failure, if any. */
  private ChangeFailedException runStage(StagedPlan.Stage stage, List<StagedPlan.Step> done) {
    List<ChangeOutcome> outcomes = driver.execute(stage.changes());
    if (outcomes.size() != stage.steps().size()) {
      throw new DriverException(
          driver
              + " returned "
              + outcomes.size()
              + " outcomes for "
              + stage.steps().size()
              + " changes");
    }
    ChangeFailedException failure = null;
    for (int i = 0; i < outcomes.size(); i++) {
      ChangeOutcome o = outcomes.get(i);
      if (o.succeeded()) {
        done.add(stage.steps().get(i));
      } else if (failure == null) {
        failure = new ChangeFailedException(o.change(), o.failure().get());
      }
    }
    return failure;
  }

  private ApplyException failed(
      List<StagedPlan.Step> done, HostState before, Catalog catalogBefore, RuntimeException cause) {
    boolean back = rollBack(done, before, catalogBefore);
    return new ApplyException(message(back, cause), back, cause);
  }

  private String message(boolean back, RuntimeException cause) {
    return back
        ? "apply failed and was rolled back; the host is as it was: " + cause.getMessage()
        : "apply failed and the rollback did not bring the host back; the journal in "
            + store
            + " is kept, call recover(): "
            + cause.getMessage();
  }

  /** Undoes the steps done, in reverse, then makes sure the host is as before. */
  private boolean rollBack(List<StagedPlan.Step> done, HostState before, Catalog catalogBefore) {
    try {
      for (int i = done.size() - 1; i >= 0; i--) {
        for (Change undo : done.get(i).undo()) {
          driver.execute(List.of(undo));
        }
      }
    } catch (DriverException e) {
      // Fall through: restore() plans from whatever the host has now.
    }
    List<Change> made = new ArrayList<>();
    done.forEach(step -> made.add(step.change()));
    return restore(before, catalogBefore, created(made));
  }

  /**
   * The bonds and bridges these changes create: the only ones a rollback may delete. One that came
   * otherwise (say, someone took the name of ours while we applied) is not ours to touch.
   */
  private static Predicate<String> created(List<Change> changes) {
    Set<String> names = new TreeSet<>();
    for (Change c : changes) {
      c.accept(CREATED).ifPresent(names::add);
    }
    return names::contains;
  }

  /** The device a change creates, if it creates one. */
  private static final Change.Visitor<Optional<String>> CREATED =
      new Change.Visitor<>() {
        @Override
        public Optional<String> visit(Change.CreateBond change) {
          return Optional.of(change.device());
        }

        @Override
        public Optional<String> visit(Change.CreateBridge change) {
          return Optional.of(change.device());
        }

        @Override
        public Optional<String> visit(Change.DeleteDevice change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetMaster change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.ReleaseMaster change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetUp change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetMtu change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetAlias change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.AddAltName change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.RemoveAltName change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetBondPrimary change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.AddPortVlans change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.RemovePortVlans change) {
          return Optional.empty();
        }
      };

  /**
   * Brings the host back to {@code before} (planning from what it has now if it differs) and the
   * catalog to {@code catalogBefore}, then removes the journal. Returns false, keeping the journal,
   * if the host still differs.
   */
  private boolean restore(HostState before, Catalog catalogBefore, Predicate<String> createdByUs) {
    try {
      HostState now = driver.observe();
      HostState target = Reachable.from(before, now, createdByUs);
      if (!ManagedDiff.between(now, target).isEmpty()) {
        for (StagedPlan.Stage stage : Planner.diff(now, target).stages()) {
          driver.execute(stage.changes());
        }
        now = driver.observe();
      }
      if (!ManagedDiff.between(now, target).isEmpty()) {
        return false;
      }
    } catch (DriverException | IllegalArgumentException e) {
      return false;
    }
    store.write(Catalog.KEY, catalogBefore.encode());
    store.delete(Journal.KEY);
    return true;
  }

  private void commit(Applied applied) {
    if (applied.journaled) {
      store.delete(Journal.KEY);
    }
  }

  private Catalog catalog() {
    return store.read(Catalog.KEY).map(Catalog::decode).orElse(Catalog.empty());
  }

  private StateStore.Lock lock() {
    return store
        .tryLock()
        .orElseThrow(
            () ->
                new HostBusyException(
                    "another apply holds this host (lock in "
                        + store
                        + "); try again when it is done"));
  }

  private ScheduledExecutorService scheduler() {
    return scheduler != null ? scheduler : DefaultScheduler.INSTANCE;
  }

  /**
   * The scheduler of confirm windows when the builder got none: one daemon thread, made on first
   * use.
   */
  private static final class DefaultScheduler {
    static final ScheduledExecutorService INSTANCE =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gallium-net-confirm-window");
              t.setDaemon(true);
              return t;
            });
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
