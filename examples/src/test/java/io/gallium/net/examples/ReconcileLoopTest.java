package io.gallium.net.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.PendingApply;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import io.gallium.net.examples.ReconcileLoop.Outcome;
import io.gallium.net.examples.ReconcileLoop.Round;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconcile loop on an in-memory host, with confirm windows on a clock the test moves. */
class ReconcileLoopTest {

  private static final Duration WINDOW = Duration.ofSeconds(30);

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final ManualScheduler clock = new ManualScheduler();
  private InMemoryHost host;
  private HostNetwork net;
  private ReconcileLoop loop;
  private volatile boolean healthy = true;

  @BeforeEach
  void start() {
    host = InMemoryHost.withAdapters("eth0", "eth1");
    host.addPort("tap-vm1").addPort("tap-vm2");
    net = HostNetwork.builder().driver(host).scheduler(clock).build();
    loop =
        ReconcileLoop.start(
            net, WINDOW, n -> healthy, new PrintStream(log, true, StandardCharsets.UTF_8));
    loop.desire(ReconcileLoop.wanted());
  }

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  void aHealthyChangeIsConfirmedAndOutlivesTheWindow() {
    Round round = loop.reconcile();

    assertEquals(Outcome.CONFIRMED, round.outcome());
    assertFalse(round.plan().isEmpty());
    assertEquals(0, clock.pending(), "confirming cancels the window's timer");
    clock.elapse(WINDOW.multipliedBy(2));
    assertEquals(ReconcileLoop.wanted(), net.observe());
  }

  @Test
  void aVmStartAndStopAttachAndDetachItsPortAndTheNextRoundIsInSync() {
    Topology networks =
        ReconcileLoop.wanted().toBuilder().removeVmPort("tap-vm1").removeVmPort("tap-vm2").build();
    loop.desire(networks);
    loop.reconcile();
    host.addPort("tap-vm3"); // the hypervisor makes the new VM's tap

    assertTrue(loop.vmStarted("tap-vm3", "prod").changed());
    assertEquals(networks.toBuilder().vmPort("tap-vm3", "prod").build(), net.observe());
    assertEquals(Outcome.IN_SYNC, loop.reconcile().outcome(), "the desired topology followed");

    assertTrue(loop.vmStarted("tap-vm3", "dev").changed(), "a move");
    assertEquals(networks.toBuilder().vmPort("tap-vm3", "dev").build(), net.observe());

    assertTrue(loop.vmStopped("tap-vm3").changed());
    assertEquals(networks, net.observe());
    assertEquals(Outcome.IN_SYNC, loop.reconcile().outcome());
  }

  @Test
  void aRoundInSyncTouchesNothing() {
    loop.reconcile();
    long requests = host.requestCount();

    Round round = loop.reconcile();

    assertEquals(Outcome.IN_SYNC, round.outcome());
    assertEquals(requests, host.requestCount());
  }

  @Test
  void driftIsSeenAndRepairedByTheNextRound() throws InterruptedException {
    loop.reconcile();
    HostState applied = host.state();
    assertFalse(loop.driftSeen());

    host.changeByOthers(new Change.ReleaseMaster("tap-vm1")); // an administrator, another tool...

    assertTrue(loop.awaitEvents(Duration.ofMinutes(1)), "the events arrived");
    assertTrue(loop.driftSeen());
    assertTrue(
        loop.events().stream()
            .anyMatch(e -> e instanceof NetworkEvent.Drift d && d.device().equals("tap-vm1")),
        () -> "a drift event about tap-vm1, got " + loop.events());
    Round repair = loop.reconcile();
    assertEquals(Outcome.CONFIRMED, repair.outcome());
    assertTrue(
        repair.plan().changes().stream().allMatch(c -> c.device().equals("tap-vm1")),
        () -> "the repair touches only the drifted port: " + repair.plan());
    assertEquals(applied, host.state());
    assertFalse(loop.driftSeen());
  }

  @Test
  void anUnhealthyChangeRollsBackByItselfWhenTheWindowCloses() {
    loop.reconcile();
    HostState good = host.state();
    Topology withoutMgmt = ReconcileLoop.wanted().toBuilder().removeNetwork("mgmt").build();
    healthy = false;
    loop.desire(withoutMgmt);

    Round round = loop.reconcile();

    assertEquals(Outcome.NOT_CONFIRMED, round.outcome());
    PendingApply pending = round.pending().orElseThrow();
    assertEquals(withoutMgmt, net.observe(), "inside the window the host carries the new topology");
    clock.elapse(WINDOW.minusNanos(1));
    assertTrue(pending.isPending(), "the window is still open");
    clock.elapse(Duration.ofNanos(1));
    assertEquals(PendingApply.Outcome.ROLLED_BACK, pending.outcome().getNow(null));
    assertEquals(good, host.state());
    assertEquals(ReconcileLoop.wanted(), net.observe());
  }

  @Test
  void aRolledBackTopologyIsHeldUntilANewOneIsDesired() {
    loop.reconcile();
    healthy = false;
    loop.desire(ReconcileLoop.wanted().toBuilder().removeNetwork("mgmt").build());
    loop.reconcile();
    clock.elapse(WINDOW);
    long requests = host.requestCount();

    assertEquals(Outcome.HELD, loop.reconcile().outcome());
    assertEquals(requests, host.requestCount());

    healthy = true;
    Topology fixed =
        ReconcileLoop.wanted().toBuilder().vlanNetwork("backup", "uplink", 300).build();
    loop.desire(fixed);
    assertEquals(Outcome.CONFIRMED, loop.reconcile().outcome());
    assertEquals(fixed, net.observe());
  }

  @Test
  void aFailedApplyIsReportedWithTheHostRolledBack() {
    HostState before = host.state();
    host.failOnRequest(3);

    Round round = loop.reconcile();

    assertEquals(Outcome.FAILED, round.outcome());
    ApplyException e = assertInstanceOf(ApplyException.class, round.error().orElseThrow());
    assertTrue(e.rolledBack());
    assertEquals(before, host.state());
  }

  @Test
  void theStoryOfMainEndsWithTheConfirmedTopology() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ManualScheduler storyClock = new ManualScheduler();

    boolean back =
        ReconcileLoop.story(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            storyClock,
            () -> storyClock.elapse(WINDOW),
            WINDOW);

    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(back, text);
    assertTrue(text.contains("drift: tap-vm1 was changed by someone else"), text);
    assertTrue(text.contains("the confirm window closed: ROLLED_BACK"), text);
    assertTrue(text.contains("held: "), text);
  }
}
