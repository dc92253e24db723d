package io.gallium.net.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.StoreDamagedException;
import io.gallium.net.linux.testing.FaultyDriver;
import io.gallium.net.linux.testing.ScratchNamespace;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal belongs to one network namespace: LinuxHost names it the way the kernel identifies
 * it, and recover() never uses another namespace's journal, even from a store both share.
 */
class NamespaceJournalKernelTest {

  @Test
  void theIdentityIsTheNamespacesHoweverItIsOpened() {
    try (TestNamespace a = TestNamespace.create();
        TestNamespace b = TestNamespace.create();
        LinuxHost byName = LinuxHost.inNamespace(a.name());
        LinuxHost byPath = LinuxHost.inNamespace(Path.of("/run/netns", a.name()));
        LinuxHost other = LinuxHost.inNamespace(b.name())) {
      a.assertIsolated(byName.namespaceInode());
      b.assertIsolated(other.namespaceInode());
      // The oracle: stat's device and inode of the namespace file.
      String[] stat =
          ScratchNamespace.run("stat", "-L", "-c", "%d %i", "/run/netns/" + a.name())
              .output()
              .strip()
              .split(" ");

      String id = byName.identity().orElseThrow();

      assertTrue(
          id.startsWith("network namespace net:[" + stat[1] + "] (nsfs device " + stat[0]), id);
      assertEquals(kernelHasNetnsCookie(), id.contains(", cookie "), id);
      assertEquals(id, byPath.identity().orElseThrow(), "one namespace, one identity");
      assertNotEquals(id, other.identity().orElseThrow(), "another namespace, another identity");
    }
  }

  @Test
  void recoverRefusesTheJournalOfAnotherNamespace(@TempDir Path dir) {
    try (TestNamespace a = TestNamespace.create();
        TestNamespace b = TestNamespace.create();
        LinuxHost hostA = LinuxHost.inNamespace(a.name());
        LinuxHost hostB = LinuxHost.inNamespace(b.name())) {
      a.assertIsolated(hostA.namespaceInode());
      b.assertIsolated(hostB.namespaceInode());
      // In a: a bridge of gallium-net's with a port on it (no bonding needed).
      a.ipOk("link", "add", "gv-g", "type", "bridge");
      a.ipOk("link", "set", "gv-g", "alias", "gallium-net:bridge:g");
      a.ipOk("link", "add", "tap-a", "type", "veth", "peer", "name", "tap-a-peer");
      a.ipOk("link", "set", "tap-a", "master", "gv-g");
      // The process dies mid-detach in a, leaving its journal in a store b is given too.
      FaultyDriver dying =
          FaultyDriver.interferingAt(
              hostA,
              1,
              () -> {
                throw new Error("the process dies");
              });
      assertThrows(
          Error.class,
          () -> HostNetwork.builder().driver(dying).journal(dir).build().detach("tap-a"));
      assertTrue(Files.exists(dir.resolve("journal")));

      StoreDamagedException e =
          assertThrows(
              StoreDamagedException.class,
              () -> HostNetwork.builder().driver(hostB).journal(dir).build().recover());

      assertTrue(
          e.getMessage()
              .startsWith(
                  dir.resolve("journal")
                      + " was not used: it belongs to "
                      + hostA.identity().orElseThrow()
                      + ", not to "
                      + hostB.identity().orElseThrow()
                      + ", where recover() runs."),
          e.getMessage());
      assertTrue(Files.exists(dir.resolve("journal")), "the journal is kept");
      assertTrue(
          HostNetwork.builder().driver(hostA).journal(dir).build().recover(),
          "its own namespace recovers it");
      assertEquals(
          Optional.of("gv-g"), hostA.observe().device("tap-a").orElseThrow().master(), "as it was");
    }
  }

  /** SO_NETNS_COOKIE came with Linux 5.14. */
  private static boolean kernelHasNetnsCookie() {
    String[] v = System.getProperty("os.version").split("[.-]");
    int major = Integer.parseInt(v[0]);
    int minor = Integer.parseInt(v[1]);
    return major > 5 || (major == 5 && minor >= 14);
  }
}
