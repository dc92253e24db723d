package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.internal.StateEdits;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on disk: written before the first change, read by recover(), and the apply lock. */
class JournalTest {

  @TempDir Path dir;

  @Test
  void theJournalIsOnDiskBeforeTheFirstChangeAndRecoverUsesIt() throws Exception {
    InMemoryHost host = QuickStartTest.host();
    HostState before = host.state();
    host.crashAfterRequests(0);
    HostNetwork net = HostNetwork.builder().driver(host).journal(dir).build();
    assertThrows(InMemoryHost.Crash.class, () -> net.apply(QuickStartTest.quickStart()));
    assertEquals(before, host.state(), "the crash came before the first change");
    String journal = Files.readString(dir.resolve("journal"));
    assertTrue(
        journal.startsWith("gallium-net journal 4\n# do set eth0 down; undo: set eth0 up\n"),
        journal);

    HostNetwork restarted = HostNetwork.builder().driver(host).journal(dir).build();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> restarted.apply(QuickStartTest.quickStart()));
    assertEquals(
        "an earlier apply on this host was interrupted (journal in "
            + dir
            + "); call recover() first",
        e.getMessage());
    assertTrue(restarted.recover());
    assertFalse(Files.exists(dir.resolve("journal")));
    assertEquals(before, host.state());
    restarted.apply(QuickStartTest.quickStart());
    assertEquals(QuickStartTest.quickStart(), restarted.observe());
    assertTrue(Files.readString(dir.resolve("catalog")).contains("network uplink 100 prod\n"));
  }

  @Test
  void oneApplyAtATimePerStore() {
    InMemoryHost host = QuickStartTest.host();
    HostNetwork first = HostNetwork.builder().driver(host).journal(dir).build();
    HostNetwork second =
        HostNetwork.builder().driver(host).journal(dir).lockTimeout(Duration.ZERO).build();
    PendingApply pending =
        first.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1)));
    HostBusyException busy =
        assertThrows(HostBusyException.class, () -> second.apply(QuickStartTest.quickStart()));
    assertTrue(
        busy.getMessage().startsWith("the host is busy: confirm window of an apply, open until "),
        busy.getMessage());
    assertTrue(
        busy.getMessage()
            .endsWith(
                " holds its lock in "
                    + dir
                    + "; waited PT0S (HostNetwork.builder().lockTimeout) to apply"),
        busy.getMessage());
    assertThrows(HostBusyException.class, second::recover);
    pending.confirm();
    assertFalse(second.apply(QuickStartTest.quickStart()).changed());
  }

  @Test
  void recoveryCopesWithAVmPortThatWentAwayMeanwhile() {
    InMemoryHost host = QuickStartTest.host();
    HostState before = host.state();
    host.crashAfterRequests(12);
    assertThrows(
        InMemoryHost.Crash.class, () -> HostNetwork.of(host).apply(QuickStartTest.quickStart()));
    assertEquals(Optional.of("gv-uplink"), host.state().device("tap-vm1").orElseThrow().master());
    host.changeByOthers(new Change.DeleteDevice("tap-vm1"));

    assertTrue(HostNetwork.of(host).recover());
    assertEquals(StateEdits.without(before, "tap-vm1"), host.state());
  }

  @Test
  void aFileLockHeldElsewhereKeepsApplyOut() throws Exception {
    java.nio.file.Files.createDirectories(dir);
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            dir.resolve("lock"),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock held = ch.lock();
      InMemoryHost host = QuickStartTest.host();
      HostNetwork net =
          HostNetwork.builder().driver(host).journal(dir).lockTimeout(Duration.ZERO).build();
      assertThrows(HostBusyException.class, () -> net.apply(QuickStartTest.quickStart()));
      assertEquals(0, host.requestCount());
      held.release();
    }
    InMemoryHost host = QuickStartTest.host();
    HostNetwork.builder().driver(host).journal(dir).build().apply(QuickStartTest.quickStart());
  }

  @Test
  void theDirectoryStoreWritesWholeFiles() {
    StateStore store = StateStore.directory(dir.resolve("sub"));
    assertEquals(Optional.empty(), store.read("catalog"));
    store.write("catalog", "a".getBytes());
    store.write("catalog", "b".getBytes());
    assertEquals("b", new String(store.read("catalog").orElseThrow()));
    store.delete("catalog");
    assertEquals(Optional.empty(), store.read("catalog"));
    assertThrows(IllegalArgumentException.class, () -> store.read("../etc/passwd"));
  }
}
