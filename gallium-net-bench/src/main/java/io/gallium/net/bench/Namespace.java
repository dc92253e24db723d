package io.gallium.net.bench;

import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace made for one benchmark run ({@code ip netns add gnb-RANDOM}) and deleted by
 * {@link #close()}, or by a shutdown hook if the run dies first: benchmarks never touch the host's
 * own devices. Fails closed: {@link #requireIsolated(long)} refuses a socket that is not in it
 * before anything is created.
 */
public final class Namespace implements AutoCloseable {
  private static final Path HOST = Path.of("/proc/1/ns/net");
  private static final Path SELF = Path.of("/proc/self/ns/net");

  private final String name;
  private final Thread cleanup;
  private boolean closed;

  private Namespace(String name) {
    this.name = name;
    this.cleanup = new Thread(this::delete, "delete-netns-" + name);
  }

  /**
   * Creates a fresh namespace and checks that it is not the host's.
   *
   * @throws IllegalStateException when not root or {@code ip netns add} fails
   */
  public static Namespace create() {
    if (!isRoot()) {
      throw new IllegalStateException(
          "real-kernel benchmarks need root (CAP_NET_ADMIN, CAP_SYS_ADMIN)"
              + " to create a network namespace; run them as root or leave them out");
    }
    String name = "gnb-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    Process.Result r = Process.run(List.of("ip", "netns", "add", name), null);
    if (r.status() != 0) {
      throw new IllegalStateException("ip netns add " + name + " failed: " + r.output());
    }
    Namespace ns = new Namespace(name);
    Runtime.getRuntime().addShutdownHook(ns.cleanup);
    long inode = ns.inode();
    if (inode == hostInode() || inode == NetworkNamespace.inodeOf(SELF)) {
      ns.close();
      throw new IllegalStateException(
          "namespace " + name + " has the host's inode " + inode + "; refusing to go on");
    }
    return ns;
  }

  /** Whether this process runs as root. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** The host's namespace inode: PID 1's, or this JVM's own where PID 1 is out of reach. */
  public static long hostInode() {
    try {
      return NetworkNamespace.inodeOf(HOST);
    } catch (UncheckedIOException e) {
      return NetworkNamespace.inodeOf(SELF);
    }
  }

  /** The name under {@code /run/netns}. */
  public String name() {
    return name;
  }

  /** The namespace for the linux module's handles. */
  public NetworkNamespace namespace() {
    return NetworkNamespace.named(name);
  }

  /** Its inode now. */
  public long inode() {
    return namespace().inode();
  }

  /**
   * Fails closed: throws unless a socket's namespace is this one (not the host's, not the JVM's).
   * Call it before creating anything through that socket.
   */
  public void requireIsolated(long socketNamespaceInode) {
    if (socketNamespaceInode == hostInode()
        || socketNamespaceInode == NetworkNamespace.inodeOf(SELF)
        || socketNamespaceInode != inode()) {
      throw new IllegalStateException(
          "socket is in namespace "
              + socketNamespaceInode
              + ", not in "
              + name
              + " ("
              + inode()
              + "); refusing to go on");
    }
  }

  /**
   * Runs {@code ip -n NAME -batch -} with these lines on its standard input, as a peer would.
   *
   * @return the wall time of the whole process, in nanoseconds
   * @throws IllegalStateException when {@code ip} fails
   */
  public long ipBatch(List<String> lines) {
    return batch("ip", lines);
  }

  /** Runs {@code bridge -n NAME -batch -} likewise. */
  public long bridgeBatch(List<String> lines) {
    return batch("bridge", lines);
  }

  private long batch(String tool, List<String> lines) {
    if (inode() == hostInode()) {
      throw new IllegalStateException(
          "namespace " + name + " is the host's; refusing to run " + tool);
    }
    byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    Process.Result r = Process.run(List.of(tool, "-n", name, "-batch", "-"), input);
    long elapsed = System.nanoTime() - start;
    if (r.status() != 0) {
      throw new IllegalStateException(
          tool + " -n " + name + " -batch failed (" + r.status() + "): " + r.output());
    }
    return elapsed;
  }

  /** Runs {@code ip -n NAME ARGS...}, failing when it fails. */
  public String ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name));
    command.addAll(List.of(args));
    Process.Result r = Process.run(command, null);
    if (r.status() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output());
    }
    return r.output();
  }

  /** Deletes the namespace; idempotent. */
  @Override
  public void close() {
    delete();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or ran.
    }
  }

  private synchronized void delete() {
    if (!closed) {
      closed = true;
      Process.run(List.of("ip", "netns", "del", name), null);
    }
  }

  @Override
  public String toString() {
    return "network namespace " + name;
  }

  /** A child process: {@code ip} or {@code bridge}, never anything in product code. */
  static final class Process {
    private Process() {}

    record Result(int status, String output) {}

    static Result run(List<String> command, byte[] input) {
      try {
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
          try (var in = p.getOutputStream()) {
            in.write(input);
          }
        } else {
          p.getOutputStream().close();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
      }
    }
  }
}
