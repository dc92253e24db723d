package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.StateStore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal decides what recover() does to the host: its directory is private, its files are made
 * with mode 0600, and nothing planted in it is followed.
 */
class StorePrivacyTest {

  @TempDir Path tmp;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void theDirectoryIsPrivateAndItsFilesAreReadableByTheOwnerOnly() throws Exception {
    Path dir = tmp.resolve("store");
    StateStore store = StateStore.directory(dir);
    store.write("journal", "x".getBytes());
    store.lock(Duration.ZERO, "apply").orElseThrow().close();

    assertEquals("rwx------", mode(dir));
    assertEquals("rw-------", mode(dir.resolve("journal")));
    assertEquals("rw-------", mode(dir.resolve("lock")));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void aDirectoryOfOursWithAWiderModeIsNarrowed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("store"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    StateStore.directory(dir).lock(Duration.ZERO, "apply").orElseThrow().close();
    assertEquals("rwx------", mode(dir));
  }

  @Test
  void aLinkPlantedAtTheLockIsNotFollowed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("store"));
    Path victim = tmp.resolve("victim");
    Files.createSymbolicLink(dir.resolve("lock"), victim);

    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> StateStore.directory(dir).lock(Duration.ZERO, "apply"));
    assertTrue(
        e.getMessage().startsWith("cannot lock " + dir.toRealPath().resolve("lock")),
        e.getMessage());
    assertFalse(Files.exists(victim), "no file was created through the link");
  }

  @Test
  void linksPlantedAtARecordOrItsOldTemporaryNameAreNotWrittenThrough() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("store"));
    Path victim = Files.writeString(tmp.resolve("victim"), "precious");
    Files.createSymbolicLink(dir.resolve("journal.tmp"), victim);
    Files.createSymbolicLink(dir.resolve("journal"), victim);
    StateStore store = StateStore.directory(dir);

    assertThrows(UncheckedIOException.class, () -> store.read("journal"), "not read through");
    store.write("journal", "ours".getBytes());

    assertEquals("precious", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(dir.resolve("journal")), "the link was replaced");
    assertEquals(Optional.of("ours"), store.read("journal").map(String::new));
  }

  @Test
  void aDirectoryOfAnotherUserIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("store"));
    UserPrincipal nobody;
    try {
      nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(dir, nobody);
    } catch (Exception e) {
      System.out.println("skipped: cannot give a directory to user nobody here: " + e);
      Assumptions.abort("cannot give a directory to user nobody here: " + e);
      return;
    }
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> StateStore.directory(dir).lock(Duration.ZERO, "apply"));
    String m = e.getCause().getMessage();
    assertTrue(
        m.startsWith("the store directory " + dir.toRealPath() + " belongs to nobody, not to "), m);
    assertTrue(m.endsWith("(HostNetwork.builder().journal(dir))"), m);
  }
}
