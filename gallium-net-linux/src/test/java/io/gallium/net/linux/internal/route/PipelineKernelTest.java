package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.internal.netlink.BatchResult;
import io.gallium.net.linux.internal.netlink.NetlinkBatchEvent;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Thousands of requests in flight: every one acknowledged, none lost to ENOBUFS, because the window
 * follows the receive buffer. The control shows the same batch with an unbounded window overflowing
 * the same buffer, so the first test is not passing by luck.
 */
class PipelineKernelTest {
  private static final int REQUESTS = 2000;

  /** A receive buffer far too small for 2000 acks (~830 bytes of truesize each). */
  private static final int SMALL_BUFFER = 32 * 1024;

  private static List<SetAlias> aliases(int count) {
    List<SetAlias> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      requests.add(new SetAlias(LinkRef.named(i % 2 == 0 ? "gv-a" : "gv-b"), "alias-" + i));
    }
    return requests;
  }

  @Test
  void twoThousandRequestsInFlightAreAllAcknowledged() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace(), REQUESTS * 2048)) {
      ns.assertIsolated(handle.namespaceInode());
      assertTrue(handle.window() >= REQUESTS, "window " + handle.window());
      handle.executeAll(List.of(new CreateVethPair("gv-a", "gv-b")));
      BatchResult result = handle.execute(aliases(REQUESTS), false);
      assertTrue(result.succeeded(), () -> result.failures().toString());
      assertEquals(REQUESTS, result.done().cardinality());
      assertEquals("alias-" + (REQUESTS - 2), handle.link("gv-a").orElseThrow().alias());
      assertEquals("alias-" + (REQUESTS - 1), handle.link("gv-b").orElseThrow().alias());
    }
  }

  /**
   * A batch is one flight-recorder event (when a recording enables it) with the batch's counts: a
   * product's recording shows where a slow apply spent its time in the kernel.
   */
  @Test
  void aBatchIsOneFlightRecorderEventWithItsCounts() throws Exception {
    Path file = Files.createTempFile("netlink-batch", ".jfr");
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace());
        Recording recording = new Recording()) {
      ns.assertIsolated(handle.namespaceInode());
      handle.executeAll(List.of(new CreateVethPair("gv-a", "gv-b")));
      List<SetAlias> requests = new ArrayList<>(aliases(10));
      requests.add(new SetAlias(LinkRef.named("gv-none"), "no such device"));
      recording.enable(NetlinkBatchEvent.class);
      recording.start();
      BatchResult result = handle.execute(requests, false);
      recording.stop();
      recording.dump(file);
      assertEquals(10, result.done().cardinality());
      List<RecordedEvent> events =
          RecordingFile.readAllEvents(file).stream()
              .filter(e -> e.getEventType().getName().equals("io.gallium.net.NetlinkBatch"))
              .toList();
      assertEquals(1, events.size(), events.toString());
      RecordedEvent event = events.get(0);
      assertEquals(11, event.getInt("requests"));
      assertEquals(10, event.getInt("acks"));
      assertEquals(1, event.getInt("errors"));
      assertTrue(event.getInt("maxInFlight") >= 1, event.toString());
      assertTrue(event.getInt("datagrams") >= 1, event.toString());
      assertTrue(event.getLong("bytesSent") > 11 * 32, event.toString());
      assertEquals(List.of("gallium-net"), event.getEventType().getCategoryNames());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void aSmallReceiveBufferNarrowsTheWindowInsteadOfLosingAcks() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace(), SMALL_BUFFER)) {
      ns.assertIsolated(handle.namespaceInode());
      assertTrue(handle.window() < REQUESTS / 10, "window " + handle.window());
      handle.executeAll(List.of(new CreateVethPair("gv-a", "gv-b")));
      BatchResult result = handle.execute(aliases(REQUESTS), false);
      assertTrue(result.succeeded(), () -> result.failures().toString());
      assertEquals(REQUESTS, result.done().cardinality());
    }
  }

  @Test
  void controlTheSameBatchWithAnUnboundedWindowOverflowsTheBuffer() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.openWithWindow(ns.namespace(), SMALL_BUFFER, REQUESTS)) {
      ns.assertIsolated(handle.namespaceInode());
      handle.executeAll(List.of(new CreateVethPair("gv-a", "gv-b")));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> handle.execute(aliases(REQUESTS), false));
      assertTrue(e.getMessage().contains("ENOBUFS"), e.getMessage());
    }
  }
}
