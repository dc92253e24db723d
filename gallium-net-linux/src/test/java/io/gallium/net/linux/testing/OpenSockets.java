package io.gallium.net.linux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The sockets this process has open, from {@code /proc/self/fd}: what a test counts before and
 * after to show that nothing leaked. Only sockets count, since other descriptors come and go with
 * the JVM's own work.
 */
public final class OpenSockets {
  private OpenSockets() {}

  /**
   * How many sockets this process has open now.
   *
   * @return the number of descriptors that are sockets
   * @throws UncheckedIOException if {@code /proc/self/fd} cannot be listed
   */
  public static long count() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                  return false; // the descriptor Files.list itself used, closed meanwhile
                }
              })
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
