package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Attaches and detaches that wait for the host together run as one transaction (one journal, one
 * plan, one verification), and each caller still gets what it would have got alone: its own plan,
 * its own refusal, the host as if the calls had run one after the other in the order the batch ran
 * them.
 */
class GroupCommitTest {

  private static final List<String> PORTS = List.of("tap-a", "tap-b", "tap-c", "tap-gone", "eth0");
  private static final List<String> NETWORKS = List.of("prod", "mgmt", "dev", "nowhere");

  /** One caller's call. */
  sealed interface Call {
    ApplyResult run(HostNetwork net);

    String port();
  }

  record Attach(String port, String network) implements Call {
    @Override
    public ApplyResult run(HostNetwork net) {
      return net.attach(port, network);
    }
  }

  record Detach(String port) implements Call {
    @Override
    public ApplyResult run(HostNetwork net) {
      return net.detach(port);
    }
  }

  /** Two groups, tap-c on dev; tap-a and tap-b on no network; no device tap-gone. */
  private static InMemoryHost host() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    host.addPort("tap-a").addPort("tap-b").addPort("tap-c");
    HostNetwork.of(host)
        .apply(AttachDetachTest.twoGroups().toBuilder().vmPort("tap-c", "dev").build());
    return host;
  }

  @Provide
  Arbitrary<List<Call>> calls() {
    Arbitrary<String> port = Arbitraries.of(PORTS);
    Arbitrary<Call> attach = Combinators.combine(port, Arbitraries.of(NETWORKS)).as(Attach::new);
    Arbitrary<Call> detach = port.map(Detach::new);
    return Arbitraries.oneOf(attach, attach, detach).list().ofMinSize(2).ofMaxSize(12);
  }

  @Property(tries = 40)
  void aBatchEndsAsItsCallsOneAfterTheOtherInTheOrderItRanThem(@ForAll("calls") List<Call> calls)
      throws Exception {
    InMemoryHost host = host();
    JournalWrites store = new JournalWrites(host.defaultStore());
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    String[] outcomes = runBatched(net, store, calls, order);

    assertEquals(calls.size(), order.size(), "every call ran once: " + order);
    assertTrue(store.writes.get() <= 1, "one journal for the batch: " + store.writes);
    InMemoryHost sequential = host();
    HostNetwork alone = HostNetwork.of(sequential);
    for (int i : order) {
      assertEquals(
          outcome(calls.get(i), alone),
          outcomes[i],
          "call " + i + " " + calls.get(i) + " in the order " + order + " of " + calls);
    }
    assertEquals(sequential.state(), host.state(), "the host, in the order " + order);
    assertEquals(alone.observe(), net.observe());
  }

  @Test
  void aRefusedRequestInABatchDoesNotFailTheOthers() throws Exception {
    InMemoryHost host = host();
    JournalWrites store = new JournalWrites(host.defaultStore());
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    List<Call> calls =
        List.of(
            new Attach("tap-a", "prod"),
            new Attach("tap-b", "nowhere"),
            new Attach("tap-gone", "prod"),
            new Detach("eth0"),
            new Attach("tap-c", "mgmt"));
    String[] outcomes = runBatched(net, store, calls, new ArrayList<>());

    assertTrue(outcomes[0].startsWith("changed"), outcomes[0]);
    assertEquals("refused tap-b", outcomes[1]);
    assertEquals("refused tap-gone", outcomes[2]);
    assertEquals("refused eth0", outcomes[3]);
    assertTrue(outcomes[4].startsWith("changed"), outcomes[4]);
    assertEquals(1, store.writes.get(), "the accepted calls ran as one transaction");
    assertEquals(
        AttachDetachTest.twoGroups().toBuilder()
            .vmPort("tap-a", "prod")
            .vmPort("tap-c", "mgmt")
            .build(),
        net.observe());
  }

  @Test
  void aBatchGivesEachPortWhatItWouldGetAloneItsGroupsMtuAndBackItsOwnStateOnRelease()
      throws Exception {
    // The group's MTU differs from the ports', a port is claimed by another manager but allowed,
    // and one port is taken and released within the same batch.
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    host.addPort("tap-a").addPort("tap-b").addPort("tap-c");
    host.setClaim(
        "tap-b", new io.gallium.net.core.spi.Claim("NetworkManager", "a test", "nmcli ...", true));
    HostNetwork net = HostNetwork.builder().driver(host).allowOtherManagers("tap-b").build();
    net.apply(
        AttachDetachTest.twoGroups().toBuilder()
            .mtu("uplink", 9000)
            .vmPort("tap-c", "prod")
            .build());
    host.changeByOthers(new io.gallium.net.core.spi.Change.SetMtu("tap-a", 1400));
    io.gallium.net.core.spi.Device aBefore = host.state().device("tap-a").orElseThrow();
    io.gallium.net.core.spi.Device cOrigin =
        InMemoryHost.withAdapters("eth0").addPort("tap-c").state().device("tap-c").orElseThrow();

    List<Call> calls =
        List.of(
            new Attach("tap-a", "prod"),
            new Attach("tap-b", "prod"),
            new Detach("tap-a"),
            new Detach("tap-c"));
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    String[] outcomes = runBatched(net, host.defaultStore(), calls, order);

    String all = String.join(" | ", outcomes) + " in the order " + order;
    assertTrue(outcomes[0].startsWith("changed"), all);
    assertTrue(outcomes[1].startsWith("changed"), "allowed although claimed: " + all);
    assertTrue(outcomes[3].startsWith("changed"), all);
    assertEquals(9000, host.state().device("tap-b").orElseThrow().mtu(), "the group's MTU");
    io.gallium.net.core.spi.Device a = host.state().device("tap-a").orElseThrow();
    if (order.indexOf(2) > order.indexOf(0)) {
      assertEquals(aBefore, a, "taken and given back in one batch: " + all);
    } else {
      assertEquals(9000, a.mtu(), "a detach that ran first changes nothing: " + all);
    }
    io.gallium.net.core.spi.Device c = host.state().device("tap-c").orElseThrow();
    assertEquals(cOrigin.up(), c.up(), "up/down from before it was taken");
    assertEquals(cOrigin.mtu(), c.mtu(), "MTU from before it was taken");
  }

  @Test
  void aBatchThatFailsAndIsRolledBackRunsEachCallAgainAlone() throws Exception {
    InMemoryHost host = host();
    JournalWrites store = new JournalWrites(host.defaultStore());
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    List<Call> calls =
        List.of(new Attach("tap-a", "prod"), new Attach("tap-b", "mgmt"), new Detach("tap-c"));
    host.failOnRequest(1); // the batch's first change: it is rolled back
    String[] outcomes = runBatched(net, store, calls, new ArrayList<>());

    for (String o : outcomes) {
      assertTrue(o.startsWith("changed"), "each call, run again alone, went through: " + o);
    }
    assertEquals(1 + calls.size(), store.writes.get(), "the batch, then each call alone");
    assertEquals(
        AttachDetachTest.twoGroups().toBuilder()
            .vmPort("tap-a", "prod")
            .vmPort("tap-b", "mgmt")
            .build(),
        net.observe());
  }

  @Test
  void queuedCallersStillGiveUpAfterTheirLockTimeoutNamingTheHolder() throws Exception {
    InMemoryHost host = host();
    HostNetwork net =
        HostNetwork.builder().driver(host).lockTimeout(Duration.ofMillis(100)).build();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (StateStore.Lock held =
        host.defaultStore().lock(Duration.ZERO, "a test that holds the host").orElseThrow()) {
      List<Future<ApplyResult>> results = new ArrayList<>();
      for (String port : List.of("tap-a", "tap-b", "tap-c")) {
        results.add(pool.submit(() -> net.attach(port, "prod")));
      }
      for (Future<ApplyResult> r : results) {
        ExecutionException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> r.get(1, TimeUnit.MINUTES));
        HostBusyException busy = assertInstanceOf(HostBusyException.class, e.getCause());
        assertTrue(
            busy.getMessage().startsWith("the host is busy: a test that holds the host"),
            busy.getMessage());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, net.transaction().queued(), "none left behind in the queue");
    assertTrue(net.attach("tap-a", "prod").changed(), "the host serves callers again");
  }

  /**
   * Runs each call on a thread of its own while the host's lock is held, until all are queued, then
   * frees it: they run as one batch. Returns each call's outcome; {@code order} gets the order they
   * ran in.
   */
  private static String[] runBatched(
      HostNetwork net, StateStore store, List<Call> calls, List<Integer> order) throws Exception {
    Map<Thread, Integer> current = new ConcurrentHashMap<>();
    net.transaction().onRun(caller -> order.add(current.get(caller)));
    String[] outcomes = new String[calls.size()];
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      try (StateStore.Lock held = store.lock(Duration.ZERO, "the test").orElseThrow()) {
        for (int i = 0; i < calls.size(); i++) {
          int id = i;
          done.add(
              pool.submit(
                  () -> {
                    current.put(Thread.currentThread(), id);
                    outcomes[id] = outcome(calls.get(id), net);
                  }));
        }
        assertTrue(
            net.transaction().awaitQueued(calls.size(), Duration.ofMinutes(1)),
            "all calls wait for the host");
      }
      for (Future<?> f : done) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return outcomes;
  }

  /**
   * "changed", its plan and states; "unchanged"; or "refused" and the devices the refusal names.
   */
  private static String outcome(Call c, HostNetwork net) {
    try {
      ApplyResult r = c.run(net);
      return r.changed() ? "changed " + r.plan() + " " + r.before() + " " + r.after() : "unchanged";
    } catch (RefusedTopologyException e) {
      return "refused " + String.join(" ", e.refusals().stream().map(Refusal::device).toList());
    } catch (RuntimeException e) {
      return "failed: " + e;
    }
  }

  /** Counts the journals written: one per transaction that changes the host. */
  private static final class JournalWrites extends ForwardingStore {
    final AtomicInteger writes = new AtomicInteger();

    JournalWrites(StateStore store) {
      super(store);
    }

    @Override
    public void write(String key, byte[] content) {
      if (key.equals("journal")) {
        writes.incrementAndGet();
      }
      super.write(key, content);
    }
  }
}
