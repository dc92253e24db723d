package io.gallium.net.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the quick start as the README does, so it never rots. */
class QuickStartTest {

  @Test
  void inMemoryItShowsThePlanTheFailoverAndTheCleanup() throws Exception {
    String out = runMain("--in-memory");
    List<String> lines = out.lines().toList();

    assertTrue(lines.get(0).startsWith("gallium-net quick start on InMemoryHost"), lines.get(0));
    assertTrue(lines.get(0).contains("--in-memory was given"), lines.get(0));
    assertInOrder(
        out,
        "2. the plan (nothing has changed yet):",
        "create bond gb-uplink (active-backup",
        "3. applied: ",
        "VM port tap-vm1 on network prod",
        "event: failover: group uplink moved from eth0 to eth1",
        "group uplink: active eth1; eth0 NO carrier, eth1 carrier",
        "6. cleaning up: applying the empty topology",
        "delete gb-uplink",
        "cleaned up: gallium-net owns nothing on this host any more");
  }

  /**
   * Without the flag it picks real devices where it can; either way it says where it ran and cleans
   * up.
   */
  @Test
  void withoutTheFlagItSaysWhereItRunsAndLeavesNoNamespaceBehind() throws Exception {
    String out = runMain();
    String first = out.lines().findFirst().orElseThrow();

    assertTrue(
        first.startsWith(
                "gallium-net quick start on InMemoryHost, a simulated host; no kernel is touched."
                    + " Why: ")
            || first.startsWith(
                "gallium-net quick start on real Linux devices in sandbox network namespace"
                    + " gnq-host-"),
        first);
    assertTrue(out.contains("event: failover: group uplink moved from eth0 to eth1"), out);
    assertTrue(out.contains("cleaned up: gallium-net owns nothing on this host any more"), out);
    assertEquals(List.of(), sandboxNamespacesLeft());
  }

  @Test
  void anUnknownArgumentIsRefusedWithTheUsage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QuickStart.main("--real"));
    assertTrue(e.getMessage().contains("usage: QuickStart [--in-memory]"), e.getMessage());
  }

  /**
   * Calls {@code QuickStart.main} exactly as {@code java -jar} does and returns what it printed.
   */
  private static String runMain(String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(args);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  private static void assertInOrder(String text, String... parts) {
    int at = 0;
    for (String p : parts) {
      int found = text.indexOf(p, at);
      assertTrue(found >= 0, () -> "expected \"" + p + "\" after position in output:\n" + text);
      at = found + p.length();
    }
  }

  private static List<String> sandboxNamespacesLeft() throws IOException {
    Path netns = Path.of("/run/netns");
    if (!Files.isDirectory(netns)) {
      return List.of();
    }
    try (Stream<Path> names = Files.list(netns)) {
      return names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gnq-")).toList();
    }
  }
}
