package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gates for tests that need the real-kernel lane ({@code gallium-net-linux/src/test/vm/lane.sh}): a
 * Debian kernel with bonding, 802.1q and bridge VLAN filtering, and root.
 */
public final class Lane {
  /** The system property {@code lane.sh} sets in the guest. */
  public static final String PROPERTY = "gallium.lane";

  private Lane() {}

  /** True when this JVM runs inside the lane (property {@value #PROPERTY} or env GALLIUM_LANE). */
  public static boolean active() {
    return Boolean.getBoolean(PROPERTY) || "true".equalsIgnoreCase(System.getenv("GALLIUM_LANE"));
  }

  /**
   * Aborts the calling test, with the reason printed in the report, unless it runs in the lane as
   * root: outside it the kernel may lack the features, and only root may create namespaces.
   */
  public static void assumeLaneAndRoot() {
    assumeTrue(
        active(),
        "skipped: not in the real-kernel lane (-D"
            + PROPERTY
            + "=true); run gallium-net-linux/src/test/vm/lane.sh test");
    assumeTrue(
        effectiveUid() == 0, "skipped: the lane test needs root to create a network namespace");
  }

  private static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.split("\\s+")[2]); // real, effective, saved, fs
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an unreadable /proc: treat as not root
    }
    return -1;
  }
}
