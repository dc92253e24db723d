package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import io.gallium.net.linux.testing.OpenSockets;
import io.gallium.net.linux.testing.TestNamespace;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Opening, verifying and closing netlink sockets in namespaces, on the real kernel. */
class SocketKernelTest {

  @Test
  void socketOpensInsideTheNamedNamespaceNotTheHost() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      assertEquals(ns.namespace().inode(), handle.namespaceInode());
      assertNotEquals(TestNamespace.hostInode(), handle.namespaceInode());
      // The calling thread itself never left its namespace.
      assertEquals(
          NetworkNamespace.current().inode(),
          NetworkNamespace.inodeOf(Path.of("/proc/thread-self/ns/net")));
      assertEquals(
          TestNamespace.hostInode(),
          NetworkNamespace.current().inode(),
          "the test thread must still be in the host namespace after opening a socket elsewhere");
    }
  }

  @Test
  void namespaceByPathIsTheSameAsByName() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle =
            RouteHandle.open(NetworkNamespace.at(Path.of("/run/netns", ns.name())))) {
      ns.assertIsolated(handle.namespaceInode());
    }
  }

  @Test
  void freshNamespaceHoldsOnlyLoopback() {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      assertEquals(1, handle.links().size());
      assertEquals("lo", handle.links().get(0).name());
    }
  }

  @Test
  void missingNamespaceIsRefusedWithItsPath() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RouteHandle.open(
                    NetworkNamespace.named("gnt-does-not-exist-" + System.nanoTime())));
    assertTrue(e.getMessage().contains("/run/netns/gnt-does-not-exist"), e.getMessage());
  }

  @Test
  void namespaceNamesThatAreNotFileNamesAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> NetworkNamespace.named("../../proc/1/ns/net"));
    assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.named(""));
  }

  @Test
  void closeIsIdempotentAndLeaksNoDescriptor() throws IOException {
    try (TestNamespace ns = TestNamespace.create()) {
      RouteHandle.open(ns.namespace()).close();
      long before = OpenSockets.count();
      for (int i = 0; i < 50; i++) {
        RouteHandle handle = RouteHandle.open(ns.namespace());
        ns.assertIsolated(handle.namespaceInode());
        handle.close();
        assertDoesNotThrow(handle::close);
      }
      assertEquals(before, OpenSockets.count(), "descriptors leaked by open/close");
    }
  }

  @Test
  void closedHandleRefusesWork() {
    try (TestNamespace ns = TestNamespace.create()) {
      RouteHandle handle = RouteHandle.open(ns.namespace());
      handle.close();
      assertThrows(IllegalStateException.class, handle::links);
    }
  }
}
