package io.gallium.net.linux.internal.netlink;

import static io.gallium.net.linux.internal.Kernel.CLONE_NEWNET;
import static io.gallium.net.linux.internal.Kernel.O_CLOEXEC;
import static io.gallium.net.linux.internal.Kernel.O_RDONLY;

import io.gallium.net.linux.internal.libc.LibC;
import io.gallium.net.linux.internal.libc.SystemCallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace a netlink socket can be opened in: the caller's own, one named under {@code
 * /run/netns} (as {@code ip netns add} makes them), or any nsfs file.
 *
 * <p>{@link #openSocket(int)} creates the socket inside the namespace from a dedicated thread
 * (setns changes only the calling thread, and that thread ends right after), then checks with
 * SIOCGSKNS that the kernel really put the socket there. A socket that ended up anywhere else is
 * closed and refused: a failed setns can never fall through to the host's own devices.
 */
public final class NetworkNamespace {
  private static final Path RUN_NETNS = Path.of("/run/netns");
  private static final Path CURRENT = Path.of("/proc/thread-self/ns/net");
  private static final Pattern NSFS_LINK = Pattern.compile("net:\\[(\\d+)]");

  private final Path path;
  private final boolean current;

  private NetworkNamespace(Path path, boolean current) {
    this.path = path;
    this.current = current;
  }

  /** The namespace of the thread that opens the socket. */
  public static NetworkNamespace current() {
    return new NetworkNamespace(CURRENT, true);
  }

  /** A namespace named as by {@code ip netns add NAME}: {@code /run/netns/NAME}. */
  public static NetworkNamespace named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "network namespace name '" + name + "' is not a plain file name under " + RUN_NETNS);
    }
    return at(RUN_NETNS.resolve(name));
  }

  /** A namespace by the path of its nsfs file (e.g. {@code /proc/PID/ns/net} or a bind mount). */
  public static NetworkNamespace at(Path path) {
    return new NetworkNamespace(Objects.requireNonNull(path, "path"), false);
  }

  /** The nsfs file naming the namespace. */
  public Path path() {
    return path;
  }

  /** The inode identifying this namespace now. */
  public long inode() {
    return inodeOf(current ? CURRENT : path);
  }

  /** The inode of the namespace a nsfs file (or a /proc symlink to one) refers to. */
  public static long inodeOf(Path nsFile) {
    try {
      if (Files.isSymbolicLink(nsFile)) {
        String target = Files.readSymbolicLink(nsFile).toString();
        Matcher matcher = NSFS_LINK.matcher(target);
        if (!matcher.matches()) {
          throw new IllegalArgumentException(
              nsFile + " points to " + target + ", not a network namespace");
        }
        return Long.parseLong(matcher.group(1));
      }
      return ((Number) Files.getAttribute(nsFile, "unix:ino", LinkOption.NOFOLLOW_LINKS))
          .longValue();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read network namespace " + nsFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a NETLINK_ROUTE socket inside this namespace and verifies that it is there.
   *
   * @throws IllegalStateException when the socket is not in this namespace
   */
  public NetlinkSocket openSocket(int receiveBufferBytes) {
    NetlinkSocket socket =
        current ? NetlinkSocket.open(receiveBufferBytes) : openFromThread(receiveBufferBytes);
    long expected;
    try {
      expected = inode();
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    if (socket.namespaceInode() != expected) {
      socket.close();
      throw new IllegalStateException(
          "netlink socket landed in network namespace "
              + socket.namespaceInode()
              + " instead of "
              + expected
              + " ("
              + path
              + "); refusing to use it");
    }
    return socket;
  }

  private NetlinkSocket openFromThread(int receiveBufferBytes) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("no network namespace at " + path);
    }
    AtomicReference<Object> result = new AtomicReference<>();
    Thread opener =
        new Thread(
            () -> result.set(enterAndOpen(receiveBufferBytes)),
            "gallium-netns-" + path.getFileName());
    opener.setDaemon(true);
    opener.start();
    boolean interrupted = false;
    while (true) {
      try {
        opener.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Object outcome = result.get();
    if (outcome instanceof NetlinkSocket socket) {
      return socket;
    }
    if (outcome instanceof RuntimeException e) {
      throw e;
    }
    throw new IllegalStateException(
        "opening a netlink socket in " + path + " failed", (Throwable) outcome);
  }

  /** Runs on a thread of its own, which dies after: its namespace never leaks to other work. */
  private Object enterAndOpen(int receiveBufferBytes) {
    try {
      int nsFd = LibC.open(path.toString(), O_RDONLY | O_CLOEXEC);
      if (nsFd < 0) {
        throw new SystemCallException("open", path.toString(), LibC.errno());
      }
      try {
        if (LibC.setns(nsFd, CLONE_NEWNET) != 0) {
          throw new SystemCallException("setns", path.toString(), LibC.errno());
        }
      } finally {
        LibC.close(nsFd);
      }
      return NetlinkSocket.open(receiveBufferBytes);
    } catch (RuntimeException | Error e) {
      return e;
    }
  }

  @Override
  public String toString() {
    return current ? "current network namespace" : "network namespace " + path;
  }
}
