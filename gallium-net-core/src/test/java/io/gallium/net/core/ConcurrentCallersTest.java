package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Several threads, on two {@link HostNetwork}s sharing one host and its store (two processes),
 * attach, move and detach VM ports, apply whole topologies and update the topology at once: none is
 * turned away while the others hold the host, none loses another's port but by a whole-topology
 * apply, and the host ends as a sequential run of the same calls in the order they ran leaves it:
 * the order the lock granted applies and updates, with the attaches and detaches of a batch (which
 * ride on one grant) in the order the batch ran them.
 */
class ConcurrentCallersTest {

  /** The networks an update adds and removes: name, group and VID. */
  private static final List<Extra> EXTRAS =
      List.of(new Extra("x0", "uplink", 300), new Extra("x1", "storage", 301));

  private static final List<String> BASE_NETWORKS = List.of("prod", "mgmt", "dev");

  private static final List<String> SHARED_PORTS = List.of("tap-sa", "tap-sb");

  private record Extra(String name, String group, int vid) {}

  /** One call a thread makes; {@link #run} makes it, {@link #model} predicts it. */
  sealed interface Call {
    /** What the call returned: "changed", "unchanged" or "refused". */
    String run(HostNetwork net);

    /** What the call does to the model and what it returns, or null if not predicted. */
    String model(Model m);
  }

  /** Attaches a port to a network: a move if it is on another one. */
  record Attach(String port, String network) implements Call {
    @Override
    public String run(HostNetwork net) {
      return outcome(net.attach(port, network));
    }

    @Override
    public String model(Model m) {
      if (!m.networks.contains(network)) {
        return "refused";
      }
      return changed(!network.equals(m.ports.put(port, network)));
    }
  }

  /** Detaches a port. */
  record Detach(String port) implements Call {
    @Override
    public String run(HostNetwork net) {
      return outcome(net.detach(port));
    }

    @Override
    public String model(Model m) {
      return changed(m.ports.remove(port) != null);
    }
  }

  /** Applies the whole topology: the base networks, these extras, these ports. */
  record Apply(Set<String> extras, Map<String, String> ports) implements Call {
    Topology topology() {
      Topology.Builder b = AttachDetachTest.twoGroups().toBuilder();
      for (Extra e : EXTRAS) {
        if (extras.contains(e.name())) {
          b.vlanNetwork(e.name(), e.group(), e.vid());
        }
      }
      ports.forEach(b::vmPort);
      return b.build();
    }

    @Override
    public String run(HostNetwork net) {
      return outcome(net.apply(topology()));
    }

    @Override
    public String model(Model m) {
      m.networks.retainAll(BASE_NETWORKS);
      m.networks.addAll(extras);
      m.ports.clear();
      m.ports.putAll(ports);
      return null; // whether it changed anything depends on more than the model knows
    }
  }

  /** Adds an extra network through update, if the host has it not. */
  record AddNetwork(int extra) implements Call {
    @Override
    public String run(HostNetwork net) {
      Extra e = EXTRAS.get(extra);
      return outcome(
          net.update(
              t ->
                  t.network(e.name()).isPresent()
                      ? t
                      : t.toBuilder().vlanNetwork(e.name(), e.group(), e.vid()).build()));
    }

    @Override
    public String model(Model m) {
      return changed(m.networks.add(EXTRAS.get(extra).name()));
    }
  }

  /** Removes an extra network through update, if no port is on it. */
  record RemoveNetwork(int extra) implements Call {
    @Override
    public String run(HostNetwork net) {
      String name = EXTRAS.get(extra).name();
      return outcome(
          net.update(
              t -> t.vmPortsOf(name).isEmpty() ? t.toBuilder().removeNetwork(name).build() : t));
    }

    @Override
    public String model(Model m) {
      String name = EXTRAS.get(extra).name();
      return changed(!m.ports.containsValue(name) && m.networks.remove(name));
    }
  }

  /** The networks the host has and the network of each attached port. */
  static final class Model {
    final Set<String> networks = new TreeSet<>(BASE_NETWORKS);
    final Map<String, String> ports = new TreeMap<>();
  }

