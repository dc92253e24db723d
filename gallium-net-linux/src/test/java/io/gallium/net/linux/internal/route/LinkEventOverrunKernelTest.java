package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.testing.TestNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A real overrun (ENOBUFS) on a monitor with a tiny receive buffer whose listener is stuck while a
 * burst of devices is created, and whose every burst end throws: the monitor reports the overrun
 * and goes on delivering later events (#12 item 4).
 */
class LinkEventOverrunKernelTest {
  @Test
  void theMonitorSurvivesAnOverrunAndAListenerThatThrows() throws InterruptedException {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      CountDownLatch burstDone = new CountDownLatch(1);
      CountDownLatch overrun = new CountDownLatch(1);
      CountDownLatch after = new CountDownLatch(1);
      AtomicInteger burstEnds = new AtomicInteger();
      LinkListener listener =
          new LinkListener() {
            @Override
            public void onLink(LinkMessage link, boolean deleted) {
              awaitQuietly(burstDone);
              if (link.name().equals("gv-after")) {
                after.countDown();
              }
            }

            @Override
            public void onOverrun() {
              overrun.countDown();
            }

            @Override
            public void onBurstEnd() {
              burstEnds.incrementAndGet();
              throw new IllegalStateException("a listener that throws at every burst end");
            }
          };
      try (LinkEventMonitor monitor = LinkEventMonitor.start(ns.namespace(), listener, 4096)) {
        List<CreateVethPair> pairs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          pairs.add(new CreateVethPair("gv" + i + "a", "gv" + i + "b"));
        }
        handle.executeAll(pairs);
        burstDone.countDown();
        assertTrue(overrun.await(30, TimeUnit.SECONDS), "no ENOBUFS: the buffer did not overrun");
        // The tail of the burst may still fill the tiny buffer and drop the first change after it:
        // change gv-after until one of its events arrives (a dead monitor delivers none).
        handle.executeAll(List.of(new CreateVethPair("gv-after", "gv-after-b")));
        boolean up = true;
        for (int i = 0; i < 30 && !after.await(1, TimeUnit.SECONDS); i++) {
          handle.executeAll(List.of(new SetUp(LinkRef.named("gv-after"), up)));
          up = !up;
        }
        assertTrue(after.await(0, TimeUnit.SECONDS), "no event after the overrun");
        assertTrue(monitor.isRunning());
        assertTrue(burstEnds.get() >= 1);
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
