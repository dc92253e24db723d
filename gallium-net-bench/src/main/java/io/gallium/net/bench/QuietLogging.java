package io.gallium.net.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/**
 * The benchmark JVMs' logging: gallium-net's INFO lines (one per apply, attach and detach) off, its
 * warnings on. Named by {@code -Djava.util.logging.config.class=io.gallium.net.bench.QuietLogging}
 * (the benchmarks' {@code @Fork(jvmArgsAppend)}, {@code run.sh}), which makes {@link LogManager}
 * construct it instead of reading a file: the jar carries the configuration, so it works from any
 * directory.
 */
public final class QuietLogging {

  /** The JVM option that selects this configuration. */
  public static final String JVM_OPTION =
      "-Djava.util.logging.config.class=io.gallium.net.bench.QuietLogging";

  /**
   * Reads {@code quiet-logging.properties} from the jar into the {@link LogManager}.
   *
   * @throws UncheckedIOException if the jar lacks it
   */
  public QuietLogging() {
    try (InputStream in = QuietLogging.class.getResourceAsStream("quiet-logging.properties")) {
      if (in == null) {
        throw new IOException("quiet-logging.properties is not next to " + QuietLogging.class);
      }
      LogManager.getLogManager().readConfiguration(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
