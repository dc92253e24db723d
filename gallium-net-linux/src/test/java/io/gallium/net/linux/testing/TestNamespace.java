package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * A network namespace made for one test ({@code ip netns add gnt-RANDOM}) and deleted by {@link
 * #close()}, so tests never touch the host's own devices. Tests that need it are skipped, with the
 * reason printed, when not running as root or without iproute2.
 */
public final class TestNamespace implements AutoCloseable {
  private static final Path HOST_NAMESPACE = Path.of("/proc/1/ns/net");
  private static final Path JVM_NAMESPACE = Path.of("/proc/self/ns/net");
  private final String name;

  private TestNamespace(String name) {
    this.name = name;
  }

  /** Creates a fresh namespace, or aborts the test (skipped, with the reason) when it cannot. */
  public static TestNamespace create() {
    assumeTrue(
        isRoot(),
        "skipped: real-kernel tests need root (CAP_NET_ADMIN, CAP_SYS_ADMIN) to create a network"
            + " namespace");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "skipped: iproute2 (ip) is needed to create the test's network namespace");
    String name = "gnt-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    Result created = run("ip", "netns", "add", name);
    if (created.status() != 0) {
      throw new IllegalStateException("ip netns add " + name + " failed: " + created.output());
    }
    TestNamespace namespace = new TestNamespace(name);
    try {
      namespace.assertNotHost();
      return namespace;
    } catch (RuntimeException | Error e) {
      namespace.close();
      throw e;
    }
  }

  /**
   * Fails closed before anything is created: the namespace file {@code ip netns add} made must not
   * be the host's namespace (nor the JVM's own), or every {@code ip -n} would land on the host.
   */
  private void assertNotHost() {
    long ours = namespace().inode();
    assertNotEquals(hostInode(), ours, "namespace " + name + " is the host's; refusing to go on");
    assertNotEquals(
        NetworkNamespace.inodeOf(JVM_NAMESPACE),
        ours,
        "namespace " + name + " is the JVM's own; refusing to go on");
  }

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

  public String name() {
    return name;
  }

  public NetworkNamespace namespace() {
    return NetworkNamespace.named(name);
  }

  /**
   * The inode of the host's namespace: that of PID 1 when this process may read it, else (in a
   * sandbox where PID 1 is out of reach) the one this JVM started in.
   */
  public static long hostInode() {
    try {
      return NetworkNamespace.inodeOf(HOST_NAMESPACE);
    } catch (UncheckedIOException e) {
      return NetworkNamespace.inodeOf(JVM_NAMESPACE);
    }
  }

  /**
   * Fails closed: asserts that a socket's namespace is this one, neither the host's (PID 1) nor the
   * JVM's own, before the test creates anything through it.
   */
  public void assertIsolated(long socketNamespaceInode) {
    assertNotEquals(
        hostInode(),
        socketNamespaceInode,
        "socket is in the host's network namespace; refusing to go on");
    assertNotEquals(
        NetworkNamespace.inodeOf(JVM_NAMESPACE),
        socketNamespaceInode,
        "socket is in the JVM's own network namespace; refusing to go on");
    if (socketNamespaceInode != namespace().inode()) {
      throw new AssertionError("socket namespace " + socketNamespaceInode + " is not " + name);
    }
  }

  /** Runs {@code ip -n NAME ARGS...}; returns its status and output. */
  public Result ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  /** Runs a command inside the namespace ({@code ip netns exec NAME ...}). */
  public Result exec(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  /** Like {@link #ip} but fails the test when the command fails. */
  public String ipOk(String... args) {
    Result result = ip(args);
    if (result.status() != 0) {
      throw new AssertionError(
          "ip -n " + name + " " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.output();
  }

  /**
   * Runs {@code ip -n NAME -batch -} with these commands (one {@code ip} process for all of them,
   * which matters where a process costs a second, as under emulation); fails the test at the first
   * command that fails.
   */
  public String ipBatch(List<String> commands) {
    if (commands.isEmpty()) {
      return "";
    }
    Result result =
        runWithInput(String.join("\n", commands) + "\n", "ip", "-n", name, "-batch", "-");
    if (result.status() != 0) {
      throw new AssertionError(
          "ip -n "
              + name
              + " -batch failed: "
              + result.output().strip()
              + "\ncommands:\n"
              + String.join("\n", commands));
    }
    return result.output();
  }

  /** Runs {@code bridge -n NAME ARGS...}; fails the test when the command fails. */
  public String bridgeOk(String... args) {
    List<String> command = new ArrayList<>(List.of("bridge", "-n", name));
    command.addAll(List.of(args));
    Result result = run(command.toArray(String[]::new));
    if (result.status() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + result.output());
    }
    return result.output();
  }

  /** Like {@link #exec} but fails the test when the command fails. */
  public String execOk(String... args) {
    Result result = exec(args);
    if (result.status() != 0) {
      throw new AssertionError(
          "ip netns exec " + name + " " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.output();
  }

  /** Deletes the namespace; idempotent. */
  @Override
  public void close() {
    run("ip", "netns", "del", name);
  }

  /** A finished process: exit status and its combined output. */
  public record Result(int status, String output) {}

  static Result run(String... command) {
    return runWithInput(null, command);
  }

  static Result runWithInput(String input, String... command) {
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
}