  private static String outcome(ApplyResult r) {
    return changed(r.changed());
  }

  private static String changed(boolean changed) {
    return changed ? "changed" : "unchanged";
  }

  /** The ports thread {@code t} owns, then the ports all threads share. */
  private static List<String> portsOf(int t) {
    List<String> ports = new ArrayList<>(List.of("tap-" + t + "a", "tap-" + t + "b"));
    ports.addAll(SHARED_PORTS);
    return ports;
  }

  private static Arbitrary<Call> calls(int thread) {
    List<String> ports = portsOf(thread);
    List<String> networks = new ArrayList<>(BASE_NETWORKS);
    EXTRAS.forEach(e -> networks.add(e.name()));
    Arbitrary<String> port = Arbitraries.of(ports);
    Arbitrary<Call> attach = Combinators.combine(port, Arbitraries.of(networks)).as(Attach::new);
    Arbitrary<Call> detach = port.map(Detach::new);
    Arbitrary<Call> apply =
        Combinators.combine(
                Arbitraries.subsetOf(EXTRAS.stream().map(Extra::name).toList()),
                Arbitraries.maps(port, Arbitraries.of(BASE_NETWORKS)).ofMaxSize(3))
            .as((extras, map) -> new Apply(new TreeSet<>(extras), new TreeMap<>(map)));
    Arbitrary<Integer> extra = Arbitraries.integers().between(0, EXTRAS.size() - 1);
    Arbitrary<Call> add = extra.map(AddNetwork::new);
    Arbitrary<Call> remove = extra.map(RemoveNetwork::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, attach),
        net.jqwik.api.Tuple.of(3, detach),
        net.jqwik.api.Tuple.of(1, apply),
        net.jqwik.api.Tuple.of(1, add),
        net.jqwik.api.Tuple.of(1, remove));
  }

  @Provide
  Arbitrary<List<List<Call>>> threads() {
    return Arbitraries.integers()
        .between(2, 6)
        .flatMap(
            n -> {
              List<Arbitrary<List<Call>>> perThread = new ArrayList<>();
              for (int t = 0; t < n; t++) {
                perThread.add(calls(t).list().ofMinSize(1).ofMaxSize(8));
              }
              return Combinators.combine(perThread).as(lists -> lists);
            });
  }

  /** A host with its adapters and every port any thread uses. */
  private static InMemoryHost host(int threads) {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    for (int t = 0; t < threads; t++) {
      host.addPort("tap-" + t + "a");
      host.addPort("tap-" + t + "b");
    }
    SHARED_PORTS.forEach(host::addPort);
    return host;
  }

  @Property(tries = 60)
  void concurrentCallsEndAsTheirSequenceInTheLocksOrder(@ForAll("threads") List<List<Call>> threads)
      throws Exception {
    InMemoryHost host = host(threads.size());
    List<Integer> grants = Collections.synchronizedList(new ArrayList<>());
    GrantLog store = new GrantLog(host.defaultStore(), grants);
    check(threads, host, store, store, grants);
  }

  /**
   * The same with each {@link HostNetwork} on a store of its own in one directory, as two processes
   * have: what they share is the file lock, the journal and the catalog on disk.
   */
  @Property(tries = 20)
  void concurrentCallsOnTwoStoresOfOneDirectoryEndAsTheirSequence(
      @ForAll("threads") List<List<Call>> threads) throws Exception {
    Path dir = Files.createTempDirectory("gallium-net-concurrent");
    try {
      List<Integer> grants = Collections.synchronizedList(new ArrayList<>());
      check(
          threads,
          host(threads.size()),
          new GrantLog(StateStore.directory(dir), grants),
          new GrantLog(StateStore.directory(dir), grants),
          grants);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void check(
      List<List<Call>> threads,
      InMemoryHost host,
      StateStore first,
      StateStore second,
      List<Integer> grants)
      throws Exception {
    int n = threads.size();
    List<HostNetwork> nets =
        List.of(
            HostNetwork.builder().driver(host).store(first).build(),
            HostNetwork.builder().driver(host).store(second).build());
    nets.get(0).apply(AttachDetachTest.twoGroups());
    grants.clear();
    // Attaches and detaches are logged as their batch runs them (under the lock), not by the grant.
    Map<Thread, Integer> current = new ConcurrentHashMap<>();
    nets.forEach(net -> net.transaction().onRun(caller -> grants.add(current.get(caller))));
    List<Call> all = new ArrayList<>();
    List<List<Integer>> ids = new ArrayList<>();
    for (List<Call> calls : threads) {
      List<Integer> mine = new ArrayList<>();
      for (Call c : calls) {
        mine.add(all.size());
        all.add(c);
      }
      ids.add(mine);
    }
    String[] outcomes = new String[all.size()];

    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        HostNetwork net = nets.get(t % 2);
        List<Integer> mine = ids.get(t);
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int id : mine) {
                    GrantLog.CALL.set(id);
                    current.put(Thread.currentThread(), id);
                    GrantLog.BATCHED.set(
                        all.get(id) instanceof Attach || all.get(id) instanceof Detach);
                    outcomes[id] = runCatching(all.get(id), net);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Integer> order;
    synchronized (grants) {
      order = List.copyOf(grants);
    }
    assertEquals(all.size(), order.size(), "every call ran once: " + order + " for " + all);
    assertEquals(all.size(), new TreeSet<>(order).size(), "no call ran twice: " + order);

    // The same calls, one after the other in the lock's order, on a host of their own.
    InMemoryHost sequential = host(n);
    HostNetwork alone = HostNetwork.of(sequential);
    alone.apply(AttachDetachTest.twoGroups());
    Model model = new Model();
    for (int id : order) {
      Call c = all.get(id);
      String expected = c.model(model);
      String got = runCatching(c, alone);
      assertEquals(got, outcomes[id], "call " + id + " " + c + " in the order " + order);
      if (expected != null) {
        assertEquals(expected, got, "the model of call " + id + " " + c + " in " + order);
      }
    }
    assertEquals(sequential.state(), host.state(), "the host, in the order " + order);
    Topology observed = nets.get(0).observe();
    assertEquals(alone.observe(), observed);
    assertEquals(nets.get(1).observe(), observed, "both callers see one host");
    Map<String, String> ports = new TreeMap<>();
    observed.vmPorts().forEach(p -> ports.put(p.name(), p.network()));
    assertEquals(model.ports, ports, "no port was lost but by an apply that did not name it");
    Set<String> networks = new TreeSet<>();
    observed.networks().forEach(w -> networks.add(w.name()));
    assertEquals(model.networks, networks);
  }

  /** The call's outcome; busy or any other failure is an outcome that matches no expectation. */
  private static String runCatching(Call c, HostNetwork net) {
    try {
      return c.run(net);
    } catch (RefusedTopologyException e) {
      return "refused";
    } catch (HostBusyException e) {
      return "busy: " + e.getMessage();
    } catch (RuntimeException e) {
      return "failed: " + e;
    }
  }

  /**
   * The store of the host, recording which call each grant of its lock went to: an apply or update
   * takes the lock once, so the grants are the order they ran in. A grant to an attach or detach is
   * not logged: it may lead a batch, whose calls are logged as it runs them.
   */
  private static final class GrantLog extends ForwardingStore {
    static final ThreadLocal<Integer> CALL = new ThreadLocal<>();
    static final ThreadLocal<Boolean> BATCHED = ThreadLocal.withInitial(() -> false);

    private final List<Integer> grants;

    GrantLog(StateStore store, List<Integer> grants) {
      super(store);
      this.grants = grants;
    }

    @Override
    public Optional<Lock> lock(Duration timeout, String purpose) {
      Optional<Lock> lock = super.lock(timeout, purpose);
      // Appended while the lock is held, so the log's order is the grants' order.
      if (!BATCHED.get()) {
        lock.ifPresent(l -> grants.add(CALL.get()));
      }
      return lock;
    }
  }
}
