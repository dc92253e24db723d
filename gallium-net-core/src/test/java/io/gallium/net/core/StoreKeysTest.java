package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store lists the records it holds under a prefix ({@link StateStore#keys}), so that a whole
 * host's apply can find those of devices that are gone: records only, never the lock or a temporary
 * file of a write.
 */
class StoreKeysTest {

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDirectoryStoreListsItsRecordsUnderThePrefixAndNothingElse() throws Exception {
    StateStore store = StateStore.directory(dir.resolve("store"));
    store.write("port.tap-vm7", bytes("a"));
    store.writeAll(Map.of("port.tap-vm8", bytes("b"), "expect.tap-vm7", bytes("c")));
    store.writeAllDurably(Map.of("port.vm.005fx", bytes("d")));
    store.write("journal", bytes("j"));
    store.write("port.gone", bytes("e"));
    store.delete("port.gone");
    try (StateStore.Lock lock = store.lock(Duration.ZERO, "test").orElseThrow()) {
      // What a write that crashed leaves behind, and things planted there: not records.
      Files.write(dir.resolve("store/port.tap-vm9.123456789.tmp"), bytes("half"));
      Files.createDirectory(dir.resolve("store/port.dir"));
      Files.createSymbolicLink(dir.resolve("store/port.link"), dir.resolve("elsewhere"));

      assertEquals(Set.of("port.tap-vm7", "port.tap-vm8", "port.vm.005fx"), store.keys("port."));
      assertEquals(Set.of("expect.tap-vm7"), store.keys("expect."));
      assertEquals(
          Set.of("port.tap-vm7", "port.tap-vm8", "port.vm.005fx", "expect.tap-vm7", "journal"),
          store.keys(""));
    }
    assertEquals(Set.of(), StateStore.directory(dir.resolve("never-made")).keys("port."));
  }

  @Test
  void aMemoryStoreListsItsRecordsUnderThePrefix() {
    StateStore store = StateStore.inMemory();
    store.write("port.tap-vm7", bytes("a"));
    store.write("expect.tap-vm7", bytes("b"));
    store.write("port.gone", bytes("c"));
    store.delete("port.gone");

    assertEquals(Set.of("port.tap-vm7"), store.keys("port."));
    assertEquals(Set.of("port.tap-vm7", "expect.tap-vm7"), store.keys(""));
  }

  @Test
  void aStoreThatCannotListHasNoKeys() {
    StateStore memory = StateStore.inMemory();
    memory.write("port.tap-vm7", bytes("a"));
    // A third party's store, written before keys() existed: it implements only what it had to.
    StateStore older =
        new StateStore() {
          @Override
          public Optional<byte[]> read(String key) {
            return memory.read(key);
          }

          @Override
          public void write(String key, byte[] content) {
            memory.write(key, content);
          }

          @Override
          public void delete(String key) {
            memory.delete(key);
          }

          @Override
          public Optional<Lock> lock(Duration timeout, String purpose) {
            return memory.lock(timeout, purpose);
          }

          @Override
          public Optional<Holder> holder() {
            return memory.holder();
          }
        };

    assertEquals(Set.of(), older.keys("port."));
  }
}
