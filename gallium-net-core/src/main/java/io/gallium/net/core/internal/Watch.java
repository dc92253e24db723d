package io.gallium.net.core.internal;

import io.gallium.net.GroupMode;
import io.gallium.net.core.GroupStatus;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.NetworkListener;
import io.gallium.net.core.spi.AdapterFacts;
import io.gallium.net.core.spi.BondPort;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns the host states a driver reports into {@link NetworkEvent}s: carrier changes of our
 * adapters, failovers of our bonds, adapters appearing and going away, and drift of our devices
 * from what the last transaction that changed them set.
 *
 * <p>Drift means someone other than gallium-net changed our devices. This instance's own
 * transactions set its expectation ({@link #expect}) and are not judged while they run ({@link
 * #applying}). Another {@link io.gallium.net.core.HostNetwork}'s, in this process or another one
 * sharing the store, are told from someone else's through the store, read only for a device found
 * different, so that watching a quiet host costs what it did: while a journal is there whose scope
 * holds the device, a transaction is in flight and the judgment waits (for the next state, or for
 * the journal to go, looked for every {@value #RECHECK_MILLIS} ms); else the device's {@link
 * ExpectedDevices record}, if any, is the expectation, taken over as this instance's own, and only
 * a difference from it is drift. Because a driver's state may have been read before the store was
 * (a Linux watcher reads the host after a burst of events, on a thread of its own), a difference
 * found is read again from the host, by name, before it is reported.
 */
public final class Watch {

  private static final System.Logger LOG = System.getLogger(Transaction.LOGGER_NAME);

  /** How often a put-off judgment looks whether the transaction in flight is done. */
  static final long RECHECK_MILLIS = 50;

  /** One daemon thread for every watch's put-off judgments; gone while none is waiting. */
  private static final ScheduledThreadPoolExecutor RECHECKS = rechecks();

  private final StateStore store;
  private volatile boolean applying;
  private volatile HostState expected;

  /** The subscriptions' listeners, told which devices each transaction of ours set. */
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * A watch of a host whose transactions keep their journals and device records in {@code store}.
   *
   * @param store the host's store, shared by every instance and process that changes the host
   */
  public Watch(StateStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  private static ScheduledThreadPoolExecutor rechecks() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "gallium-net-drift-recheck");
              t.setDaemon(true);
              return t;
            });
    e.setKeepAliveTime(10, TimeUnit.SECONDS);
    e.allowCoreThreadTimeOut(true);
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /** Marks an apply (or rollback) of ours as running, so its changes are not drift. */
  public void applying(boolean value) {
    applying = value;
  }

  /** What the host should look like from now on. */
  public void expect(HostState state) {
    synchronized (this) {
      expected = state;
    }
    listeners.forEach(l -> l.touched.add(Optional.empty()));
  }

  /**
   * What the devices of {@code scope} should look like from now on; the rest as expected before.
   *
   * @param scope the devices a transaction changed
   * @param state how that scope should look
   */
  public void expect(Scope scope, HostState state) {
    synchronized (this) {
      HostState before = expected;
      expected = before == null ? null : scope.merge(before, state);
      if (scope.names().isEmpty()) {
        expected = state;
      }
    }
    // Outside our lock: a listener judging drift holds its own and then takes ours.
    listeners.forEach(l -> l.touched.add(scope.names()));
  }

  /** Takes over another transaction's record of one device as this instance's expectation. */
  private synchronized void adopt(String name, Optional<Device> want) {
    HostState before = expected;
    if (before != null && !before.device(name).equals(want)) {
      expected =
          want.isPresent() ? StateEdits.with(before, want.get()) : StateEdits.without(before, name);
    }
  }

  /**
   * The scope of the transaction in flight (of any instance or process), read from the store's
   * journal now; empty if there is none. A journal that cannot be read is no transaction in flight
   * (one in flight wrote it whole); it stays for {@code recover()} to refuse. Read afresh each
   * time, not kept by the store's version: a file's version is its inode and modification time, and
   * two attaches' journals can share both.
   */
  private Optional<Scope> inFlight() {
    if (!store.contains(Journal.KEY)) {
      return Optional.empty();
    }
    try {
      return store
          .read(Journal.KEY)
          .map(bytes -> Journal.decode(bytes, store + "/" + Journal.KEY).scope());
    } catch (io.gallium.net.core.StoreDamagedException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code scope} (of a transaction in flight) holds {@code device}. */
  private static boolean holds(Optional<Scope> scope, String device) {
    return scope.isPresent() && scope.get().names().map(n -> n.contains(device)).orElse(true);
  }

  /**
   * Subscribes {@code listener} to the driver's host. The events are made on the thread the driver
   * reports a change on (so that whether an apply of ours ran is judged when the change happened)
   * and handed to the listener on a thread of the subscription's own, in order: a listener that
   * blocks stalls neither an apply nor the driver's watcher, only its own later events.
   */
  public io.gallium.net.core.Subscription subscribe(Driver driver, NetworkListener listener) {
    Dispatch dispatch = new Dispatch(listener);
    Listener s = new Listener(dispatch, driver.observe(), driver);
    listeners.add(s);
    if (expected == null) {
      expected = s.last;
    }
    AutoCloseable watching = driver.watch(s::onState, s::onTrouble);
    return new io.gallium.net.core.Subscription() {
      @Override
      public void close() {
        listeners.remove(s);
        s.close();
        try {
          watching.close();
        } catch (Exception e) {
          throw new IllegalStateException(
              "could not stop watching " + driver + ": " + e.getMessage(), e);
        } finally {
          dispatch.close();
        }
      }

      @Override
      public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        return dispatch.awaitDelivered(timeout);
      }
    };
  }

  /**
   * Hands one subscription's events to its listener on a thread of its own, in the order they came.
   * The thread goes away after a while without events, so that a subscription nobody closed holds
   * no thread for ever.
   */
  private static final class Dispatch {
    private final NetworkListener listener;
    private final ThreadPoolExecutor thread =
        new ThreadPoolExecutor(
            0,
            1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "gallium-net-events");
              t.setDaemon(true);
              return t;
            });
    private volatile boolean open = true;

    Dispatch(NetworkListener listener) {
      this.listener = listener;
    }

    void deliver(NetworkEvent e) {
      if (!open) {
        return;
      }
      try {
        thread.execute(() -> call(e));
      } catch (RejectedExecutionException closed) {
        // Closed meanwhile: the event is not wanted any more.
      }
    }

    private void call(NetworkEvent e) {
      if (!open) {
        return;
      }
      // One listener's failure must not cost it (or the host) the rest of the batch.
      try {
        listener.onEvent(e);
      } catch (RuntimeException failure) {
        LOG.log(
            System.Logger.Level.WARNING,
            "a NetworkListener failed on " + e + "; later events still reach it: " + failure,
            failure);
      }
    }

    boolean awaitDelivered(Duration timeout) throws InterruptedException {
      FutureTask<Void> mark = new FutureTask<>(() -> null);
      try {
        thread.execute(mark);
      } catch (RejectedExecutionException closed) {
        return true;
      }
      try {
        mark.get(HeldLock.nanos(timeout), TimeUnit.NANOSECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot happen: the mark does nothing", e);
      }
    }

    void close() {
      open = false;
      thread.shutdown();
    }
  }

  /** The status of every group of ours in {@code s}, sorted by group; networks unnamed. */
  public static List<GroupStatus> status(HostState s) {
    return status(s, Catalog.empty());
  }

  /**
   * The status of every group of ours in {@code s}, sorted by group, VM ports' networks named by
   * {@code catalog}.
   */
  public static List<GroupStatus> status(HostState s, Catalog catalog) {
    List<GroupStatus> out = new ArrayList<>();
    groups(s)
        .forEach(
            (group, bond) -> {
              BondSettings bs = bond.bond().get();
              List<GroupStatus.AdapterStatus> adapters = new ArrayList<>();
              for (String a : adapters(s, bond)) {
                Optional<Device> d = s.device(a);
                boolean carrier = d.map(Device::carrier).orElse(false);
                // A driver that does not report what the bond says of a slave (the in-memory
                // host) gets it derived: link seen as the carrier, no failures counted, an LACP
                // slave with its link in aggregator 1.
                boolean usable = carrier && d.map(Device::up).orElse(false);
                BondPort port =
                    d.flatMap(Device::bondPort)
                        .orElse(
                            new BondPort(
                                bs.isLacp()
                                    ? usable
                                    : bs.activeAdapter().filter(a::equals).isPresent(),
                                usable,
                                0,
                                bs.isLacp() && usable ? 1 : 0,
                                bs.isLacp() && usable
                                    ? BondPort.LACP_COLLECTING | BondPort.LACP_DISTRIBUTING
                                    : 0));
                adapters.add(
                    new GroupStatus.AdapterStatus(
                        a,
                        carrier,
                        port.active(),
                        port.linkUp(),
                        port.linkFailures(),
                        bs.isLacp() ? port.aggregatorId() : 0,
                        bs.isLacp() && port.lacpDistributing()));
              }
              List<GroupStatus.PortStatus> ports = new ArrayList<>();
              bond.master()
                  .ifPresent(
                      bridge ->
                          s.portsOf(bridge).stream()
                              .filter(p -> !p.name().equals(bond.name()))
                              .forEach(
                                  p ->
                                      ports.add(
                                          new GroupStatus.PortStatus(
                                              p.name(),
                                              p.pvid().map(vid -> networkName(catalog, group, vid)),
                                              p.carrier()))));
              ports.sort(java.util.Comparator.comparing(GroupStatus.PortStatus::name));
              out.add(
                  new GroupStatus(
                      group,
                      bs.isLacp() ? Optional.empty() : bs.activeAdapter(),
                      adapters,
                      bs.isLacp() ? GroupMode.LACP : GroupMode.ACTIVE_BACKUP,
                      ports));
            });
    return out;
  }

  /** A network's name as observe() gives it. */
  private static String networkName(Catalog catalog, String group, int vid) {
    return catalog
        .networkName(group, vid)
        .orElse(vid == Layout.UNTAGGED_VID ? group + ".untagged" : group + ".vlan" + vid);
  }

  /** Our bonds by group, sorted by group. */
  private static Map<String, Device> groups(HostState s) {
    Map<String, Device> out = new TreeMap<>();
    for (Device d : s.devices().values()) {
      if (d.isBond()) {
        DeviceNames.groupOfBond(d).ifPresent(g -> out.put(g, d));
      }
    }
    return out;
  }

  /** A bond's slaves, the primary first. */
  private static List<String> adapters(HostState s, Device bond) {
    List<String> out = new ArrayList<>();
    bond.bond().flatMap(BondSettings::primary).ifPresent(out::add);
    s.portsOf(bond.name()).stream()
        .map(Device::name)
        .filter(n -> !out.contains(n))
        .forEach(out::add);
    return out;
  }

  private final class Listener {
    private final Dispatch listener;
    private HostState last;

    /** The drift last reported per device, so that a device is reported once per difference. */
    private final Map<String, List<String>> lastDrift = new HashMap<>();

    /**
     * Devices found different while a transaction over them was in flight, judged against the store
     * once it is done even if they then look as this instance expects (someone else may have undone
     * what the other transaction did).
     */
    private final Set<String> pending = new TreeSet<>();

    /**
     * The scopes of our transactions since the last judgment (empty: the whole host): a drift of
     * theirs that is still there after them is reported again, as after an apply that did not
     * repair it, and one they repaired may come back the same way.
     */
    final Queue<Optional<Set<String>>> touched = new ConcurrentLinkedQueue<>();

    private ScheduledFuture<?> recheck;
    private boolean closed;

    /** Groups that have had an active adapter since this listener started. */
    private final Set<String> hadActive = new HashSet<>();

    private final Driver driver;

    /** The host's physical NICs, as the driver last said; adapter events are about these. */
    private final Set<String> physical = new HashSet<>();

    Listener(Dispatch listener, HostState initial, Driver driver) {
      this.listener = listener;
      this.last = initial;
      this.driver = driver;
      for (AdapterFacts f : driver.adapterFacts(AdapterInventory.candidates(initial, Set.of()))) {
        if (f.physical()) {
          physical.add(f.name());
        }
      }
      groups(initial)
          .forEach(
              (group, bond) -> {
                if (bond.bond().flatMap(BondSettings::activeAdapter).isPresent()) {
                  hadActive.add(group);
                }
              });
    }

    synchronized void onState(HostState now) {
      List<NetworkEvent> events = new ArrayList<>();
      Map<String, Device> before = groups(last);
      groups(now)
          .forEach(
              (group, bond) -> {
                Device old = before.get(group);
                for (String a : adapters(now, bond)) {
                  boolean carrier = now.device(a).map(Device::carrier).orElse(false);
                  boolean was = last.device(a).map(Device::carrier).orElse(carrier);
                  if (carrier != was) {
                    events.add(new NetworkEvent.CarrierChanged(group, a, carrier));
                  }
                }
                Optional<String> to = bond.bond().flatMap(BondSettings::activeAdapter);
                Optional<String> from =
                    old == null ? to : old.bond().flatMap(BondSettings::activeAdapter);
                if (isFailover(group, bond, from, to, now)) {
                  events.add(new NetworkEvent.Failover(group, from, to));
                }
                if (to.isPresent()) {
                  hadActive.add(group);
                }
              });
      hadActive.retainAll(groups(now).keySet());
      events.addAll(adapterEvents(now));
      if (!applying) {
        events.addAll(drift(now, true, Optional.empty()));
      }
      last = now;
      events.forEach(this::deliver);
    }

    /**
     * Adapters that appeared or went away between the last state and {@code now}: a physical NIC
     * (the driver says which new devices are) or a device a group of ours used as an adapter. Asks
     * the driver only when devices of kind ADAPTER appeared (a NIC is one), which neither a burst
     * of carrier changes nor a VM's new tap is.
     */
    private List<NetworkEvent> adapterEvents(HostState now) {
      List<NetworkEvent> out = new ArrayList<>();
      Map<String, Device> before = now == last ? Map.of() : AdapterInventory.groupAdapters(last);
      Set<String> appeared = new TreeSet<>();
      for (Device d : now.devices().values()) {
        if (d.kind() == io.gallium.net.core.spi.DeviceKind.ADAPTER
            && last.device(d.name()).isEmpty()) {
          appeared.add(d.name());
        }
      }
      for (String name : last.devices().keySet()) {
        if (now.device(name).isEmpty() && (physical.remove(name) || before.containsKey(name))) {
          Device bond = before.get(name);
          out.add(
              new NetworkEvent.AdapterRemoved(
                  name, bond == null ? Optional.empty() : DeviceNames.groupOfBond(bond)));
        }
      }
      // An adapter coming or going is hardware or a driver changing under the host: worth a line
      // for the operator even when no listener acts on it.
      out.forEach(e -> LOG.log(System.Logger.Level.INFO, e.toString()));
      if (!appeared.isEmpty()) {
        try {
          for (AdapterFacts f : driver.adapterFacts(appeared)) {
            if (f.physical() && appeared.contains(f.name()) && physical.add(f.name())) {
              NetworkEvent.AdapterAdded added = new NetworkEvent.AdapterAdded(f.name());
              LOG.log(System.Logger.Level.INFO, added.toString());
              out.add(added);
            }
          }
        } catch (RuntimeException e) {
          out.add(
              new NetworkEvent.EventsLost(
                  "could not ask the host whether the new devices "
                      + appeared
                      + " are adapters: "
                      + e.getMessage()));
        }
      }
      return out;
    }

    /**
     * Judges again the devices put off while a transaction was in flight, once it is done, on a
     * state read for it: those devices and our bonds and bridges, by name, so that it costs the
     * same on a host of thousands of ports. The host is read outside this listener's lock: the
     * in-memory host tells its watchers under its own lock, so reading it while holding ours could
     * deadlock.
     */
    private void recheck() {
      Set<String> put;
      Set<String> names;
      synchronized (this) {
        recheck = null;
        if (closed || pending.isEmpty()) {
          return;
        }
        Optional<Scope> inFlight = inFlight();
        if (applying || pending.stream().anyMatch(name -> holds(inFlight, name))) {
          scheduleRecheck();
          return;
        }
        put = Set.copyOf(pending);
        names = new TreeSet<>(put);
      }
      HostState exp = expected;
      if (exp != null) {
        exp.devices().values().stream().filter(Watch::isOurs).forEach(d -> names.add(d.name()));
      }
      HostState now;
      try {
        now = driver.observe(names);
      } catch (RuntimeException e) {
        synchronized (this) {
          scheduleRecheck();
        }
        return;
      }
      synchronized (this) {
        if (!closed && !applying) {
          drift(now, false, Optional.of(put)).forEach(this::deliver);
        }
      }
    }

    private void scheduleRecheck() {
      if (recheck == null && !closed) {
        recheck = RECHECKS.schedule(this::recheck, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
    }

    synchronized void close() {
      closed = true;
      if (recheck != null) {
        recheck.cancel(false);
        recheck = null;
      }
    }

    /** The driver may have missed changes: the listener hears of it as an event. */
    synchronized void onTrouble(String reason) {
      deliver(new NetworkEvent.EventsLost(reason));
    }

    private void deliver(NetworkEvent e) {
      listener.deliver(e);
    }

    /**
     * A failover moves a group's traffic off an adapter it was on: to another adapter, or to none
     * because the adapter lost its link. Neither a new group's first active adapter (the bond seen
     * without slaves while an apply builds it) nor an adapter released from its bond (a group going
     * away) is one; traffic coming back to a group that had lost it is.
     */
    private boolean isFailover(
        String group, Device bond, Optional<String> from, Optional<String> to, HostState now) {
      if (from.equals(to)) {
        return false;
      }
      if (from.isEmpty()) {
        return hadActive.contains(group);
      }
      return to.isPresent()
          || now.device(from.get()).flatMap(Device::master).equals(Optional.of(bond.name()));
    }

    /**
     * The drift of our devices in {@code now}: those this instance expects to be ours, those that
     * are ours in {@code now}, and those put off before.
     *
     * @param now the host's state
     * @param reread whether to read a device again before reporting it ({@code now} may have been
     *     read before the store was)
     * @param only the devices to judge, if not all ({@code now} then has only them and our bonds
     *     and bridges)
     */
    private List<NetworkEvent> drift(HostState now, boolean reread, Optional<Set<String>> only) {
      HostState exp = expected;
      if (exp == null) {
        return List.of();
      }
      for (Optional<Set<String>> scope = touched.poll(); scope != null; scope = touched.poll()) {
        if (scope.isPresent()) {
          lastDrift.keySet().removeAll(scope.get());
        } else {
          lastDrift.clear();
        }
      }
      TreeSet<String> names;
      if (only.isPresent()) {
        names = new TreeSet<>(only.get());
      } else {
        names = watched(exp);
        names.addAll(watched(now));
        names.addAll(pending);
      }
      List<NetworkEvent> out = new ArrayList<>();
      // The journal is read once a judgment, and only if a device needs it.
      Optional<Optional<Scope>> inFlight = Optional.empty();
      for (String name : names) {
        Optional<Device> want = exp.device(name);
        Optional<Device> found = now.device(name);
        if (!pending.contains(name) && !suspect(found, want, now, exp)) {
          lastDrift.remove(name);
          continue;
        }
        // Different from what this instance expects (or put off): ask the store whether another
        // transaction did it, and only then.
        if (inFlight.isEmpty()) {
          inFlight = Optional.of(inFlight());
        }
        if (holds(inFlight.get(), name)) {
          putOff(name);
          continue;
        }
        pending.remove(name);
        Optional<Optional<Device>> recorded = recorded(name);
        if (recorded.isPresent()) {
          want = recorded.get();
          adopt(name, want);
        }
        List<String> diff = differences(found, want);
        if (!diff.isEmpty() && reread) {
          // The state may be older than the record just read: judge what the device has now.
          found = reread(name, found);
          diff = differences(found, want);
          if (!diff.isEmpty() && holds(inFlight(), name)) {
            putOff(name);
            continue;
          }
        }
        if (diff.isEmpty()) {
          lastDrift.remove(name);
        } else if (!diff.equals(lastDrift.put(name, diff))) {
          Device w = want.get();
          out.add(
              new NetworkEvent.Drift(
                  name,
                  diff,
                  found
                      .map(d -> ManagedDiff.fields(d, w))
                      .orElse(
                          List.of(
                              new NetworkEvent.Drift.Difference("device", "present", "removed"))),
                  found.flatMap(Device::claim).map(Claim::program)));
        }
      }
      return out;
    }

    /**
     * Puts off the judgment of {@code name} until the transaction in flight over it is done; what
     * was reported of it before is forgotten, as that transaction may repair it and someone else
     * break it again the same way.
     */
    private void putOff(String name) {
      pending.add(name);
      lastDrift.remove(name);
      scheduleRecheck();
    }

    /**
     * Whether a device is worth asking the store about: ours as this instance expects it or as the
     * host has it, and not as expected (or not expected at all).
     */
    private boolean suspect(
        Optional<Device> found, Optional<Device> want, HostState now, HostState exp) {
      boolean oursNow = found.filter(d -> ours(d, now)).isPresent();
      if (want.isEmpty()) {
        return oursNow;
      }
      if (!oursNow && !ours(want.get(), exp)) {
        return false;
      }
      return found.isEmpty() || !ManagedDiff.device(found.get(), want.get()).isEmpty();
    }

    /**
     * What {@code found} differs in from {@code want}; nothing for a device that is not ours as
     * expected (not expected at all, or a port released from our bridges): not ours to judge.
     */
    private List<String> differences(Optional<Device> found, Optional<Device> want) {
      HostState exp = expected;
      if (want.isEmpty() || exp == null || !ours(want.get(), exp)) {
        return List.of();
      }
      return found
          .map(d -> ManagedDiff.device(d, want.get()))
          .orElse(List.of(want.get().name() + ": removed"));
    }

    /** The device's record in the store; a damaged one is none, said once per judgment. */
    private Optional<Optional<Device>> recorded(String name) {
      try {
        return ExpectedDevices.read(store, name);
      } catch (io.gallium.net.core.StoreDamagedException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "drift of "
                + name
                + " is judged against this instance's expectation: "
                + e.getMessage());
        return Optional.empty();
      }
    }

    /** The device as the host has it now, or {@code found} if the host cannot be read. */
    private Optional<Device> reread(String name, Optional<Device> found) {
      try {
        return driver.observe(Set.of(name)).device(name);
      } catch (RuntimeException e) {
        return found;
      }
    }
  }

  /** Whether {@code d} is one of our bonds or bridges, or enslaved to one in {@code s}. */
  private static boolean ours(Device d, HostState s) {
    return isOurs(d) || d.master().flatMap(s::device).filter(Watch::isOurs).isPresent();
  }

  private static boolean isOurs(Device d) {
    return DeviceNames.groupOfBond(d).isPresent() || DeviceNames.groupOfBridge(d).isPresent();
  }

  /** Our bonds and bridges, and every device enslaved to them. */
  private static TreeSet<String> watched(HostState s) {
    TreeSet<String> out = new TreeSet<>();
    for (Device d : s.devices().values()) {
      if (DeviceNames.groupOfBond(d).isPresent() || DeviceNames.groupOfBridge(d).isPresent()) {
        out.add(d.name());
        s.portsOf(d.name()).forEach(p -> out.add(p.name()));
      }
    }
    return out;
  }
}
