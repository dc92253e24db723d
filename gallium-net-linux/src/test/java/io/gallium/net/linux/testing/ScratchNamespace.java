package io.gallium.net.linux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway network namespace ({@code ip netns add NAME}): the one fixture behind the linux
 * module's tests ({@link TestNamespace}), the benchmarks and the quick start's sandbox, so that
 * none of them touches the host's own devices.
 *
 * <p>It fails closed: {@link #create} deletes the namespace again unless it is neither the host's
 * (PID 1's) nor this JVM's own, and {@link #requireIsolated} refuses a socket that is not in it. It
 * is deleted by {@link #close()}, or by a shutdown hook if the JVM exits first. It depends on the
 * JDK alone (no JUnit, no internals of the linux module), because the benchmarks and the examples
 * use it from their main code; each user turns {@link #whyNotHere()} into its own way of saying
 * "cannot run here" (a skipped test, an error, a fallback to memory).
 *
 * <p>It runs {@code ip}, playing the administrator who sets up a machine; the library itself never
 * starts a process.
 */
public final class ScratchNamespace implements AutoCloseable {
  private static final Path NETNS_DIR = Path.of("/run/netns");
  private static final Path HOST_NAMESPACE = Path.of("/proc/1/ns/net");
  private static final Path JVM_NAMESPACE = Path.of("/proc/self/ns/net");

  private final String name;
  private final Thread cleanup;
  private boolean deleted;

  private ScratchNamespace(String name) {
    this.name = name;
    this.cleanup = new Thread(this::delete, "delete-netns-" + name);
  }

  /**
   * Why no namespace can be made here, judged without creating anything: not root, or no {@code
   * ip}; empty when one can.
   */
  public static Optional<String> whyNotHere() {
    if (!isRoot()) {
      return Optional.of(
          "not running as root (creating a network namespace needs CAP_SYS_ADMIN and"
              + " CAP_NET_ADMIN)");
    }
    if (findIp().isEmpty()) {
      return Optional.of(
          "iproute2 ('ip') is not installed, and network namespaces are made with it");
    }
    return Optional.empty();
  }

  /** {@code prefix} and a random hexadecimal suffix: a name no other run is using. */
  public static String uniqueName(String prefix) {
    return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }

  /**
   * Creates the namespace {@code name} and checks that it is neither the host's nor this JVM's.
   *
   * @throws IllegalStateException when {@link #whyNotHere()} has a reason, {@code ip netns add}
   *     fails, or the namespace is not isolated (then it is deleted again)
   */
  public static ScratchNamespace create(String name) {
    whyNotHere()
        .ifPresent(
            reason -> {
              throw new IllegalStateException(
                  "cannot create network namespace " + name + ": " + reason);
            });
    Result created = run("ip", "netns", "add", name);
    if (created.status() != 0) {
      throw new IllegalStateException("ip netns add " + name + " failed: " + created.output());
    }
    ScratchNamespace ns = new ScratchNamespace(name);
    Runtime.getRuntime().addShutdownHook(ns.cleanup);
    try {
      long inode = ns.inode();
      if (inode == hostInode() || inode == inodeOf(JVM_NAMESPACE)) {
        throw new IllegalStateException(
            "namespace " + name + " has the host's inode " + inode + "; refusing to go on");
      }
      return ns;
    } catch (RuntimeException | Error e) {
      ns.close();
      throw e;
    }
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

  /**
   * The inode of the host's namespace: that of PID 1 when this process may read it, else (in a
   * sandbox where PID 1 is out of reach) the one this JVM started in.
   */
  public static long hostInode() {
    try {
      return inodeOf(HOST_NAMESPACE);
    } catch (UncheckedIOException e) {
      return inodeOf(JVM_NAMESPACE);
    }
  }

  /** The inode of this JVM's own namespace. */
  public static long jvmInode() {
    return inodeOf(JVM_NAMESPACE);
  }

  /** The name under {@code /run/netns}. */
  public String name() {
    return name;
  }

  /** The namespace's file, {@code /run/netns/NAME}. */
  public Path path() {
    return NETNS_DIR.resolve(name);
  }

  /** Its inode now. */
  public long inode() {
    return inodeOf(path());
  }

  /**
   * Fails closed: throws unless a socket's namespace is this one (not the host's, not the JVM's).
   * Call it before creating anything through that socket.
   *
   * @throws IllegalStateException when the socket is anywhere else
   */
  public void requireIsolated(long socketNamespaceInode) {
    if (socketNamespaceInode == hostInode()
        || socketNamespaceInode == jvmInode()
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
   * Runs {@code ip -n NAME ARGS...}; returns its status and output. A dump the kernel changed while
   * it ran is read again (see {@link #DUMP_INTERRUPTED}).
   */
  public Result ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name));
    command.addAll(List.of(args));
    return runDump(command.toArray(String[]::new));
  }

  /** Runs {@code bridge -n NAME ARGS...}; returns its status and output, as {@link #ip} does. */
  public Result bridge(String... args) {
    List<String> command = new ArrayList<>(List.of("bridge", "-n", name));
    command.addAll(List.of(args));
    return runDump(command.toArray(String[]::new));
  }

  /**
   * What iproute2 prints (on standard error, which {@link #run} merges) when the kernel flags a
   * dump NLM_F_DUMP_INTR: the devices or addresses changed while it ran (an address leaving DAD,
   * say), so what it printed may be neither the state before nor after. An oracle reads it again,
   * as gallium-net's own reads do.
   */
  static final String DUMP_INTERRUPTED = "Dump was interrupted and may be inconsistent";

  /** How often {@link #runDump} reads a dump again that keeps being interrupted. */
  private static final int DUMP_TRIES = 16;

  /** Runs a command that may dump; reruns it while its dump was interrupted, up to 16 times. */
  static Result runDump(String... command) {
    Result result = run(command);
    for (int i = 1; i < DUMP_TRIES && result.output().contains(DUMP_INTERRUPTED); i++) {
      result = run(command);
    }
    return result;
  }

  /** Runs a command inside the namespace ({@code ip netns exec NAME ...}). */
  public Result exec(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  /**
   * Runs {@code TOOL -n NAME -batch -} ({@code ip} or {@code bridge}) with these lines on its
   * standard input: one process for all of them, which matters where a process costs a second, as
   * under emulation.
   */
  public Result batch(String tool, List<String> lines) {
    if (inode() == hostInode()) {
      throw new IllegalStateException(
          "namespace " + name + " is the host's; refusing to run " + tool);
    }
    return runWithInput(String.join("\n", lines) + "\n", tool, "-n", name, "-batch", "-");
  }

  /** Deletes the namespace and everything in it; idempotent. */
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
    if (!deleted) {
      deleted = true;
      run("ip", "netns", "del", name);
    }
  }

  @Override
  public String toString() {
    return "network namespace " + name;
  }

  /** The inode of a namespace file ({@code /proc/PID/ns/net}, {@code /run/netns/NAME}). */
  public static long inodeOf(Path namespace) {
    try {
      if (Files.isSymbolicLink(namespace)) {
        // /proc/PID/ns/net reads "net:[INODE]", even where following it is not allowed.
        String target = Files.readSymbolicLink(namespace).toString();
        if (!target.startsWith("net:[") || !target.endsWith("]")) {
          throw new IllegalArgumentException(namespace + " points to " + target);
        }
        return Long.parseLong(target.substring(5, target.length() - 1));
      }
      return ((Number) Files.getAttribute(namespace, "unix:ino", LinkOption.NOFOLLOW_LINKS))
          .longValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A finished process: exit status and its combined output. */
  public record Result(int status, String output) {}

  /** Runs a command (no input); returns its status and combined output. */
  public static Result run(String... command) {
    return runWithInput(null, command);
  }

  /** Runs a command with {@code input} (if not null) on its standard input. */
  public static Result runWithInput(String input, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  private static Optional<Path> findIp() {
    return List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").stream()
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }
}
