package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import io.gallium.net.linux.testing.ScratchNamespace.Result;
import java.util.List;
import java.util.Optional;

/**
 * A network namespace made for one test ({@code ip netns add gnt-RANDOM}, a {@link
 * ScratchNamespace}) and deleted by {@link #close()}, so tests never touch the host's own devices.
 * Tests that need it are skipped, with the reason printed, when not running as root or without
 * iproute2; failures of its commands fail the test.
 */
public final class TestNamespace implements AutoCloseable {
  private final ScratchNamespace scratch;

  private TestNamespace(ScratchNamespace scratch) {
    this.scratch = scratch;
  }

  /** Creates a fresh namespace, or aborts the test (skipped, with the reason) when it cannot. */
  public static TestNamespace create() {
    Optional<String> whyNot = ScratchNamespace.whyNotHere();
    assumeTrue(
        whyNot.isEmpty(),
        () -> "skipped: real-kernel tests need a network namespace of their own: " + whyNot.get());
    TestNamespace namespace =
        new TestNamespace(ScratchNamespace.create(ScratchNamespace.uniqueName("gnt-")));
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
    assertNotEquals(hostInode(), ours, "namespace " + name() + " is the host's; refusing to go on");
    assertNotEquals(
        ScratchNamespace.jvmInode(),
        ours,
        "namespace " + name() + " is the JVM's own; refusing to go on");
  }

  public static boolean isRoot() {
    return ScratchNamespace.isRoot();
  }

  public String name() {
    return scratch.name();
  }

  public NetworkNamespace namespace() {
    return NetworkNamespace.named(name());
  }

  /**
   * The inode of the host's namespace: that of PID 1 when this process may read it, else (in a
   * sandbox where PID 1 is out of reach) the one this JVM started in.
   */
  public static long hostInode() {
    return ScratchNamespace.hostInode();
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
        ScratchNamespace.jvmInode(),
        socketNamespaceInode,
        "socket is in the JVM's own network namespace; refusing to go on");
    if (socketNamespaceInode != namespace().inode()) {
      throw new AssertionError("socket namespace " + socketNamespaceInode + " is not " + name());
    }
  }

  /** Runs {@code ip -n NAME ARGS...}; returns its status and output. */
  public Result ip(String... args) {
    return scratch.ip(args);
  }

  /** Runs a command inside the namespace ({@code ip netns exec NAME ...}). */
  public Result exec(String... args) {
    return scratch.exec(args);
  }

  /** Like {@link #ip} but fails the test when the command fails. */
  public String ipOk(String... args) {
    Result result = ip(args);
    if (result.status() != 0) {
      throw new AssertionError(
          "ip -n " + name() + " " + String.join(" ", args) + " failed: " + result.output());
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
    Result result = scratch.batch("ip", commands);
    if (result.status() != 0) {
      throw new AssertionError(
          "ip -n "
              + name()
              + " -batch failed: "
              + result.output().strip()
              + "\ncommands:\n"
              + String.join("\n", commands));
    }
    return result.output();
  }

  /** Runs {@code bridge -n NAME ARGS...}; fails the test when the command fails. */
  public String bridgeOk(String... args) {
    Result result = scratch.bridge(args);
    if (result.status() != 0) {
      throw new AssertionError(
          "bridge -n " + name() + " " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.output();
  }

  /** Like {@link #exec} but fails the test when the command fails. */
  public String execOk(String... args) {
    Result result = exec(args);
    if (result.status() != 0) {
      throw new AssertionError(
          "ip netns exec " + name() + " " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.output();
  }

  /** Deletes the namespace; idempotent. */
  @Override
  public void close() {
    scratch.close();
  }
}
