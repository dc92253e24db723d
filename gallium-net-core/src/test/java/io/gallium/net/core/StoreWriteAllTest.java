package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.ExpectedDevices;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many records written at once ({@link StateStore#writeAll}), as a whole host's apply writes what
 * each device it changed should look like: each record whole, old ones replaced, nothing left
 * behind, and a record a crash left empty refused, not used.
 */
class StoreWriteAllTest {

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Records in the order given: key, content (as UTF-8), key, content... */
  private static Map<String, byte[]> records(String... keysAndContents) {
    Map<String, byte[]> records = new LinkedHashMap<>();
    for (int i = 0; i < keysAndContents.length; i += 2) {
      records.put(keysAndContents[i], bytes(keysAndContents[i + 1]));
    }
    return records;
  }

  /** Each record reads back as written, and no half-written file is left in the directory. */
  private void assertReadBackAndNoTemporaryFiles(StateStore store, Map<String, byte[]> records)
      throws IOException {
    records.forEach((key, content) -> assertArrayEquals(content, store.read(key).orElseThrow()));
    assertEquals(List.of(), temporaryFiles());
  }

  private List<String> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  @Test
  void everyRecordIsWrittenReadableAndReplacesTheOldOne() throws IOException {
    StateStore store = StateStore.directory(dir);
    store.write("b", bytes("old b"));
    Map<String, byte[]> records = records("a", "new a", "b", "new b", "expect.vp-1", "");
    store.writeAll(records);

    assertReadBackAndNoTemporaryFiles(store, records);

    store.writeAll(Map.of("a", bytes("newer a")));
    assertArrayEquals(bytes("newer a"), store.read("a").orElseThrow());
    assertArrayEquals(bytes("new b"), store.read("b").orElseThrow());
  }

  @Test
  void aDurableBatchToo() throws IOException {
    StateStore store = StateStore.directory(dir);
    store.write("port.vp-1", bytes("old"));
    Map<String, byte[]> records = records("port.vp-1", "new 1", "port.vp-2", "new 2");
    store.writeAllDurably(records);

    assertReadBackAndNoTemporaryFiles(store, records);
    assertThrows(
        IllegalArgumentException.class, () -> store.writeAllDurably(Map.of("Bad", bytes("x"))));
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void aBadKeyWritesNothing() throws IOException {
    StateStore store = StateStore.directory(dir);
    Map<String, byte[]> records = records("a", "a", "Not/A/Key", "b");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.writeAll(records));
    assertTrue(e.getMessage().contains("Not/A/Key"), e.getMessage());
    assertEquals(Optional.empty(), store.read("a"));
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void anApplyRecordsEachDeviceItChangedAsTheHostHasIt() throws IOException {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    host.addPort("vp1");
    host.addPort("vp2");
    StateStore store = StateStore.directory(dir);
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    Topology topology =
        Topology.builder()
            .adapterGroup("g", "eth0", "eth1")
            .untaggedNetwork("n1", "g")
            .vlanNetwork("n2", "g", 2)
            .vmPort("vp1", "n1")
            .vmPort("vp2", "n2")
            .build();

    net.apply(topology);

    HostState state = host.state();
    for (String port : List.of("vp1", "vp2")) {
      assertEquals(
          Optional.of(state.device(port)), ExpectedDevices.read(store, port), "record of " + port);
    }
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void aRecordACrashLeftEmptyIsRefusedAndPutRightByAReset() throws IOException {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    host.addPort("vp1");
    StateStore store = StateStore.directory(dir);
    HostNetwork.builder()
        .driver(host)
        .store(store)
        .build()
        .apply(
            Topology.builder()
                .adapterGroup("g", "eth0", "eth1")
                .untaggedNetwork("n1", "g")
                .vmPort("vp1", "n1")
                .build());
    // What a crash right after a batch of unsynced records may leave: the name, not the content.
    Files.write(dir.resolve(ExpectedDevices.key("vp1")), new byte[0]);

    StoreDamagedException e =
        assertThrows(StoreDamagedException.class, () -> ExpectedDevices.read(store, "vp1"));
    assertTrue(e.getMessage().contains(ExpectedDevices.key("vp1")), e.getMessage());

    Optional<Device> now = host.state().device("vp1");
    ExpectedDevices.reset(store, List.of("vp1"), host.state());
    assertEquals(Optional.of(now), ExpectedDevices.read(store, "vp1"));
    // Also that of a device that is to be absent.
    Files.write(dir.resolve(ExpectedDevices.key("vp9")), new byte[0]);
    ExpectedDevices.reset(store, List.of("vp9"), host.state());
    assertEquals(Optional.of(Optional.empty()), ExpectedDevices.read(store, "vp9"));
    assertFalse(temporaryFiles().stream().anyMatch(n -> n.startsWith("expect.")));
  }
}
