package io.gallium.net.linux.internal.netlink;

import static io.gallium.net.linux.internal.Kernel.AF_NETLINK;
import static io.gallium.net.linux.internal.Kernel.ENOPROTOOPT;
import static io.gallium.net.linux.internal.Kernel.IOVEC_SIZE;
import static io.gallium.net.linux.internal.Kernel.MMSGHDR_LEN;
import static io.gallium.net.linux.internal.Kernel.MMSGHDR_SIZE;
import static io.gallium.net.linux.internal.Kernel.MSGHDR_FLAGS;
import static io.gallium.net.linux.internal.Kernel.MSGHDR_IOV;
import static io.gallium.net.linux.internal.Kernel.MSGHDR_IOVLEN;
import static io.gallium.net.linux.internal.Kernel.MSG_TRUNC;
import static io.gallium.net.linux.internal.Kernel.MSG_WAITFORONE;
import static io.gallium.net.linux.internal.Kernel.NETLINK_ADD_MEMBERSHIP;
import static io.gallium.net.linux.internal.Kernel.NETLINK_CAP_ACK;
import static io.gallium.net.linux.internal.Kernel.NETLINK_EXT_ACK;
import static io.gallium.net.linux.internal.Kernel.NETLINK_GET_STRICT_CHK;
import static io.gallium.net.linux.internal.Kernel.NETLINK_ROUTE;
import static io.gallium.net.linux.internal.Kernel.SIOCGSKNS;
import static io.gallium.net.linux.internal.Kernel.SOCKADDR_NL_SIZE;
import static io.gallium.net.linux.internal.Kernel.SOCK_CLOEXEC;
import static io.gallium.net.linux.internal.Kernel.SOCK_RAW;
import static io.gallium.net.linux.internal.Kernel.SOL_NETLINK;
import static io.gallium.net.linux.internal.Kernel.SOL_SOCKET;
import static io.gallium.net.linux.internal.Kernel.SO_NETNS_COOKIE;
import static io.gallium.net.linux.internal.Kernel.SO_RCVBUF;
import static io.gallium.net.linux.internal.Kernel.SO_RCVBUFFORCE;
import static io.gallium.net.linux.internal.Kernel.SO_SNDBUF;
import static io.gallium.net.linux.internal.Kernel.SO_SNDBUFFORCE;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.internal.libc.LibC;
import io.gallium.net.linux.internal.libc.NativeMemory;
import io.gallium.net.linux.internal.libc.SystemCallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)} with its reused direct buffers: one to
 * encode requests into ({@link #writer()}), one to receive datagrams into ({@link
 * #receiveBuffer()}). Extended acks and capped acks are on, so an error carries the kernel's text
 * and an ack costs the receive buffer as little as possible.
 *
 * <p>Not thread-safe: one thread uses a socket at a time. {@link #close()} is idempotent and
 * releases the descriptor exactly once.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** Receive buffer for one datagram: a dump part is at most ~32 KiB * 16 (netlink_recvmsg). */
  private static final int RECEIVE_CAPACITY = 1 << 19;

  private static final int SEND_CAPACITY = 1 << 16;

  /** Requested kernel send buffer: more than one full send buffer of requests. */
  private static final int KERNEL_SEND_BUFFER = SEND_CAPACITY * 4;

  private final int fd;
  private final long namespaceInode;
  private final NamespaceIdentity namespaceIdentity;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ByteBuffer scratch = NativeMemory.allocate(16);
  private final long scratchAddress = NativeMemory.address(scratch);
  private final ByteBuffer sendBuffer = NativeMemory.allocate(SEND_CAPACITY);
  private final long sendAddress = NativeMemory.address(sendBuffer);
  private final ByteBuffer receiveBuffer = NativeMemory.allocate(RECEIVE_CAPACITY);
  private final long receiveAddress = NativeMemory.address(receiveBuffer);
  private final MessageWriter writer = new MessageWriter(sendBuffer);

  /** recvmmsg slots: acks are tiny (CAP_ACK), error acks with their text well under a slot. */
  private static final int SLOT = 4096;

  private static final int SLOTS = RECEIVE_CAPACITY / SLOT;
  private final ByteBuffer vectors = NativeMemory.allocate(SLOTS * (MMSGHDR_SIZE + IOVEC_SIZE));
  private final long vectorsAddress = NativeMemory.address(vectors);
  private int sequence;
  private final int receiveBufferBytes;

  private NetlinkSocket(int fd, int receiveBufferBytes) {
    this.fd = fd;
    this.sequence = (int) (System.nanoTime() & 0x3fffffff);
    try {
      setInt(SOL_NETLINK, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
      setInt(SOL_NETLINK, NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
      enableStrictChecking();
      this.receiveBufferBytes = sizeBuffer(SO_RCVBUFFORCE, SO_RCVBUF, receiveBufferBytes);
      sizeBuffer(SO_SNDBUFFORCE, SO_SNDBUF, KERNEL_SEND_BUFFER);
      bind();
      this.namespaceInode = readNamespaceInode();
      this.namespaceIdentity = readNamespaceIdentity();
      prepareVectors();
    } catch (RuntimeException e) {
      LibC.close(fd);
      throw e;
    }
  }

  /**
   * Opens a NETLINK_ROUTE socket in the calling thread's network namespace.
   *
   * @param receiveBufferBytes the kernel receive buffer wanted (SO_RCVBUFFORCE when permitted, else
   *     SO_RCVBUF, capped by net.core.rmem_max)
   */
  public static NetlinkSocket open(int receiveBufferBytes) {
    int fd = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
      throw new SystemCallException("socket", "AF_NETLINK NETLINK_ROUTE", LibC.errno());
    }
    return new NetlinkSocket(fd, receiveBufferBytes);
  }

  private void setInt(int level, int option, int value, String name) {
    scratch.putInt(0, value);
    if (LibC.setsockopt(fd, level, option, scratchAddress, Integer.BYTES) != 0) {
      throw new SystemCallException("setsockopt", name, LibC.errno());
    }
  }

  /**
   * Asks the kernel to honour the filters in dump headers (an address dump of one ifa_index) and to
   * refuse malformed ones. Kernels before 4.20 do not know the option: their dumps ignore the
   * filters, which is why every filtered dump is filtered again by its reader.
   */
  private void enableStrictChecking() {
    scratch.putInt(0, 1);
    if (LibC.setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, scratchAddress, Integer.BYTES)
        != 0) {
      int errno = LibC.errno();
      if (errno != ENOPROTOOPT) {
        throw new SystemCallException("setsockopt", "NETLINK_GET_STRICT_CHK", errno);
      }
    }
  }

  private int getInt(int level, int option, String name) {
    scratch.putInt(0, 0);
    scratch.putInt(4, Integer.BYTES);
    if (LibC.getsockopt(fd, level, option, scratchAddress, scratchAddress + 4) != 0) {
      throw new SystemCallException("getsockopt", name, LibC.errno());
    }
    return scratch.getInt(0);
  }

  /**
   * Sets a kernel buffer size, forcing past rmem_max/wmem_max when privileged; returns the size
   * granted.
   */
  private int sizeBuffer(int forceOption, int option, int bytes) {
    scratch.putInt(0, bytes);
    if (LibC.setsockopt(fd, SOL_SOCKET, forceOption, scratchAddress, Integer.BYTES) != 0) {
      setInt(SOL_SOCKET, option, bytes, "SO_RCVBUF/SO_SNDBUF");
    }
    // The kernel doubles the value for its bookkeeping and reports the doubled size.
    return getInt(SOL_SOCKET, option, "SO_RCVBUF/SO_SNDBUF");
  }

  private void bind() {
    scratch.clear();
    for (int i = 0; i < SOCKADDR_NL_SIZE; i++) {
      scratch.put(i, (byte) 0);
    }
    scratch.putShort(0, (short) AF_NETLINK);
    if (LibC.bind(fd, scratchAddress, SOCKADDR_NL_SIZE) != 0) {
      throw new SystemCallException("bind", "netlink socket", LibC.errno());
    }
  }

  /** One mmsghdr per slot of the receive buffer, each with one iovec over its slot; set once. */
  private void prepareVectors() {
    int iovecs = SLOTS * MMSGHDR_SIZE;
    for (int i = 0; i < SLOTS; i++) {
      long iovec = vectorsAddress + iovecs + (long) i * IOVEC_SIZE;
      vectors.putLong(iovecs + i * IOVEC_SIZE, receiveAddress + (long) i * SLOT);
      vectors.putLong(iovecs + i * IOVEC_SIZE + Long.BYTES, SLOT);
      vectors.putLong(i * MMSGHDR_SIZE + MSGHDR_IOV, iovec);
      vectors.putLong(i * MMSGHDR_SIZE + MSGHDR_IOVLEN, 1);
    }
  }

  /**
   * Blocks for at least one datagram, then takes every one already queued (up to the slots), in one
   * system call. Datagram {@code i} is at {@link #datagramOffset(int)} in the receive buffer,
   * {@link #datagramLength(int)} bytes long. For acks only: a datagram larger than a slot (a dump
   * part) would be truncated, and is refused as malformed.
   *
   * @return how many datagrams arrived
   */
  public int receiveMany() {
    while (true) {
      int count = LibC.recvmmsg(checkOpen(), vectorsAddress, SLOTS, MSG_WAITFORONE, 0);
      if (count > 0) {
        for (int i = 0; i < count; i++) {
          if ((vectors.getInt(i * MMSGHDR_SIZE + MSGHDR_FLAGS) & MSG_TRUNC) != 0) {
            throw new MalformedMessageException(
                "datagram larger than a " + SLOT + "-byte slot", datagramOffset(i));
          }
        }
        receiveBuffer.limit(RECEIVE_CAPACITY);
        return count;
      }
      int errno = LibC.errno();
      if (count == 0 || !Errno.EINTR.is(errno)) {
        throw new SystemCallException(
            "recvmmsg", "netlink socket", count == 0 ? Errno.EINVAL.number() : errno);
      }
    }
  }

  /** Where datagram {@code i} of the last {@link #receiveMany()} starts in the receive buffer. */
  public int datagramOffset(int i) {
    return i * SLOT;
  }

  /** How long datagram {@code i} of the last {@link #receiveMany()} is. */
  public int datagramLength(int i) {
    return vectors.getInt(i * MMSGHDR_SIZE + MMSGHDR_LEN);
  }

  /** The inode of the network namespace the kernel has this socket in (SIOCGSKNS). */
  private long readNamespaceInode() {
    int nsFd = LibC.ioctl(fd, SIOCGSKNS, 0);
    if (nsFd < 0) {
      throw new SystemCallException("ioctl", "SIOCGSKNS", LibC.errno());
    }
    try {
      return NetworkNamespace.inodeOf(Path.of("/proc/self/fd/" + nsFd));
    } finally {
      LibC.close(nsFd);
    }
  }

  /**
   * The identity of this socket's namespace: the inode read above, the nsfs device (stat of the
   * namespace file SIOCGSKNS gives), and the cookie where the kernel has SO_NETNS_COOKIE (5.14;
   * older ones answer ENOPROTOOPT, and the identity is then inode and device alone).
   */
  private NamespaceIdentity readNamespaceIdentity() {
    int nsFd = LibC.ioctl(fd, SIOCGSKNS, 0);
    if (nsFd < 0) {
      throw new SystemCallException("ioctl", "SIOCGSKNS", LibC.errno());
    }
    long device;
    try {
      device =
          ((Number) Files.getAttribute(Path.of("/proc/self/fd/" + nsFd), "unix:dev")).longValue();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot stat the network namespace of a netlink socket: " + e.getMessage(), e);
    } finally {
      LibC.close(nsFd);
    }
    scratch.putLong(0, 0);
    scratch.putInt(8, Long.BYTES);
    OptionalLong cookie;
    if (LibC.getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, scratchAddress, scratchAddress + 8) == 0) {
      cookie = OptionalLong.of(scratch.getLong(0));
    } else {
      int errno = LibC.errno();
      if (errno != ENOPROTOOPT) {
        throw new SystemCallException("getsockopt", "SO_NETNS_COOKIE", errno);
      }
      cookie = OptionalLong.empty();
    }
    return new NamespaceIdentity(namespaceInode, device, cookie);
  }

  /** Joins a multicast group (RTNLGRP_*), to receive the kernel's notifications. */
  public void joinGroup(int group) {
    setInt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group, "NETLINK_ADD_MEMBERSHIP " + group);
  }

  /** The identity of the network namespace this socket lives in. */
  public NamespaceIdentity namespaceIdentity() {
    return namespaceIdentity;
  }

  /** The inode of the network namespace this socket lives in, as the kernel reports it. */
  public long namespaceInode() {
    return namespaceInode;
  }

  /** The receive buffer the kernel granted, in bytes of its own accounting (truesize). */
  public int receiveBufferBytes() {
    return receiveBufferBytes;
  }

  /** The reused writer for requests; {@link #sendWritten()} sends what it holds. */
  public MessageWriter writer() {
    return writer;
  }

  /** The buffer datagrams are received into; valid up to the length {@link #receive()} returned. */
  public ByteBuffer receiveBuffer() {
    return receiveBuffer;
  }

  /** The next sequence number (never 0, which the kernel uses for notifications). */
  public int nextSequence() {
    return reserveSequences(1);
  }

  /** Reserves {@code count} consecutive positive sequence numbers; returns the first. */
  public int reserveSequences(int count) {
    if (sequence > Integer.MAX_VALUE - count - 1) {
      sequence = 0;
    }
    int first = sequence + 1;
    sequence += count;
    return first;
  }

  /** Sends everything in {@link #writer()} as one datagram, then resets the writer. */
  public void sendWritten() {
    int length = writer.position();
    writer.reset();
    if (length == 0) {
      return;
    }
    while (true) {
      long sent = LibC.send(checkOpen(), sendAddress, length, 0);
      if (sent == length) {
        return;
      }
      int errno = LibC.errno();
      if (sent < 0 && Errno.EINTR.is(errno)) {
        continue;
      }
      throw new SystemCallException(
          "send", length + " bytes of netlink requests", sent < 0 ? errno : Errno.EINVAL.number());
    }
  }

  /**
   * Blocks for one datagram; returns its length in {@link #receiveBuffer()}.
   *
   * @throws SystemCallException ENOBUFS when the kernel dropped messages for lack of room
   */
  public int receive() {
    while (true) {
      long received = LibC.recv(checkOpen(), receiveAddress, RECEIVE_CAPACITY, MSG_TRUNC);
      if (received >= 0) {
        if (received > RECEIVE_CAPACITY) {
          throw new MalformedMessageException(
              "datagram of " + received + " bytes truncated to " + RECEIVE_CAPACITY, 0);
        }
        receiveBuffer.limit(RECEIVE_CAPACITY);
        return (int) received;
      }
      int errno = LibC.errno();
      if (!Errno.EINTR.is(errno)) {
        throw new SystemCallException("recv", "netlink socket", errno);
      }
    }
  }

  /** The descriptor, for poll(); valid until {@link #close()}. */
  public int fd() {
    return fd;
  }

  private int checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("netlink socket is closed");
    }
    return fd;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Closes the descriptor, once; later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LibC.close(fd);
    }
  }
}
