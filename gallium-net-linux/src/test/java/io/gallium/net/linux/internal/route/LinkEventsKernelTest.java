package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.testing.TestNamespace;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Link events of the test's namespace reach the listener; close() stops the thread. */
class LinkEventsKernelTest {
  private record Event(LinkMessage link, boolean deleted) {}

  @Test
  void createUpAndDeleteArriveAsEventsAndCloseStopsTheThread() throws InterruptedException {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      BlockingQueue<Event> events = new LinkedBlockingQueue<>();
      LinkEventMonitor monitor =
          handle.monitor((link, deleted) -> events.add(new Event(link, deleted)));
      try {
        assertEquals(handle.namespaceInode(), monitor.namespaceInode());
        handle.executeAll(List.of(new CreateVethPair("gv-a", "gv-b")));
        assertNotNull(await(events, e -> !e.deleted() && e.link().name().equals("gv-a")));
        handle.executeAll(
            List.of(
                new SetUp(LinkRef.named("gv-a"), true), new SetUp(LinkRef.named("gv-b"), true)));
        Event carrier = await(events, e -> e.link().name().equals("gv-a") && e.link().isLowerUp());
        assertTrue(carrier.link().isUp());
        handle.executeAll(List.of(new DeleteLink(LinkRef.named("gv-a"))));
        assertNotNull(await(events, e -> e.deleted() && e.link().name().equals("gv-a")));
      } finally {
        monitor.close();
      }
      assertFalse(monitor.isRunning(), "close() must end the event thread");
      monitor.close();
    }
  }

  @Test
  void eventsOfOtherNamespacesDoNotArrive() throws InterruptedException {
    try (TestNamespace mine = TestNamespace.create();
        TestNamespace other = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(mine.namespace());
        RouteHandle elsewhere = RouteHandle.open(other.namespace())) {
      mine.assertIsolated(handle.namespaceInode());
      other.assertIsolated(elsewhere.namespaceInode());
      BlockingQueue<Event> events = new LinkedBlockingQueue<>();
      try (LinkEventMonitor monitor =
          handle.monitor((link, deleted) -> events.add(new Event(link, deleted)))) {
        elsewhere.executeAll(List.of(new CreateVethPair("gv-x", "gv-y")));
        handle.executeAll(List.of(new CreateVethPair("gv-a", "gv-b")));
        // Events arrive in order: by the time ours shows up, a leaked one would have too.
        await(events, e -> e.link().name().equals("gv-a"));
        assertTrue(
            events.stream()
                .noneMatch(
                    e -> e.link().name().startsWith("gv-x") || e.link().name().startsWith("gv-y")));
      }
    }
  }

  /** Takes events until one matches; fails after a generous bound rather than hanging. */
  private static Event await(BlockingQueue<Event> events, Predicate<Event> wanted)
      throws InterruptedException {
    while (true) {
      Event event = events.poll(30, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("the expected link event did not arrive");
      }
      if (wanted.test(event)) {
        return event;
      }
    }
  }
}
