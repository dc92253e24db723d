package io.gallium.net.bench;

import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import io.gallium.net.linux.testing.ScratchNamespace;
import java.util.List;

/**
 * A network namespace made for one benchmark run ({@code ip netns add gnb-RANDOM}, a {@link
 * ScratchNamespace}) and deleted by {@link #close()}, or by a shutdown hook if the run dies first:
 * benchmarks never touch the host's own devices. Fails closed: {@link #requireIsolated(long)}
 * refuses a socket that is not in it before anything is created. What it adds to the shared
 * fixture: the linux module's handle on it, and timed batches.
 */
public final class Namespace implements AutoCloseable {
  private final ScratchNamespace scratch;

  private Namespace(ScratchNamespace scratch) {
    this.scratch = scratch;
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
    return new Namespace(ScratchNamespace.create(ScratchNamespace.uniqueName("gnb-")));
  }

  /** Whether this process runs as root. */
  public static boolean isRoot() {
    return ScratchNamespace.isRoot();
  }

  /** The host's namespace inode: PID 1's, or this JVM's own where PID 1 is out of reach. */
  public static long hostInode() {
    return ScratchNamespace.hostInode();
  }

  /** The name under {@code /run/netns}. */
  public String name() {
    return scratch.name();
  }

  /** The namespace for the linux module's handles. */
  public NetworkNamespace namespace() {
    return NetworkNamespace.named(name());
  }

  /** Its inode now. */
  public long inode() {
    return scratch.inode();
  }

  /**
   * Fails closed: throws unless a socket's namespace is this one (not the host's, not the JVM's).
   * Call it before creating anything through that socket.
   */
  public void requireIsolated(long socketNamespaceInode) {
    scratch.requireIsolated(socketNamespaceInode);
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
    long start = System.nanoTime();
    ScratchNamespace.Result r = scratch.batch(tool, lines);
    long elapsed = System.nanoTime() - start;
    if (r.status() != 0) {
      throw new IllegalStateException(
          tool + " -n " + name() + " -batch failed (" + r.status() + "): " + r.output());
    }
    return elapsed;
  }

  /** Runs {@code ip -n NAME ARGS...}, failing when it fails. */
  public String ip(String... args) {
    ScratchNamespace.Result r = scratch.ip(args);
    if (r.status() != 0) {
      throw new IllegalStateException(
          "ip -n " + name() + " " + String.join(" ", args) + " failed: " + r.output());
    }
    return r.output();
  }

  /** Runs {@code bridge -n NAME ARGS...}, failing when it fails. */
  public String bridge(String... args) {
    ScratchNamespace.Result r = scratch.bridge(args);
    if (r.status() != 0) {
      throw new IllegalStateException(
          "bridge -n " + name() + " " + String.join(" ", args) + " failed: " + r.output());
    }
    return r.output();
  }

  /** Deletes the namespace; idempotent. */
  @Override
  public void close() {
    scratch.close();
  }

  @Override
  public String toString() {
    return scratch.toString();
  }
}
