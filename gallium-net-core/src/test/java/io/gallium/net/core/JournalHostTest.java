package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The journal says which host (on Linux: which network namespace) it belongs to, and recover()
 * never uses one of another host; journals of the format before, which do not say, are still read.
 */
class JournalHostTest {

  /** Host {@code a} crashes mid-apply with its journal in {@code store}. */
  private static void crashMidApply(InMemoryHost a, StateStore store) {
    a.crashAfterRequests(5);
    HostNetwork net = HostNetwork.builder().driver(a).store(store).build();
    assertThrows(InMemoryHost.Crash.class, () -> net.apply(QuickStartTest.quickStart()));
    a.crashAfterRequests(Integer.MAX_VALUE);
  }

  @Test
  void recoverRefusesAJournalOfAnotherHostNamingTheFileTheHostAndWhatToDo() {
    StateStore shared = StateStore.inMemory();
    InMemoryHost a = QuickStartTest.host();
    InMemoryHost b = QuickStartTest.host();
    crashMidApply(a, shared);
    byte[] journal = shared.read("journal").orElseThrow();
    HostState bBefore = b.state();

    StoreDamagedException e =
        assertThrows(
            StoreDamagedException.class,
            () -> HostNetwork.builder().driver(b).store(shared).build().recover());

    assertEquals(
        "memory store/journal was not used: it belongs to "
            + a.identity().orElseThrow()
            + ", not to "
            + b.identity().orElseThrow()
            + ", where recover() runs. If that namespace still exists, call recover() on a"
            + " HostNetwork opened in it with this store; if it is gone, the devices its"
            + " interrupted apply changed went with it: delete the file. Give each namespace a"
            + " store of its own (HostNetwork.builder().journal(dir)).",
        e.getMessage());
    assertEquals(bBefore, b.state(), "nothing on the other host was touched");
    assertArrayEquals(journal, shared.read("journal").orElseThrow(), "the journal is kept");

    HostState aBefore = QuickStartTest.host().state();
    assertTrue(HostNetwork.builder().driver(a).store(shared).build().recover());
    assertEquals(aBefore, a.state(), "its own host recovers it");
  }

  @Test
  void theJournalNamesItsHost() {
    InMemoryHost a = QuickStartTest.host();
    crashMidApply(a, a.defaultStore());
    String text =
        new String(a.defaultStore().read("journal").orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(
        text.contains("\nhost " + a.identity().orElseThrow().replace(' ', '+') + "\n"), text);
  }

  @Test
  void aJournalOfFormat2IsStillRecovered() {
    InMemoryHost a = QuickStartTest.host();
    HostState before = a.state();
    crashMidApply(a, a.defaultStore());
    String text =
        new String(a.defaultStore().read("journal").orElseThrow(), StandardCharsets.UTF_8);
    a.defaultStore().write("journal", asFormat2(text));

    assertTrue(HostNetwork.of(a).recover());
    assertEquals(before, a.state());
    assertFalse(a.defaultStore().read("journal").isPresent());
  }

  /** The same journal as gallium-net wrote it in format 2: no host line, no port records. */
  private static byte[] asFormat2(String format3) {
    String[] lines = format3.split("\n");
    String body =
        Arrays.stream(lines, 1, lines.length - 1)
                .filter(l -> !l.startsWith("host ") && !l.startsWith("port "))
                .collect(Collectors.joining("\n"))
            + "\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    long count = body.chars().filter(c -> c == '\n').count();
    return ("gallium-net journal 2\n"
            + body
            + "end "
            + count
            + " "
            + String.format("%08x", crc.getValue())
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
