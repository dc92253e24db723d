package io.gallium.net.core;

import static io.gallium.net.core.EventsTest.delivered;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drift means "someone else changed our devices": not another {@link HostNetwork} of this process
 * or of another one sharing the host's store, whose transactions are gallium-net's own.
 */
class SharedHostDriftTest {

  private static final List<String> PORTS = List.of("tap-vm1", "tap-vm2", "tap-vm3");
  private static final List<String> NETWORKS = List.of("prod", "mgmt", "dev");

  /** Two instances over one host and one store, and what each subscriber heard. */
  private static final class Shared implements AutoCloseable {
    final InMemoryHost host = QuickStartTest.host();
    final Path dir;
    final HostNetwork a;
    final HostNetwork b;
    final List<NetworkEvent> heardByA = Collections.synchronizedList(new ArrayList<>());
    final List<NetworkEvent> heardByB = Collections.synchronizedList(new ArrayList<>());
    final Subscription subA;
    final Subscription subB;

    /** MTUs someone else gave so far: each foreign MTU is one the port never had. */
    int mtus;

    Shared(boolean onDisk) {
      host.addPort("tap-vm2");
      host.addPort("tap-vm3");
      try {
        dir = onDisk ? Files.createTempDirectory("gallium-drift") : null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // Two stores over one directory, as two processes have; one store object in memory, as two
      // instances of one process over an in-memory host have.
      a = open();
      b = open();
      a.apply(topology(Map.of("tap-vm1", "prod")));
      subA = a.subscribe(heardByA::add);
      subB = b.subscribe(heardByB::add);
    }

    private HostNetwork open() {
      StateStore store = dir == null ? host.defaultStore() : StateStore.directory(dir);
      return HostNetwork.builder().driver(host).store(store).build();
    }

    /** The devices named by the Drift events each subscriber heard, once all are delivered. */
    List<String> driftOf(Subscription sub, List<NetworkEvent> heard) {
      delivered(sub);
      synchronized (heard) {
        return heard.stream()
            .filter(NetworkEvent.Drift.class::isInstance)
            .map(e -> ((NetworkEvent.Drift) e).device())
            .toList();
      }
    }

    /** Asserts that A's and B's subscribers each heard drift of just these devices, in order. */
    void assertBothHeardDriftOf(List<String> devices, String whatA, String whatB) {
      assertEquals(devices, driftOf(subA, heardByA), whatA);
      assertEquals(devices, driftOf(subB, heardByB), whatB);
    }

    @Override
    public void close() {
      subA.close();
      subB.close();
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  static Topology topology(Map<String, String> ports) {
    Topology.Builder t =
        Topology.builder()
            .adapterGroup("uplink", "eth0", "eth1")
            .vlanNetwork("prod", "uplink", 100)
            .untaggedNetwork("mgmt", "uplink")
            .vlanNetwork("dev", "uplink", 200);
    ports.forEach(t::vmPort);
    return t.build();
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void anotherInstancesAttachDetachMoveAndApplyAreNoDrift(boolean onDisk) {
    try (Shared s = new Shared(onDisk)) {
      s.b.attach("tap-vm2", "prod");
      s.b.attach("tap-vm2", "mgmt");
      s.b.detach("tap-vm1");
      s.b.apply(topology(Map.of("tap-vm3", "dev", "tap-vm2", "prod")));
      s.b.detach("tap-vm2");
      s.a.attach("tap-vm1", "dev");
      // Someone else, at last: the one drift both hear, and a judgment of every device on the way.
      s.host.changeByOthers(new Change.SetUp("gb-uplink", false));
      s.assertBothHeardDriftOf(List.of("gb-uplink"), "A heard only that", "B heard only that");
    }
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void aPortTheOtherInstanceAttachedAndSomeoneElseReleasedIsDriftForBoth(boolean onDisk) {
    try (Shared s = new Shared(onDisk)) {
      s.b.attach("tap-vm2", "prod");
      s.host.changeByOthers(new Change.ReleaseMaster("tap-vm2"));
      delivered(s.subA);
      NetworkEvent.Drift expected = Drifts.releasedFromProd("tap-vm2");
      assertEquals(List.of(expected), drifts(s.subA, s.heardByA), "A names what B set");
      assertEquals(List.of(expected), drifts(s.subB, s.heardByB));
    }
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void aPortTheOtherInstanceDetachedAndSomeoneElseChangedIsNoLongerOurs(boolean onDisk) {
    try (Shared s = new Shared(onDisk)) {
      s.b.detach("tap-vm1");
      s.host.changeByOthers(new Change.SetMtu("tap-vm1", 9000));
      s.host.changeByOthers(new Change.SetMtu("gv-uplink", 9000));
      s.assertBothHeardDriftOf(List.of("gv-uplink"), "A: a released port", "is not ours to watch");
    }
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void anotherInstancesApplyRolledBackAtTheEndOfItsConfirmWindowIsNoDrift(boolean onDisk) {
    try (Shared s = new Shared(onDisk)) {
      PendingApply pending =
          s.b.apply(
              topology(Map.of("tap-vm1", "prod", "tap-vm2", "dev")),
              ApplyOptions.confirmWithin(Duration.ofMinutes(10)));
      pending.rollback();
      // What B recorded for tap-vm2 went with its rollback: tap-vm2 off our bridge is as expected.
      s.host.changeByOthers(new Change.SetUp("gb-uplink", false));
      s.assertBothHeardDriftOf(List.of("gb-uplink"), "A", "B");
    }
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void someoneElsesChangeDuringAnotherInstancesTransactionIsReportedWhenItIsDone(boolean onDisk)
      throws InterruptedException {
    try (Shared s = new Shared(onDisk)) {
      BlockingQueue<NetworkEvent> drifts = new LinkedBlockingQueue<>();
      Subscription sub =
          s.a.subscribe(
              e -> {
                if (e instanceof NetworkEvent.Drift) {
                  drifts.add(e);
                }
              });
      try {
        PendingApply pending =
            s.b.apply(
                topology(Map.of("tap-vm1", "prod", "tap-vm2", "dev")),
                ApplyOptions.confirmWithin(Duration.ofMinutes(10)));
        // While B's transaction over tap-vm2 is open, its state is not judged ...
        s.host.changeByOthers(new Change.SetMtu("tap-vm2", 9000));
        delivered(sub);
        assertEquals(List.of(), List.copyOf(drifts), "put off while B's journal is there");
        // ... and once it is done, without any further change to the host, it is.
        pending.confirm();
        NetworkEvent.Drift d = (NetworkEvent.Drift) drifts.poll(1, TimeUnit.MINUTES);
        assertEquals("tap-vm2: mtu 1500 -> 9000", d == null ? "nothing" : d.summary());
      } finally {
        sub.close();
      }
    }
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void aDamagedRecordLeavesTheJudgmentToEachInstancesOwnExpectation(boolean onDisk) {
    try (Shared s = new Shared(onDisk)) {
      StateStore store = s.dir == null ? s.host.defaultStore() : StateStore.directory(s.dir);
      store.write("expect.tap-vm1", "gallium-net expect 1\ncut short".getBytes(UTF_8));
      s.host.changeByOthers(new Change.SetMtu("tap-vm1", 9000));
      s.assertBothHeardDriftOf(List.of("tap-vm1"), "A", "B");
      // An attach writes the record whole again.
      s.b.attach("tap-vm1", "dev");
      s.host.changeByOthers(new Change.SetMtu("tap-vm1", 9000));
      assertEquals(List.of("tap-vm1", "tap-vm1"), s.driftOf(s.subA, s.heardByA));
      assertEquals(
          "tap-vm1: mtu 1500 -> 9000",
          drifts(s.subA, s.heardByA).get(1).summary(),
          "judged against what B set");
    }
  }

  private static List<NetworkEvent.Drift> drifts(Subscription sub, List<NetworkEvent> heard) {
    delivered(sub);
    synchronized (heard) {
      return heard.stream()
          .filter(NetworkEvent.Drift.class::isInstance)
          .map(NetworkEvent.Drift.class::cast)
          .toList();
    }
  }

  /** One step of a random run: an instance's call, or someone else changing a port of ours. */
  sealed interface Step {
    /** Runs the step; returns the device someone else changed, if it was such a step. */
    Optional<String> run(Shared s);
  }

  /** Instance A (or B) attaches a port to a network. */
  record Attach(boolean byA, String port, String network) implements Step {
    @Override
    public Optional<String> run(Shared s) {
      (byA ? s.a : s.b).attach(port, network);
      return Optional.empty();
    }
  }

  /** Instance A (or B) detaches a port. */
  record Detach(boolean byA, String port) implements Step {
    @Override
    public Optional<String> run(Shared s) {
      (byA ? s.a : s.b).detach(port);
      return Optional.empty();
    }
  }

  /** Instance A (or B) applies a whole topology with these ports. */
  record Apply(boolean byA, Map<String, String> ports) implements Step {
    @Override
    public Optional<String> run(Shared s) {
      (byA ? s.a : s.b).apply(topology(ports));
      return Optional.empty();
    }
  }

  /**
   * Someone else changes the n-th port on our bridge (if there is one): gives it an MTU it never
   * had before, or releases it.
   */
  record Foreign(int nth, boolean release) implements Step {
    @Override
    public Optional<String> run(Shared s) {
      List<String> onBridge =
          PORTS.stream()
              .filter(
                  p ->
                      s.host
                          .state()
                          .device(p)
                          .flatMap(io.gallium.net.core.spi.Device::master)
                          .equals(Optional.of("gv-uplink")))
              .toList();
      if (onBridge.isEmpty()) {
        return Optional.empty();
      }
      String port = onBridge.get(nth % onBridge.size());
      int mtu = 2000 + s.mtus++;
      s.host.changeByOthers(
          release ? new Change.ReleaseMaster(port) : new Change.SetMtu(port, mtu));
      return Optional.of(port);
    }
  }

  @Provide
  Arbitrary<List<Step>> runs() {
    Arbitrary<Boolean> who = Arbitraries.of(true, false);
    Arbitrary<String> port = Arbitraries.of(PORTS);
    Arbitrary<String> network = Arbitraries.of(NETWORKS);
    Arbitrary<Step> attach = Combinators.combine(who, port, network).as(Attach::new);
    Arbitrary<Step> detach = Combinators.combine(who, port).as(Detach::new);
    Arbitrary<Step> apply =
        Combinators.combine(who, Arbitraries.maps(port, network).ofMaxSize(3))
            .as((byA, ports) -> new Apply(byA, new TreeMap<>(ports)));
    Arbitrary<Step> foreign =
        Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, false))
            .as(Foreign::new);
    return Arbitraries.frequencyOf(
            Tuple.of(4, attach), Tuple.of(2, detach), Tuple.of(1, apply), Tuple.of(2, foreign))
        .list()
        .ofMaxSize(12);
  }

  @Property(tries = 120)
  void driftIsReportedExactlyForWhatSomeoneElseChanged(
      @ForAll("runs") List<Step> run, @ForAll boolean onDisk) {
    try (Shared s = new Shared(onDisk)) {
      List<String> foreign = new ArrayList<>();
      for (Step step : run) {
        step.run(s).ifPresent(foreign::add);
      }
      // A last change by someone else makes both judge every device they had put off.
      s.host.changeByOthers(new Change.SetUp("gb-uplink", false));
      foreign.add("gb-uplink");
      s.assertBothHeardDriftOf(foreign, "A, after " + run, "B, after " + run);
    }
  }
}
