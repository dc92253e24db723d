package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * apply(desired, confirmWithin(window)): kept when confirmed in time, rolled back by itself
 * otherwise.
 */
class ConfirmWindowTest {

  private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
  private final InMemoryHost host = QuickStartTest.host();
  private final HostNetwork net =
      HostNetwork.builder().driver(host).scheduler(scheduler).lockTimeout(Duration.ZERO).build();
  private final Topology before =
      Topology.builder().adapterGroup("uplink", "eth0").vlanNetwork("old", "uplink", 7).build();

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void confirmedInTimeTheChangeStays() throws Exception {
    net.apply(before);
    PendingApply pending =
        net.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1)));
    assertTrue(pending.isPending());
    assertEquals(
        QuickStartTest.quickStart(), net.observe(), "the change is on the host during the window");
    assertThrows(
        HostBusyException.class, () -> net.apply(before), "no other apply during the window");

    pending.confirm();

    assertEquals(PendingApply.Outcome.CONFIRMED, pending.outcome().get(1, TimeUnit.MINUTES));
    assertFalse(pending.isPending());
    assertEquals(QuickStartTest.quickStart(), net.observe());
    assertFalse(net.recover(), "no journal is left behind");
    assertThrows(
        IllegalStateException.class, pending::rollback, "a confirmed change cannot be rolled back");
    net.apply(before);
    assertEquals(before, net.observe(), "the host is free for the next apply");
  }

  @Test
  void notConfirmedTheChangeIsRolledBackByItself() throws Exception {
    net.apply(before);
    HostState stateBefore = host.state();
    PendingApply pending =
        net.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ZERO));

    assertEquals(PendingApply.Outcome.ROLLED_BACK, pending.outcome().get(1, TimeUnit.MINUTES));

    assertEquals(stateBefore, host.state());
    assertEquals(before, net.observe(), "network names are rolled back too");
    IllegalStateException late = assertThrows(IllegalStateException.class, pending::confirm);
    assertEquals(
        "too late to confirm: the confirm window closed and the change was rolled back",
        late.getMessage());
    assertFalse(net.recover(), "no journal is left behind");
    net.apply(QuickStartTest.quickStart());
    assertEquals(QuickStartTest.quickStart(), net.observe(), "the host is free for the next apply");
  }

  @Test
  void rollbackBeforeTheWindowCloses() throws Exception {
    HostState stateBefore = host.state();
    PendingApply pending =
        net.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1)));
    pending.rollback();
    assertEquals(PendingApply.Outcome.ROLLED_BACK, pending.outcome().get(1, TimeUnit.MINUTES));
    assertEquals(stateBefore, host.state());
  }

  @Test
  void aWindowWhoseRollbackDiesEndsAndSaysSo() throws Exception {
    PendingApply pending =
        net.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1)));
    host.crashAfterRequests(0); // the rollback's first request kills the "process"
    assertThrows(InMemoryHost.Crash.class, pending::rollback);

    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> pending.outcome().get(1, TimeUnit.MINUTES));
    assertTrue(failed.getCause() instanceof InMemoryHost.Crash, failed.toString());
    IllegalStateException late = assertThrows(IllegalStateException.class, pending::confirm);
    assertTrue(
        late.getMessage()
            .startsWith(
                "too late to confirm: the confirm window closed and its" + " rollback failed ("),
        late.getMessage());
    assertTrue(late.getMessage().endsWith("); call recover()"), late.getMessage());
    IllegalStateException again = assertThrows(IllegalStateException.class, pending::rollback);
    assertTrue(again.getMessage().startsWith("the rollback of this change failed already ("));
  }

  @Test
  void anErrorInTheExpiryStillEndsTheWindow() throws Exception {
    // The scheduler's one thread waits until the crash is armed, so the expiry cannot run before.
    CountDownLatch armed = new CountDownLatch(1);
    scheduler.execute(
        () -> {
          try {
            armed.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    PendingApply pending =
        net.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofMillis(1)));
    host.crashAfterRequests(0); // an Error in the timer's rollback
    armed.countDown();
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> pending.outcome().get(1, TimeUnit.MINUTES));
    assertTrue(failed.getCause() instanceof InMemoryHost.Crash, failed.toString());
    assertFalse(pending.isPending());
  }

  @Test
  void aConfirmedWindowLeavesNoTimerBehindInTheDefaultScheduler() {
    HostNetwork withDefaults = HostNetwork.of(QuickStartTest.host());
    int queued = HostNetwork.defaultScheduler().getQueue().size();
    withDefaults
        .apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1)))
        .confirm();
    assertEquals(queued, HostNetwork.defaultScheduler().getQueue().size());
  }

  @Test
  void aWindowNoTimerCanHoldIsRefusedBeforeAnythingIsTouched() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApplyOptions.confirmWithin(Duration.ofDays(365L * 300)));
    assertEquals(
        "confirm window PT2628000H is longer than the longest a timer takes, "
            + ApplyOptions.MAX_WINDOW,
        e.getMessage());
  }

  @Test
  void aWindowThatCannotBeScheduledIsRolledBackAndFreesTheHost() {
    HostState stateBefore = host.state();
    ScheduledThreadPoolExecutor stopped = new ScheduledThreadPoolExecutor(1);
    stopped.shutdown();
    HostNetwork withStopped =
        HostNetwork.builder().driver(host).scheduler(stopped).lockTimeout(Duration.ZERO).build();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                withStopped.apply(
                    QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1))));
    assertTrue(e.getMessage().startsWith("the confirm window could not be scheduled on "));
    assertEquals(stateBefore, host.state(), "rolled back");
    net.apply(QuickStartTest.quickStart()); // the host is free: no HostBusyException
    assertFalse(net.recover(), "no journal is left behind");
  }

  @Test
  void aNegativeWindowIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApplyOptions.confirmWithin(Duration.ofSeconds(-1)));
    assertEquals("confirm window PT-1S is negative", e.getMessage());
  }
}
