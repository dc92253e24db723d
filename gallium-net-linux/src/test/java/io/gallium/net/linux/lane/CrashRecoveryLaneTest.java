package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.linux.testing.LinkSnapshot;
import io.gallium.net.linux.testing.SwitchedHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed in the middle of an apply: a child JVM (this test's class path and JVM options)
 * halts just before change k ({@link HaltingApply}); then {@code recover()} in this JVM, with a
 * fresh HostNetwork on the same journal directory, brings the host back to exactly what iproute2
 * saw before, and a normal apply goes through after. k runs over the first, a middle and the last
 * change of the plan (each child JVM costs tens of seconds under emulation, so not every k).
 */
@Tag("lane")
class CrashRecoveryLaneTest {

  @Test
  void recoverAfterAJvmDiedMidApplyRestoresTheHost(@TempDir Path dir) throws Exception {
    try (SwitchedHost bench = AllOrNothingLaneTest.bench()) {
      Path journal = dir.resolve("journal");
      Files.createDirectories(journal);
      HostNetwork plain = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      plain.apply(AllOrNothingLaneTest.small());
      Topology start = plain.observe();
      int size = plain.plan(AllOrNothingLaneTest.grown()).size();
      LinkSnapshot before = LinkSnapshot.of(bench.host());
      for (int k : new TreeSet<>(List.of(1, (size + 1) / 2, size))) {
        int status =
            runChild(bench.host().name(), journal, k, "grown", dir.resolve("child-" + k + ".log"));
        assertEquals(
            HaltingApply.HALTED,
            status,
            "the child JVM halted at change "
                + k
                + " of "
                + size
                + "; its output: "
                + Files.readString(dir.resolve("child-" + k + ".log")));
        if (k > 1) {
          assertNotEquals(
              before,
              LinkSnapshot.of(bench.host()),
              "the child changed the host before it died (k=" + k + ")");
        }
        HostNetwork fresh = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
        assertThrows(
            IllegalStateException.class,
            () -> fresh.apply(AllOrNothingLaneTest.grown()),
            "an apply refuses to start over an interrupted one");
        assertTrue(fresh.recover(), "a journal was left by the JVM that died at change " + k);
        LinkSnapshot after = LinkSnapshot.of(bench.host());
        assertEquals(
            before,
            after,
            "after recover() from a halt at change "
                + k
                + " of "
                + size
                + ": "
                + before.differencesFrom(after));
        assertEquals(start, fresh.observe());
        assertFalse(fresh.recover(), "nothing left to recover");
      }
      plain.apply(AllOrNothingLaneTest.grown());
      assertEquals(AllOrNothingLaneTest.grown(), plain.observe());
    }
  }

  /**
   * Runs {@link HaltingApply} in a new JVM with this JVM's class path and options; returns its exit
   * status.
   */
  static int runChild(String namespace, Path journal, int k, String topology, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // This JVM's options (in the lane: C1 only, the CDS archive, -Dgallium.lane), up to its class
    // path.
    for (String option :
        ProcessHandle.current()
            .info()
            .arguments()
            .orElse(new String[] {"-XX:TieredStopAtLevel=1"})) {
      if (!option.startsWith("-")
          || option.equals("-cp")
          || option.equals("-classpath")
          || option.startsWith("--class-path")) {
        break;
      }
      if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-javaagent")) {
        command.add(option);
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            HaltingApply.class.getName(),
            namespace,
            journal.toString(),
            String.valueOf(k),
            topology));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new AssertionError(
          "the child JVM did not finish within 5 minutes; " + Files.readString(log));
    }
    return child.exitValue();
  }
}
