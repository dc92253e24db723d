package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A journal or catalog that is not whole is refused, naming the record and what to do, and is never
 * half-used: a cut or a changed byte anywhere leaves the host and the record as they are.
 */
class StoreIntegrityTest {

  /** A host left by a crash in the middle of the quick start's apply, with its journal. */
  private static InMemoryHost crashedHost() {
    InMemoryHost host = QuickStartTest.host();
    host.crashAfterRequests(7);
    assertThrows(
        InMemoryHost.Crash.class, () -> HostNetwork.of(host).apply(QuickStartTest.quickStart()));
    return host;
  }

  private static byte[] cut(byte[] record, double at) {
    return Arrays.copyOf(record, (int) (at * record.length));
  }

  private static byte[] flip(byte[] record, double at, int bits) {
    byte[] changed = record.clone();
    int i = Math.min((int) (at * record.length), record.length - 1);
    changed[i] = (byte) (changed[i] ^ bits);
    return changed;
  }

  private static void assertRecoverRefuses(InMemoryHost host, byte[] damaged) {
    host.defaultStore().write("journal", damaged);
    HostState before = host.state();
    StoreDamagedException e =
        assertThrows(StoreDamagedException.class, () -> HostNetwork.of(host).recover());
    assertTrue(e.getMessage().startsWith("memory store/journal was not used: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("apply the desired topology again"), e.getMessage());
    assertEquals(before, host.state(), "nothing on the host was changed");
    assertArrayEquals(damaged, host.defaultStore().read("journal").orElseThrow(), "journal kept");
  }

  @Property(tries = 200)
  void aJournalCutAnywhereIsRefusedWhole(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double at) {
    InMemoryHost host = crashedHost();
    byte[] journal = host.defaultStore().read("journal").orElseThrow();
    assertRecoverRefuses(host, cut(journal, at));
  }

  @Property(tries = 200)
  void aJournalWithAnyByteChangedIsRefusedWhole(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double at,
      @ForAll @IntRange(min = 1, max = 255) int bits) {
    InMemoryHost host = crashedHost();
    byte[] journal = host.defaultStore().read("journal").orElseThrow();
    assertRecoverRefuses(host, flip(journal, at, bits));
  }

  @Property(tries = 100)
  void aDamagedCatalogIsRefusedByEveryCallThatReadsIt(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double at,
      @ForAll @IntRange(min = 0, max = 255) int bits) {
    InMemoryHost host = QuickStartTest.host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(QuickStartTest.quickStart());
    byte[] catalog = host.defaultStore().read("catalog").orElseThrow();
    host.defaultStore().write("catalog", bits == 0 ? cut(catalog, at) : flip(catalog, at, bits));
    HostState before = host.state();

    for (Runnable call :
        new Runnable[] {
          net::observe,
          () -> net.plan(QuickStartTest.quickStart()),
          () -> net.apply(QuickStartTest.quickStart())
        }) {
      StoreDamagedException e = assertThrows(StoreDamagedException.class, call::run);
      assertTrue(e.getMessage().startsWith("memory store/catalog was not used: "), e.getMessage());
    }
    assertEquals(before, host.state());
  }

  @Test
  void messagesSayWhatIsWrong() {
    InMemoryHost host = crashedHost();
    byte[] journal = host.defaultStore().read("journal").orElseThrow();
    String text = new String(journal, StandardCharsets.UTF_8);

    host.defaultStore().write("journal", "hello\n".getBytes(StandardCharsets.UTF_8));
    assertTrue(
        message(host).contains("it is not a gallium-net journal (its first line is 'hello')"),
        message(host));
    host.defaultStore()
        .write(
            "journal", text.replace("journal 4\n", "journal 5\n").getBytes(StandardCharsets.UTF_8));
    assertTrue(
        message(host)
            .contains(
                "it is in format 5, newer than this gallium-net reads (4); the gallium-net that"
                    + " wrote it can read it"),
        message(host));
    host.defaultStore()
        .write(
            "journal",
            text.substring(0, text.lastIndexOf("end ")).getBytes(StandardCharsets.UTF_8));
    assertTrue(message(host).contains("it is cut short (no end line)"), message(host));
  }

  private static String message(InMemoryHost host) {
    return assertThrows(StoreDamagedException.class, () -> HostNetwork.of(host).recover())
        .getMessage();
  }
}
