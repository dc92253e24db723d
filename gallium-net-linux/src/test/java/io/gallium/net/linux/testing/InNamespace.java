package io.gallium.net.linux.testing;

import io.gallium.net.linux.internal.Kernel;
import io.gallium.net.linux.internal.libc.LibC;
import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs test code on a short-lived thread that entered a test namespace ({@code setns}), checked to
 * be there first. What that thread opens lives in the namespace: sockets, and the per-namespace
 * files {@code /proc/thread-self/net/*} and {@code /proc/sys/net/*}. It spares the lane a process
 * ({@code ip netns exec ...}) per counter read, which under emulation costs a second and more.
 */
public final class InNamespace {
  private InNamespace() {}

  /** Calls {@code work} inside {@code ns} and returns its result (its exception, unwrapped). */
  public static <T> T call(TestNamespace ns, Callable<T> work) {
    Path path = Path.of("/run/netns", ns.name());
    long expected = ns.namespace().inode();
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                int fd = LibC.open(path.toString(), Kernel.O_RDONLY | Kernel.O_CLOEXEC);
                if (fd < 0) {
                  throw new IllegalStateException(
                      "cannot open " + path + ": errno " + LibC.errno());
                }
                try {
                  if (LibC.setns(fd, Kernel.CLONE_NEWNET) != 0) {
                    throw new IllegalStateException(
                        "cannot enter " + path + ": errno " + LibC.errno());
                  }
                } finally {
                  LibC.close(fd);
                }
                long now = NetworkNamespace.inodeOf(Path.of("/proc/thread-self/ns/net"));
                if (now != expected || now == TestNamespace.hostInode()) {
                  throw new IllegalStateException(
                      "thread is in namespace "
                          + now
                          + ", not "
                          + ns.name()
                          + " ("
                          + expected
                          + ")");
                }
                result.complete(work.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "in-" + ns.name());
    thread.setDaemon(true);
    thread.start();
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Turns IPv6 off in {@code ns} (for devices made from now on too): no ND or MLD frames on the
   * wire.
   */
  public static void disableIpv6(TestNamespace ns) {
    call(
        ns,
        () -> {
          Files.writeString(Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6"), "1");
          Files.writeString(Path.of("/proc/sys/net/ipv6/conf/default/disable_ipv6"), "1");
          return null;
        });
  }

  /** Packet counters of every device of {@code ns}, from its {@code /proc/net/dev}. */
  public static Map<String, Counters> counters(TestNamespace ns) {
    return call(ns, () -> parse(Files.readAllLines(Path.of("/proc/thread-self/net/dev"))));
  }

  private static Map<String, Counters> parse(java.util.List<String> lines) {
    Map<String, Counters> out = new TreeMap<>();
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.contains("|")) {
        continue;
      }
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      // Receive: bytes packets errs drop fifo frame compressed multicast | Transmit: bytes packets
      // ...
      out.put(
          line.substring(0, colon).trim(),
          new Counters(Long.parseLong(f[1]), Long.parseLong(f[9])));
    }
    return out;
  }

  /** Packets a device received and sent. */
  public record Counters(long rxPackets, long txPackets) {}
}
