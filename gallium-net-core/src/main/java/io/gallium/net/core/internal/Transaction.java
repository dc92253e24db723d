package io.gallium.net.core.internal;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.ChangeFailedException;
import io.gallium.net.core.HostBusyException;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.StoreDamagedException;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.DriverException;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * All or nothing on one host: observes it, refuses before touching anything if it cannot take the
 * topology, plans, writes and fsyncs the journal, runs the plan stage by stage, and on the first
 * failure undoes every change made, in reverse, then verifies the host is as observed first. On
 * success it verifies by a fresh observation that the host is as planned; the journal is removed
 * when the apply is committed. A process that dies in between leaves the journal; {@link
 * #recover()} returns the host to where it was. One apply per host at a time, across processes too
 * (a lock in the store).
 */
public final class Transaction {

  /** Where applies, rollbacks, recoveries and refusals are logged; each change at DEBUG. */
  public static final String LOGGER_NAME = "io.gallium.net.core";

  private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

  private final Driver driver;
  private final StateStore store;
  private final Set<String> allowAddresses;
  private final Set<String> allowClaimed;
  private final Duration lockTimeout;
  private final Watch watch;
  private volatile CatalogIndex cached;
  private final GroupCommit ports =
      new GroupCommit(this::lockFor, this::lockIfFree, this::runBatch);
  private volatile Consumer<Thread> runOrder = caller -> {};

  /**
   * A transaction on the host {@code driver} drives.
   *
   * @param driver the host
   * @param store where journal, catalog and lock live
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @param lockTimeout how long to wait for the host while someone else holds it
   * @param watch told while an apply runs and what the host should look like after it
   */
  public Transaction(
      Driver driver,
      StateStore store,
      Set<String> allowAddresses,
      Duration lockTimeout,
      Watch watch) {
    this(driver, store, allowAddresses, Set.of(), lockTimeout, watch);
  }

  /**
   * A transaction on the host {@code driver} drives.
   *
   * @param driver the host
   * @param store where journal, catalog and lock live
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @param allowClaimed adapters and VM ports that may be taken although another program claims
   *     them
   * @param lockTimeout how long to wait for the host while someone else holds it
   * @param watch told while an apply runs and what the host should look like after it
   */
  public Transaction(
      Driver driver,
      StateStore store,
      Set<String> allowAddresses,
      Set<String> allowClaimed,
      Duration lockTimeout,
      Watch watch) {
    this.driver = driver;
    this.store = store;
    this.allowAddresses = allowAddresses;
    this.allowClaimed = allowClaimed;
    this.lockTimeout = lockTimeout;
    this.watch = watch;
  }

  /**
   * An apply that went through and is verified, not yet committed: its lock is held until {@link
   * #commit} or {@link #undo}.
   */
  public static final class Applied {
    private final Once<StagedPlan> plan;
    private final HostState before;
    private final HostState after;
    private final Optional<Catalog> catalogBefore;
    private final Map<String, Optional<Catalog.AdapterOrigin>> portsBefore;
    private final Map<String, Optional<HostAddresses.Record>> hostsBefore;
    // Set by a whole host's apply: {@link #after} is then every device, and its commit prunes.
    private boolean wholeHost;
    private final List<StagedPlan.Step> steps;
    private final boolean journaled;
    private final Scope scope;
    private final HostState restoreTo;
    private StateStore.Lock lock;

    private Applied(
        Once<StagedPlan> plan,
        HostState before,
        HostState after,
        Optional<Catalog> catalogBefore,
        Map<String, Optional<Catalog.AdapterOrigin>> portsBefore,
        Map<String, Optional<HostAddresses.Record>> hostsBefore,
        List<StagedPlan.Step> steps,
        boolean journaled,
        Scope scope) {
      this.scope = scope;
      this.portsBefore = portsBefore;
      this.hostsBefore = hostsBefore;
      this.restoreTo = scope.restrict(before);
      this.plan = plan;
      this.before = before;
      this.after = after;
      this.catalogBefore = catalogBefore;
      this.steps = steps;
      this.journaled = journaled;
    }

    /**
     * Records what the held lock is held for now, for callers who find the host busy.
     *
     * @param purpose e.g. "confirm window of an apply, open until ..."
     */
    public void holdFor(String purpose) {
      lock.purpose(purpose);
    }

    /** The plan that was carried out. */
    public StagedPlan plan() {
      return plan.get();
    }

    /** The plan that was carried out, made when first looked at if it is a batch's part. */
    public Once<StagedPlan> lazyPlan() {
      return plan;
    }

    /** What was observed before: the whole host, or the devices of a scoped transaction. */
    public HostState before() {
      return before;
    }

    /** The same devices as observed after, verified to match the plan's goal. */
    public HostState after() {
      return after;
    }
  }

  /**
   * The plan an apply of {@code desired} would carry out now. Changes nothing.
   *
   * @param desired the topology
   * @return the plan
   */
  public StagedPlan plan(Topology desired) {
    HostState now = driver.observe();
    return Planner.diff(
        now,
        Layout.desired(
                desired,
                now,
                catalog(),
                allowAddresses,
                allowClaimed,
                this::portOrigin,
                this::hostRecord)
            .desired());
  }

  /**
   * Applies {@code desired} and commits it, under the host's lock.
   *
   * @param desired the topology
   * @return what was done
   */
  public Applied apply(Topology desired) {
    StateStore.Lock lock = lock("apply");
    try {
      Applied applied = applyLocked(desired);
      commitLocked(applied);
      return applied;
    } finally {
      lock.close();
    }
  }

  /**
   * Applies {@code desired} and keeps the host's lock until {@link #commit} or {@link #undo}.
   *
   * @param desired the topology
   * @return what was done
   */
  public Applied applyUncommitted(Topology desired) {
    StateStore.Lock lock = lock("apply with a confirm window");
    Applied applied;
    try {
      applied = applyLocked(desired);
    } catch (RuntimeException | Error e) {
      lock.close();
      throw e;
    }
    applied.lock = lock;
    return applied;
  }

  /**
   * Keeps an uncommitted apply: removes the journal and frees the host.
   *
   * @param applied the apply from {@link #applyUncommitted}
   */
  public void commit(Applied applied) {
    try {
      commitLocked(applied);
      if (LOG.isLoggable(Level.INFO)) {
        LOG.log(Level.INFO, "apply on " + driver + " (" + describe(applied.plan()) + ") confirmed");
      }
    } finally {
      applied.lock.close();
    }
  }

  /**
   * Rolls an uncommitted apply back and frees the host.
   *
   * @param applied the apply from {@link #applyUncommitted}
   * @throws ApplyException if the rollback did not bring the host back (the journal is kept)
   */
  public void undo(Applied applied) {
    try {
      watch.applying(true);
      if (!rollBack(
          applied.scope,
          applied.steps,
          applied.restoreTo,
          applied.catalogBefore,
          applied.portsBefore,
          applied.hostsBefore)) {
        LOG.log(
            Level.ERROR,
            "apply on "
                + driver
                + " ("
                + describe(applied.plan())
                + ") was not confirmed and the rollback did not bring the host back; the journal"
                + " in "
                + store
                + " is kept");
        throw new ApplyException(
            "the confirm window closed but the rollback did not bring the host back;"
                + " the journal in "
                + store
                + " is kept: call recover()",
            false,
            null);
      }
      watch.expect(applied.scope, applied.restoreTo);
      if (LOG.isLoggable(Level.WARNING)) {
        LOG.log(
            Level.WARNING,
            "apply on "
                + driver
                + " ("
                + describe(applied.plan())
                + ") was not confirmed: rolled back, the host is as it was");
      }
    } finally {
      watch.applying(false);
      applied.lock.close();
    }
  }

  /**
   * Finishes what an interrupted apply left: returns the host and catalog to the state the journal
   * recorded before that apply, then removes the journal.
   *
   * @return whether there was anything to recover
   * @throws ApplyException if the host could not be brought back (the journal is kept)
   */
  public boolean recover() {
    StateStore.Lock lock = lock("recover");
    try {
      Optional<byte[]> bytes = store.read(Journal.KEY);
      if (bytes.isEmpty()) {
        if (LOG.isLoggable(Level.INFO)) {
          LOG.log(Level.INFO, "recover on " + driver + ": no interrupted apply, nothing to do");
        }
        return false;
      }
      Journal journal = Journal.decode(bytes.get(), store + "/" + Journal.KEY);
      journal.requireHost(driver.identity(), store + "/" + Journal.KEY);
      watch.applying(true);
      // The journal does not say which creations went through: any bond or bridge that came counts
      // as ours.
      if (!restore(
          journal.scope(),
          journal.before(),
          journal.catalogBefore(),
          journal.portsBefore(),
          journal.hostsBefore(),
          name -> true)) {
        LOG.log(
            Level.ERROR,
            "recover on "
                + driver
                + ": the host is not back to the state before the interrupted apply; the journal"
                + " in "
                + store
                + " is kept");
        throw new ApplyException(
            "recovery did not bring the host back to the state before the interrupted apply;"
                + " the journal in "
                + store
                + " is kept",
            false,
            null);
      }
      watch.expect(journal.scope(), journal.before());
      LOG.log(
          Level.INFO,
          "recover on " + driver + ": the host is back to the state before the interrupted apply");
      return true;
    } finally {
      watch.applying(false);
      lock.close();
    }
  }

  /**
   * Attaches a VM port to a network, reading, journaling and verifying only the port, its group's
   * bond and bridge (and its former bridge when it moves), and commits. Attaches and detaches that
   * wait for the host together run as one transaction; each caller still gets its own outcome.
   *
   * @param port the port device
   * @param network the network's name
   * @return what was done
   */
  public Applied attach(String port, String network) {
    return ports.submit(GroupCommit.Request.attach(port, network, lockTimeout), this::busy);
  }

  /**
   * Attaches a VM port as a trunk of several networks of one group (or changes the trunk it is),
   * reading, journaling and verifying only what {@link #attach} does, and commits.
   *
   * @param port the port device
   * @param networks the networks' names, the native one (if any) first
   * @param nativeNetwork the native network's name, or null for a trunk without one
   * @return what was done
   */
  public Applied attachTrunk(String port, List<String> networks, String nativeNetwork) {
    String what = "attach " + port + " as trunk of networks " + String.join(", ", networks);
    return committed(what, event -> attachTrunkRecorded(port, networks, nativeNetwork, event));
  }

  /**
   * Detaches a VM port from its network, reading, journaling and verifying only the port and its
   * bridge, and commits; a port on no network of ours is left as it is (an empty plan).
   *
   * @param port the port device
   * @return what was done
   */
  public Applied detach(String port) {
    return ports.submit(GroupCommit.Request.detach(port, lockTimeout), this::busy);
  }

  /**
   * For tests: {@code value} is told the calling thread of each attach and detach, in the order
   * they run, while the host's lock is held.
   *
   * @param value told of each caller
   */
  public void onRun(Consumer<Thread> value) {
    runOrder = Objects.requireNonNull(value, "value");
  }

  /**
   * For tests: how many attaches and detaches wait for a batch now.
   *
   * @return the queue's length
   */
  public int queued() {
    return ports.queued();
  }

  /**
   * For tests: waits until at least {@code n} attaches and detaches wait for a batch.
   *
   * @param n how many
   * @param timeout how long to wait for them
   * @return false if they did not come within {@code timeout}
   * @throws InterruptedException if the thread was interrupted
   */
  public boolean awaitQueued(int n, Duration timeout) throws InterruptedException {
    return ports.awaitQueued(n, timeout);
  }

  /** The host's lock for the batch {@code leader} heads, waiting what is left of its timeout. */
  private StateStore.Lock lockFor(GroupCommit.Request leader) {
    long left = Math.max(0, leader.remainingNanos());
    return lock(leader.what(), Duration.ofNanos(left));
  }

  /** The host's lock for the batch {@code head} heads, if it is free at once. */
  private Optional<StateStore.Lock> lockIfFree(GroupCommit.Request head) {
    return store.lock(Duration.ZERO, head.what());
  }

  /** What a caller whose time ran out before any batch took its request gets. */
  private HostBusyException busy(GroupCommit.Request r) {
    return busyException(r.what());
  }

  /**
   * Runs a batch under the held lock: a lone request as it always ran, several as one transaction.
   */
  private void runBatch(List<GroupCommit.Request> batch) {
    batch.forEach(r -> runOrder.accept(r.caller));
    if (batch.size() == 1) {
      runAlone(batch.get(0));
    } else {
      runTogether(batch);
    }
  }

  /** One attach or detach, its own transaction. */
  private void runAlone(GroupCommit.Request r) {
    try {
      Applied applied =
          recorded(
              r.what(),
              event ->
                  r.isAttach()
                      ? attachRecorded(r.port, r.network, event)
                      : detachRecorded(r.port, event));
      commitLocked(applied);
      r.succeed(applied);
    } catch (RuntimeException | Error e) {
      r.fail(e);
    }
  }

  /**
   * Several attaches and detaches as ONE transaction: one read of the devices involved, each
   * request checked against the state the earlier ones leave (a refused one gets its own {@link
   * RefusedTopologyException} and is dropped before anything is touched), one journal, one plan,
   * one verification, one expectation for the watch. Each caller gets its own part: the plan from
   * the state before its request to the state after it, over its own devices.
   *
   * <p>If the transaction fails and is rolled back, each request is run again alone, in order: a
   * fault one request causes (a group full, a port that vanished) then fails that request only, as
   * it would have without the batch, and the others are not failed for someone else's port. If it
   * fails and is not rolled back (the journal is kept), every caller of the batch gets that {@link
   * ApplyException}: the host needs {@code recover()} before anything else may run. A failure
   * before any change (a journal left by an interrupted apply, a damaged catalog) goes to every
   * caller.
   */
  private void runTogether(List<GroupCommit.Request> batch) {
    List<Part> accepted = new ArrayList<>();
    StringBuilder what = new StringBuilder("batch of " + batch.size() + ":");
    batch.forEach(r -> what.append(' ').append(r.what()).append(';'));
    what.setLength(what.length() - 1);
    Applied together;
    try {
      together = recorded(what.toString(), event -> together(batch, accepted, event));
      commitLocked(together);
    } catch (ApplyException e) {
      if (e.rolledBack()) {
        accepted.forEach(p -> runAlone(p.request));
      } else {
        accepted.forEach(p -> p.request.fail(e));
      }
      return;
    } catch (RuntimeException | Error e) {
      batch.stream().filter(r -> !r.completed()).forEach(r -> r.fail(e));
      return;
    }
    // A device a later request changed again is reported as this request left it; the others as
    // observed after the batch.
    Map<String, Integer> lastChange = new HashMap<>();
    for (int i = 0; i < accepted.size(); i++) {
      Part p = accepted.get(i);
      for (String name : p.scope.names().orElseThrow()) {
        if (!p.before.device(name).equals(p.after.device(name))) {
          lastChange.put(name, i);
        }
      }
    }
    HostState observed = together.after;
    boolean journaled = together.journaled;
    for (int i = 0; i < accepted.size(); i++) {
      Part p = accepted.get(i);
      int index = i;
      p.request.succeedWith(
          () -> {
            List<Device> after = new ArrayList<>();
            for (String name : p.scope.names().orElseThrow()) {
              Optional<Device> d =
                  lastChange.getOrDefault(name, -1) <= index
                      ? observed.device(name)
                      : p.after.device(name);
              d.ifPresent(after::add);
            }
            // Its part of the batch's plan is made only if the caller looks at it: the batch has
            // carried it out already, and 64 callers each planning again cost a burst a third of
            // its time (see RESULTS.md, "64 at once").
            return new Applied(
                Once.of(() -> Planner.diff(p.before, p.after)),
                p.before,
                HostState.of(after),
                Optional.empty(),
                Map.of(),
                Map.of(),
                List.of(),
                journaled,
                p.scope);
          });
    }
  }

  /** An accepted request of a batch: its devices, and their state before and after it. */
  private record Part(
      GroupCommit.Request request, Scope scope, HostState before, HostState after) {}

  private Applied together(List<GroupCommit.Request> batch, List<Part> accepted, ApplyEvent event) {
    requireNoJournal();
    CatalogIndex catalog = catalogIndex();
    Map<GroupCommit.Request, Catalog.NetworkRef> refs = new HashMap<>();
    Set<String> names = new TreeSet<>();
    List<GroupCommit.Request> candidates = new ArrayList<>();
    for (GroupCommit.Request r : batch) {
      if (r.isAttach()) {
        Optional<Catalog.NetworkRef> ref = HostChecks.network(r.network, catalog.networks());
        if (ref.isEmpty()) {
          refuse(r, HostChecks.unknownNetwork(r.port, r.network));
          continue;
        }
        refs.put(r, ref.get());
        names.add(DeviceNames.bridge(ref.get().group()));
        names.add(DeviceNames.bond(ref.get().group()));
      }
      names.add(r.port);
      candidates.add(r);
    }
    HostState seen = driver.observe(names);
    Set<String> masters = new TreeSet<>();
    for (GroupCommit.Request r : candidates) {
      seen.device(r.port)
          .flatMap(Device::master)
          .filter(m -> !names.contains(m))
          .ifPresent(masters::add);
    }
    if (!masters.isEmpty()) {
      names.addAll(masters);
      for (Device d : driver.observe(masters).devices().values()) {
        seen = StateEdits.with(seen, d);
      }
    }
    HostState state = seen;
    // What a port taken earlier in this batch was like before: its record is written only when
    // the batch runs, and a later detach in the batch gives that state back, as it would alone.
    Map<String, Optional<Catalog.AdapterOrigin>> takenHere = new HashMap<>();
    for (GroupCommit.Request r : candidates) {
      Set<String> own = new TreeSet<>(List.of(r.port));
      state.device(r.port).flatMap(Device::master).ifPresent(own::add);
      HostState next;
      try {
        if (r.isAttach()) {
          Catalog.NetworkRef ref = refs.get(r);
          String bond = DeviceNames.bond(ref.group());
          own.add(DeviceNames.bridge(ref.group()));
          own.add(bond);
          HostChecks.checkAttach(state, r.port, r.network, ref, allowClaimed);
          Device port = state.device(r.port).get();
          // The port takes its group's MTU, which the group's bond carries, as alone.
          int mtu = state.device(bond).map(Device::mtu).orElse(port.mtu());
          HostChecks.checkPortMtu(port, r.network, mtu);
          if (!PortOrigins.onOurBridge(port, state)) {
            takenHere.putIfAbsent(
                r.port, Optional.of(new Catalog.AdapterOrigin(port.up(), port.mtu())));
          }
          next = StateEdits.with(state, Layout.attachedPort(port, ref.group(), ref.vid(), mtu));
        } else if (HostChecks.checkDetach(state, r.port)) {
          Optional<Catalog.AdapterOrigin> origin =
              takenHere.containsKey(r.port)
                  ? takenHere.get(r.port)
                  : PortOrigins.read(store, r.port);
          next = StateEdits.with(state, Layout.releasedPort(state.device(r.port).get(), origin));
        } else {
          next = state;
        }
      } catch (RefusedTopologyException e) {
        refuse(r, e);
        continue;
      } catch (StoreDamagedException e) {
        // A damaged record stops that port's release alone, as it would alone.
        LOG.log(Level.WARNING, r.what() + " on " + driver + " refused: " + e.getMessage());
        r.fail(e);
        continue;
      }
      Scope scope = Scope.of(own);
      accepted.add(new Part(r, scope, scope.restrict(state), scope.restrict(next)));
      state = next;
    }
    return run(Scope.of(names), seen, state, catalog.catalog(), catalog.catalog(), event);
  }

  /** A request of a batch refused: its caller gets the refusal, the others go on. */
  private void refuse(GroupCommit.Request r, RefusedTopologyException e) {
    LOG.log(Level.WARNING, r.what() + " on " + driver + " refused: " + e.getMessage());
    r.fail(e);
  }

  /**
   * Applies what {@code change} makes of the topology the host carries, all under one hold of the
   * lock, and commits.
   *
   * @param change the read-modify-write of the topology
   * @return what was done
   */
  public Applied update(UnaryOperator<Topology> change) {
    return committed(
        "update",
        event -> {
          requireNoJournal();
          Topology now = TopologyReader.read(driver.observe(), catalog(), this::hostRecord);
          Topology desired =
              Objects.requireNonNull(change.apply(now), "the update returned no topology");
          return applyRecorded(desired, event);
        });
  }

  private Applied committed(String what, Function<ApplyEvent, Applied> body) {
    StateStore.Lock lock = lock(what);
    try {
      Applied applied = recorded(what, body);
      commitLocked(applied);
      return applied;
    } finally {
      lock.close();
    }
  }

  private Applied attachRecorded(String port, String network, ApplyEvent event) {
    requireNoJournal();
    CatalogIndex catalog = catalogIndex();
    Catalog.NetworkRef ref =
        HostChecks.network(network, catalog.networks())
            .orElseThrow(() -> HostChecks.unknownNetwork(port, network));
    String bridge = DeviceNames.bridge(ref.group());
    String bond = DeviceNames.bond(ref.group());
    Set<String> names = new TreeSet<>(List.of(port, bridge, bond));
    HostState seen = driver.observe(names);
    Optional<String> from = seen.device(port).flatMap(Device::master);
    if (from.isPresent() && names.add(from.get())) {
      seen = withMaster(seen, from.get());
    }
    HostChecks.checkAttach(seen, port, network, ref, allowClaimed);
    // The port takes its group's MTU, which the group's bond carries.
    int mtu = seen.device(bond).map(Device::mtu).orElse(seen.device(port).get().mtu());
    HostChecks.checkPortMtu(seen.device(port).get(), network, mtu);
    HostState desired =
        StateEdits.with(
            seen, Layout.attachedPort(seen.device(port).get(), ref.group(), ref.vid(), mtu));
    try {
      return run(Scope.of(names), seen, desired, catalog.catalog(), catalog.catalog(), event);
    } catch (ApplyException e) {
      // How many ports a bridge has cannot be read without listing them all; the kernel's EXFULL
      // on the one enslave says it, and the rollback has put the port back where it was.
      if (e.rolledBack()
          && e.getCause() instanceof ChangeFailedException f
          && f.change() instanceof Change.SetMaster m
          && m.device().equals(port)
          && f.failure().errno().equals(Errno.EXFULL)) {
        throw HostChecks.groupFull(port, network, ref.group(), bridge);
      }
      throw e;
    }
  }

  private Applied attachTrunkRecorded(
      String port, List<String> networks, String nativeNetwork, ApplyEvent event) {
    requireNoJournal();
    CatalogIndex catalog = catalogIndex();
    Map<String, Catalog.NetworkRef> refs = new TreeMap<>();
    for (String n : networks) {
      HostChecks.network(n, catalog.networks()).ifPresent(ref -> refs.put(n, ref));
    }
    // Refused on the names alone (unknown, repeated, of several groups) before anything is read.
    HostChecks.checkAttachTrunk(
        HostState.of(List.of()), port, networks, nativeNetwork, refs, false, allowClaimed);
    String group = refs.values().iterator().next().group();
    String bridge = DeviceNames.bridge(group);
    Set<String> names = new TreeSet<>(List.of(port, bridge, DeviceNames.bond(group)));
    HostState seen = driver.observe(names);
    Optional<String> from = seen.device(port).flatMap(Device::master);
    if (from.isPresent() && names.add(from.get())) {
      seen = withMaster(seen, from.get());
    }
    HostChecks.checkAttachTrunk(seen, port, networks, nativeNetwork, refs, true, allowClaimed);
    // The port takes its group's MTU, which the group's bond carries, as an access port does.
    int mtu =
        seen.device(DeviceNames.bond(group)).map(Device::mtu).orElse(seen.device(port).get().mtu());
    HostChecks.checkPortMtu(seen.device(port).get(), networks.get(0), mtu);
    List<Integer> tagged = new ArrayList<>();
    for (String n : new TreeSet<>(networks)) {
      if (!n.equals(nativeNetwork)) {
        tagged.add(refs.get(n).vid());
      }
    }
    Optional<Integer> nativeVid = Optional.ofNullable(nativeNetwork).map(n -> refs.get(n).vid());
    HostState desired =
        StateEdits.with(
            seen, Layout.trunkPort(seen.device(port).get(), group, tagged, nativeVid, mtu));
    try {
      return run(Scope.of(names), seen, desired, catalog.catalog(), catalog.catalog(), event);
    } catch (ApplyException e) {
      if (e.rolledBack()
          && e.getCause() instanceof ChangeFailedException f
          && f.change() instanceof Change.SetMaster m
          && m.device().equals(port)
          && f.failure().errno().equals(Errno.EXFULL)) {
        throw HostChecks.groupFull(port, networks.get(0), group, bridge);
      }
      throw e;
    }
  }

  /**
   * {@code seen} and the port's master, read alone: the devices already read are not read again.
   */
  private HostState withMaster(HostState seen, String master) {
    for (Device d : driver.observe(Set.of(master)).devices().values()) {
      seen = StateEdits.with(seen, d);
    }
    return seen;
  }

  private Applied detachRecorded(String port, ApplyEvent event) {
    requireNoJournal();
    Set<String> names = new TreeSet<>(List.of(port));
    HostState seen = driver.observe(names);
    Optional<String> master = seen.device(port).flatMap(Device::master);
    if (master.isPresent()) {
      names.add(master.get());
      seen = withMaster(seen, master.get());
    }
    Catalog catalog = catalog();
    if (!HostChecks.checkDetach(seen, port)) {
      return run(Scope.of(names), seen, seen, catalog, catalog, event);
    }
    HostState desired =
        StateEdits.with(
            seen, Layout.releasedPort(seen.device(port).get(), PortOrigins.read(store, port)));
    return run(Scope.of(names), seen, desired, catalog, catalog, event);
  }

  /**
   * The network-name catalog, empty if the store has none. Parsed once per version of the stored
   * catalog (when the store can tell versions), so that an attach does not parse thousands of
   * networks.
   */
  public Catalog catalog() {
    return catalogIndex().catalog();
  }

  private CatalogIndex catalogIndex() {
    // The version first: a write between it and the read only costs a read next time.
    Optional<Object> version = store.version(Catalog.KEY);
    CatalogIndex cached = this.cached;
    if (version.isPresent() && cached != null && version.get().equals(cached.version())) {
      return cached;
    }
    Catalog read =
        store
            .read(Catalog.KEY)
            .map(b -> Catalog.decode(b, store + "/" + Catalog.KEY))
            .orElse(Catalog.empty());
    CatalogIndex index = new CatalogIndex(version.orElse(null), read, read.byName());
    this.cached = version.isPresent() ? index : null;
    return index;
  }

  /** A parsed catalog, its version in the store, and its networks by name. */
  private record CatalogIndex(
      Object version, Catalog catalog, Map<String, Catalog.NetworkRef> networks) {}

  /** Applies under the held lock; logs the outcome and records it for the flight recorder. */
  private Applied applyLocked(Topology desired) {
    return recorded("apply", event -> applyRecorded(desired, event));
  }

  /**
   * Runs one transaction under the held lock; logs its outcome and records it for the flight
   * recorder.
   *
   * @param what what it does, for the log: "apply", "attach tap-vm7 to network prod", ...
   */
  private Applied recorded(String what, Function<ApplyEvent, Applied> body) {
    ApplyEvent event = new ApplyEvent();
    event.operation = what;
    event.begin();
    try {
      Applied applied = body.apply(event);
      event.outcome = applied.journaled ? "applied" : "unchanged";
      event.operation = what;
      if (LOG.isLoggable(Level.INFO)) {
        LOG.log(
            Level.INFO,
            what
                + " on "
                + driver
                + ": "
                + describe(applied.plan())
                + (applied.journaled ? ", applied and verified" : ", nothing to change"));
      }
      return applied;
    } catch (RefusedTopologyException e) {
      event.outcome = "refused";
      LOG.log(Level.WARNING, what + " on " + driver + " refused: " + e.getMessage());
      throw e;
    } catch (ApplyException e) {
      event.outcome = e.rolledBack() ? "rolled back" : "failed";
      event.rolledBack = e.rolledBack();
      LOG.log(
          e.rolledBack() ? Level.WARNING : Level.ERROR,
          what + " on " + driver + " (" + describe(event) + "): " + e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // Failures once changes begin are ApplyExceptions: this one came before any change.
      event.outcome = "failed";
      LOG.log(
          Level.WARNING,
          what + " on " + driver + " (" + describe(event) + ") failed before any change: " + e);
      throw e;
    } catch (Error e) {
      event.outcome = "failed";
      LOG.log(
          Level.ERROR,
          what
              + " on "
              + driver
              + " ("
              + describe(event)
              + ") stopped without rollback; if it had begun to change the host, recover() is"
              + " due: "
              + e);
      throw e;
    } finally {
      event.end();
      if (event.shouldCommit()) {
        event.host = driver.toString();
        event.commit();
      }
    }
  }

  /** Each change and how it went, at DEBUG; builds nothing unless that is logged. */
  private void logEach(String what, List<ChangeOutcome> outcomes) {
    if (LOG.isLoggable(Level.DEBUG)) {
      for (ChangeOutcome o : outcomes) {
        LOG.log(
            Level.DEBUG,
            what
                + " on "
                + driver
                + ": "
                + o.change()
                + o.failure().map(f -> ": failed: " + f).orElse(": done"));
      }
    }
  }

  private static String describe(StagedPlan plan) {
    return plan.size()
        + (plan.size() == 1 ? " change" : " changes")
        + " in "
        + plan.stages().size()
        + (plan.stages().size() == 1 ? " stage" : " stages");
  }

  private static String describe(ApplyEvent event) {
    return event.planSize < 0 ? "not planned" : "plan of " + event.planSize + " changes";
  }

  private Applied applyRecorded(Topology desired, ApplyEvent event) {
    requireNoJournal();
    HostState before = driver.observe();
    Catalog catalogBefore = catalog();
    Layout.Result goal =
        Layout.desired(
            desired,
            before,
            catalogBefore,
            allowAddresses,
            allowClaimed,
            this::portOrigin,
            this::hostRecord);
    StagedPlan plan = Planner.diff(before, goal.desired());
    warnOfRecreatedBonds(plan);
    // The apply owns what its plan touches, and nothing else: it journals, verifies and may
    // restore those devices only, so that what others change elsewhere meanwhile stays theirs.
    Scope scope = Scope.touchedBy(plan, before, goal.desired());
    Applied applied =
        run(
            scope,
            before,
            scope.restrict(goal.desired()),
            plan,
            catalogBefore,
            goal.catalog(),
            goal.hostRecords(),
            event);
    applied.wholeHost = true;
    return applied;
  }

  /** What gallium-net put on a host interface, if recorded. */
  private Optional<HostAddresses.Record> hostRecord(String device) {
    return HostAddresses.read(store, device);
  }

  /** A VM port's state from before it was taken, if recorded. */
  private Optional<Catalog.AdapterOrigin> portOrigin(String port) {
    return PortOrigins.read(store, port);
  }

  /**
   * /** A bond created again (its mode or LACP rate changed) stops its group's traffic for a
   * moment: the operator should hear of it before it happens.
   */
  private void warnOfRecreatedBonds(StagedPlan plan) {
    for (StagedPlan.Stage stage : plan.stages()) {
      if (stage.purpose().equals(Planner.RECREATE_BONDS) && LOG.isLoggable(Level.WARNING)) {
        LOG.log(
            Level.WARNING,
            "apply on "
                + driver
                + " creates bond(s) "
                + String.join(", ", stage.steps().stream().map(st -> st.change().device()).toList())
                + " again (mode or LACP rate changed; Linux changes neither on a bond with slaves):"
                + " their groups' traffic stops until the adapters are enslaved again");
      }
    }
  }

  private void requireNoJournal() {
    if (store.read(Journal.KEY).isPresent()) {
      throw new IllegalStateException(
          "an earlier apply on this host was interrupted (journal in "
              + store
              + "); call recover() first");
    }
  }

  /**
   * Takes the devices of {@code scope} from {@code before} to {@code desired}, all or nothing:
   * journals, runs the plan stage by stage, verifies by observing the scope again; on a failure
   * undoes what was done and restores the scope.
   */
  private Applied run(
      Scope scope,
      HostState before,
      HostState desired,
      Catalog catalogBefore,
      Catalog catalogAfter,
      ApplyEvent event) {
    return run(
        scope, before, desired, Planner.diff(before, desired), catalogBefore, catalogAfter, event);
  }

  /**
   * The same with the plan made already: {@code observed} may be more than the scope (an apply
   * observes the whole host); {@code desired} is the scope's goal.
   */
  private Applied run(
      Scope scope,
      HostState observed,
      HostState desired,
      StagedPlan plan,
      Catalog catalogBefore,
      Catalog catalogAfter,
      ApplyEvent event) {
    return run(scope, observed, desired, plan, catalogBefore, catalogAfter, Map.of(), event);
  }

  /**
   * The same, writing the host interface records {@code hostsAfter} (empty: removed) with the
   * change, journaled as they were.
   */
  private Applied run(
      Scope scope,
      HostState observed,
      HostState desired,
      StagedPlan plan,
      Catalog catalogBefore,
      Catalog catalogAfter,
      Map<String, Optional<HostAddresses.Record>> hostsAfter,
      ApplyEvent event) {
    HostState before = scope.restrict(observed);
    event.planSize = plan.size();
    event.stages = plan.stages().size();
    // The catalog to put back on a rollback, if this transaction changes it (an attach does not:
    // its journal then stays the size of its scope, not of the host's networks).
    Optional<Catalog> restoreCatalog =
        catalogAfter.equals(catalogBefore) ? Optional.empty() : Optional.of(catalogBefore);
    // The VM ports it takes or releases have their records written or removed, and journaled as
    // they were: one small record per port, so an attach costs the same on any host.
    Map<String, Optional<Catalog.AdapterOrigin>> portsAfter =
        PortOrigins.changedBy(before, desired);
    Map<String, Optional<Catalog.AdapterOrigin>> portsBefore =
        PortOrigins.before(store, portsAfter);
    // The host interfaces whose addresses or routes it changes have their records rewritten, and
    // journaled as they were (an attach changes none: it reads none).
    Map<String, Optional<HostAddresses.Record>> hostsBefore =
        HostAddresses.before(store, hostsAfter);
    if (plan.isEmpty()
        && restoreCatalog.isEmpty()
        && portsAfter.equals(portsBefore)
        && hostsAfter.equals(hostsBefore)) {
      return new Applied(
          Once.now(plan),
          observed,
          observed,
          restoreCatalog,
          portsBefore,
          hostsBefore,
          List.of(),
          false,
          scope);
    }
    store.write(
        Journal.KEY,
        new Journal(before, restoreCatalog, scope, portsBefore, driver.identity(), hostsBefore)
            .encode(plan));
    if (restoreCatalog.isPresent()) {
      store.write(Catalog.KEY, catalogAfter.encode());
    }
    PortOrigins.writeAll(store, portsAfter);
    hostsAfter.forEach((device, record) -> HostAddresses.write(store, device, record));
    List<StagedPlan.Step> done = new ArrayList<>();
    watch.applying(true);
    try {
      for (StagedPlan.Stage stage : plan.stages()) {
        int earlier = done.size();
        ChangeFailedException failure = runStage(stage, done);
        if (failure != null) {
          throw failed(scope, done, before, restoreCatalog, portsBefore, hostsBefore, failure);
        }
        resolveNeighboursAgain(
            CarrierGain.of(done.subList(0, earlier), stage.changes(), observed, desired));
      }
      HostState after = scope.observe(driver);
      List<String> left = ManagedDiff.between(after, desired);
      if (!left.isEmpty()) {
        throw failed(
            scope,
            done,
            before,
            restoreCatalog,
            portsBefore,
            hostsBefore,
            new IllegalStateException(
                "after the plan ran, the host differs from its goal: " + String.join("; ", left)));
      }
      // Before the journal goes: another instance's watcher that finds these devices changed, and
      // no transaction in flight, must find them expected.
      ExpectedDevices.record(store, devicesOf(plan), desired);
      watch.expect(scope, desired);
      return new Applied(
          Once.now(plan),
          observed,
          scope.merge(observed, after),
          restoreCatalog,
          portsBefore,
          hostsBefore,
          done,
          true,
          scope);
    } catch (ApplyException e) {
      throw e;
    } catch (RuntimeException e) {
      // The driver lost the host (or failed otherwise): which changes happened is unknown, so plan
      // back from what the host has now; any creation of the plan may have gone through.
      boolean back =
          restore(scope, before, restoreCatalog, portsBefore, hostsBefore, created(plan.changes()));
      throw new ApplyException(message(back, e), back, e);
    } finally {
      watch.applying(false);
    }
  }

  /** Runs one stage; records the steps done; returns the first failure, if any. */
  private ChangeFailedException runStage(StagedPlan.Stage stage, List<StagedPlan.Step> done) {
    StageEvent event = new StageEvent();
    event.begin();
    ChangeFailedException failure = null;
    try {
      failure = runStageRecorded(stage, done);
      return failure;
    } finally {
      event.end();
      if (event.shouldCommit()) {
        event.host = driver.toString();
        event.purpose = stage.purpose();
        event.changes = stage.steps().size();
        event.failed = failure != null;
        event.commit();
      }
    }
  }

  /**
   * Asks the driver to resolve again the neighbours of host interfaces that just got their way out
   * (see {@link CarrierGain}); a failure costs the host a second of waiting, not the apply.
   */
  private void resolveNeighboursAgain(Set<String> devices) {
    if (devices.isEmpty()) {
      return;
    }
    try {
      driver.resolveNeighboursAgain(devices);
    } catch (DriverException e) {
      LOG.log(
          Level.WARNING,
          "apply on "
              + driver
              + ": could not make the kernel resolve the neighbours of "
              + devices
              + " again once an adapter joined under them ("
              + e.getMessage()
              + "); the host's first packets through them may wait up to a second");
    }
  }

  private ChangeFailedException runStageRecorded(
      StagedPlan.Stage stage, List<StagedPlan.Step> done) {
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
    logEach("apply", outcomes);
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
      Scope scope,
      List<StagedPlan.Step> done,
      HostState before,
      Optional<Catalog> catalogBefore,
      Map<String, Optional<Catalog.AdapterOrigin>> portsBefore,
      Map<String, Optional<HostAddresses.Record>> hostsBefore,
      RuntimeException cause) {
    boolean back = rollBack(scope, done, before, catalogBefore, portsBefore, hostsBefore);
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
  private boolean rollBack(
      Scope scope,
      List<StagedPlan.Step> done,
      HostState before,
      Optional<Catalog> catalogBefore,
      Map<String, Optional<Catalog.AdapterOrigin>> portsBefore,
      Map<String, Optional<HostAddresses.Record>> hostsBefore) {
    try {
      for (int i = done.size() - 1; i >= 0; i--) {
        for (Change undo : done.get(i).undo()) {
          logEach("rollback", driver.execute(List.of(undo)));
        }
      }
    } catch (DriverException e) {
      // Fall through: restore() plans from whatever the host has now.
    }
    List<Change> made = new ArrayList<>();
    done.forEach(step -> made.add(step.change()));
    return restore(scope, before, catalogBefore, portsBefore, hostsBefore, created(made));
  }

  /**
   * The bonds, bridges and VLAN devices these changes create: the only ones a rollback may delete.
   * One that came otherwise (say, someone took the name of ours while we applied) is not ours to
   * touch.
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
        public Optional<String> visit(Change.SetBondMiimon change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetBondSettings change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetBridgeSettings change) {
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

        @Override
        public Optional<String> visit(Change.CreateVlan change) {
          return Optional.of(change.device());
        }

        @Override
        public Optional<String> visit(Change.AddAddress change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.RemoveAddress change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.SetMac change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.AddRoute change) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visit(Change.RemoveRoute change) {
          return Optional.empty();
        }
      };

  /**
   * Brings the devices of {@code scope} back to {@code before} (planning from what they are now if
   * they differ), the catalog to {@code catalogBefore} (if the transaction changed it), the port
   * records to {@code portsBefore} and the host interface records to {@code hostsBefore}, then
   * removes the journal. Returns false, keeping the journal, if the scope still differs.
   */
  private boolean restore(
      Scope scope,
      HostState before,
      Optional<Catalog> catalogBefore,
      Map<String, Optional<Catalog.AdapterOrigin>> portsBefore,
      Map<String, Optional<HostAddresses.Record>> hostsBefore,
      Predicate<String> createdByUs) {
    // The devices the transaction may have changed, and recorded if it got as far as its verify.
    Set<String> touched = new TreeSet<>();
    HostState target;
    try {
      HostState now = scope.observe(driver);
      target = Reachable.from(before, now, createdByUs);
      touched.addAll(now.devices().keySet());
      touched.addAll(target.devices().keySet());
      if (!ManagedDiff.between(now, target).isEmpty()) {
        for (StagedPlan.Stage stage : Planner.diff(now, target).stages()) {
          logEach("restore", driver.execute(stage.changes()));
        }
        now = scope.observe(driver);
      }
      if (!ManagedDiff.between(now, target).isEmpty()) {
        return false;
      }
    } catch (DriverException | IllegalArgumentException e) {
      return false;
    }
    if (catalogBefore.isPresent() && !catalog().equals(catalogBefore.get())) {
      store.write(Catalog.KEY, catalogBefore.get().encode());
    }
    PortOrigins.writeAll(store, portsBefore);
    hostsBefore.forEach((device, record) -> HostAddresses.write(store, device, record));
    ExpectedDevices.reset(store, touched, target);
    store.delete(Journal.KEY);
    return true;
  }

  /** The devices a plan changes, creates or deletes. */
  private static Set<String> devicesOf(StagedPlan plan) {
    Set<String> out = new TreeSet<>();
    plan.changes().forEach(c -> out.add(c.device()));
    return out;
  }

  private void commitLocked(Applied applied) {
    if (applied.journaled) {
      store.delete(Journal.KEY);
    }
    if (applied.wholeHost) {
      pruneStaleRecords(applied.after);
    }
  }

  /**
   * Removes the records of devices the host no longer has ({@link StaleRecords}), after a whole
   * host's apply committed, under its lock. The apply is done by then: a store that fails here
   * costs only the removal, said at WARNING, never the apply.
   */
  private void pruneStaleRecords(HostState host) {
    try {
      int removed = StaleRecords.prune(store, host);
      if (removed > 0 && LOG.isLoggable(Level.INFO)) {
        LOG.log(
            Level.INFO,
            "apply on "
                + driver
                + ": removed "
                + removed
                + " stale record(s) of devices the host no longer has from "
                + store);
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "apply on "
              + driver
              + ": the records of devices the host no longer has were not all removed from "
              + store
              + " (the next apply tries again): "
              + e);
    }
  }

  /** Takes the host's lock, waiting up to the lock timeout; busy if it is still held then. */
  private StateStore.Lock lock(String purpose) {
    return lock(purpose, lockTimeout);
  }

  /** Takes the host's lock, waiting up to {@code timeout}; busy if it is still held then. */
  private StateStore.Lock lock(String purpose, Duration timeout) {
    Optional<StateStore.Lock> lock = store.lock(timeout, purpose);
    if (lock.isEmpty()) {
      throw busyException(purpose);
    }
    return lock.get();
  }

  /** The host is busy for a caller who waited its lock timeout (or was interrupted) to do this. */
  private HostBusyException busyException(String purpose) {
    String who = store.holder().map(StateStore.Holder::toString).orElse("another caller");
    String waited =
        Thread.currentThread().isInterrupted()
            ? "interrupted while waiting for it"
            : "waited " + lockTimeout + " (HostNetwork.builder().lockTimeout)";
    String message =
        "the host is busy: "
            + who
            + " holds its lock in "
            + store
            + "; "
            + waited
            + " to "
            + purpose;
    LOG.log(Level.WARNING, driver + ": " + message);
    return new HostBusyException(message);
  }
}
