package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.NetlinkException;
import io.gallium.net.linux.internal.netlink.BatchResult;
import io.gallium.net.linux.testing.Capabilities;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The kernel's refusals become NetlinkExceptions naming operation, device, errno and the kernel's
 * text.
 */
class ErrorMappingKernelTest {

  @Test
  void existingDeviceIsEexist() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      handle.executeAll(List.of(new CreateBridge("gb-uplink", false, 0)));
      NetlinkException e =
          assertThrows(
              NetlinkException.class,
              () -> handle.executeAll(List.of(new CreateBridge("gb-uplink", false, 0))));
      assertEquals("RTM_NEWLINK", e.operation());
      assertEquals("gb-uplink", e.device());
      assertEquals(17, e.errno());
      assertEquals("EEXIST", e.errnoName());
      assertTrue(
          e.getMessage().startsWith("RTM_NEWLINK gb-uplink: File exists (EEXIST)"), e.getMessage());
      assertFalse(e.isPermissionDenied());
    }
  }

  @Test
  void missingDeviceIsEnodev() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      NetlinkException e =
          assertThrows(
              NetlinkException.class,
              () -> handle.executeAll(List.of(new DeleteLink(LinkRef.named("gb-missing")))));
      assertEquals("RTM_DELLINK", e.operation());
      assertEquals("ENODEV", e.errnoName());
      assertTrue(
          e.getMessage().startsWith("RTM_DELLINK gb-missing: No such device (ENODEV)"),
          e.getMessage());
    }
  }

  @Test
  void kernelTextArrivesThroughExtendedAck() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      handle.executeAll(List.of(new CreateVethPair("gv-a", "gv-b")));
      // An MTU beyond the device's maximum: the kernel explains itself (dev_validate_mtu).
      NetlinkException e =
          assertThrows(
              NetlinkException.class,
              () -> handle.executeAll(List.of(new SetMtu(LinkRef.named("gv-a"), 1_000_000))));
      assertEquals("EINVAL", e.errnoName());
      assertTrue(e.kernelMessage().isPresent(), "no extended ack text in " + e.getMessage());
      assertTrue(e.kernelMessage().get().contains("mtu"), e.kernelMessage().get());
      assertTrue(e.getMessage().contains(e.kernelMessage().get()));
    }
  }

  @Test
  void failuresInABatchAreReportedPerRequestAndTheRestStillRuns() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      BatchResult result =
          handle.execute(
              List.of(
                  new CreateBridge("gb-1", false, 0),
                  new DeleteLink(LinkRef.named("gb-missing")),
                  new CreateBridge("gb-2", false, 0)),
              false);
      assertTrue(result.isDone(0));
      assertFalse(result.isDone(1));
      assertEquals("ENODEV", result.failures().get(1).errnoName());
      assertTrue(result.isDone(2));
      assertTrue(handle.link("gb-2").isPresent());
    }
  }

  @Test
  void withoutCapNetAdminTheErrorSaysWhatIsNeeded() throws InterruptedException {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      // Capabilities are per thread: this thread drops CAP_NET_ADMIN, then ends.
      Thread unprivileged =
          new Thread(
              () -> {
                try {
                  Capabilities.dropEffective(Capabilities.CAP_NET_ADMIN);
                  handle.executeAll(List.of(new CreateBridge("gb-denied", false, 0)));
                } catch (Throwable t) {
                  thrown.set(t);
                }
              });
      unprivileged.start();
      unprivileged.join();
      NetlinkException e =
          assertThrows(
              NetlinkException.class,
              () -> {
                throw thrown.get();
              });
      assertEquals("EPERM", e.errnoName());
      assertTrue(e.isPermissionDenied());
      assertTrue(e.getMessage().contains("CAP_NET_ADMIN"), e.getMessage());
      assertTrue(handle.link("gb-denied").isEmpty(), "the refused request must have had no effect");
    }
  }
}
