package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.O_CLOEXEC;
import static io.gallium.net.linux.internal.Kernel.POLLFD_EVENTS;
import static io.gallium.net.linux.internal.Kernel.POLLFD_FD;
import static io.gallium.net.linux.internal.Kernel.POLLFD_REVENTS;
import static io.gallium.net.linux.internal.Kernel.POLLFD_SIZE;
import static io.gallium.net.linux.internal.Kernel.POLLIN;
import static io.gallium.net.linux.internal.Kernel.RTM_DELLINK;
import static io.gallium.net.linux.internal.Kernel.RTM_NEWLINK;
import static io.gallium.net.linux.internal.Kernel.RTNLGRP_LINK;
import static io.gallium.net.linux.internal.Kernel.align;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.internal.libc.LibC;
import io.gallium.net.linux.internal.libc.NativeMemory;
import io.gallium.net.linux.internal.libc.SystemCallException;
import io.gallium.net.linux.internal.netlink.NetlinkSocket;
import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers link events (RTNLGRP_LINK: carrier changes, bond failover, devices appearing and going)
 * to a listener, from a socket of its own on a daemon thread. The thread waits in poll() on the
 * socket and on a pipe; {@link #close()} writes to the pipe, which wakes it at once without any
 * timeout, then joins it and closes both descriptors.
 */
public final class LinkEventMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.gallium.net.linux");

  /** Events are small; this holds a burst of a few thousand. */
  private static final int RECEIVE_BUFFER_BYTES = 1 << 21;

  private final NetlinkSocket socket;
  private final NetworkNamespace namespace;
  private final LinkListener listener;
  private final int wakeRead;
  private final int wakeWrite;
  private final ByteBuffer pollFds = NativeMemory.allocate(2 * POLLFD_SIZE);
  private final long nativeAddress = NativeMemory.address(pollFds);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  private LinkEventMonitor(
      NetlinkSocket socket,
      NetworkNamespace namespace,
      LinkListener listener,
      int wakeRead,
      int wakeWrite) {
    this.socket = socket;
    this.namespace = namespace;
    this.listener = listener;
    this.wakeRead = wakeRead;
    this.wakeWrite = wakeWrite;
    this.thread = new Thread(this::run, "gallium-link-events");
    thread.setDaemon(true);
  }

  /** Opens the event socket in {@code namespace} and starts delivering to {@code listener}. */
  public static LinkEventMonitor start(NetworkNamespace namespace, LinkListener listener) {
    NetlinkSocket socket = namespace.openSocket(RECEIVE_BUFFER_BYTES);
    try {
      socket.joinGroup(RTNLGRP_LINK);
      ByteBuffer fds = NativeMemory.allocate(Integer.BYTES * 2);
      if (LibC.pipe2(NativeMemory.address(fds), O_CLOEXEC) != 0) {
        throw new SystemCallException("pipe2", "event monitor wake-up", LibC.errno());
      }
      LinkEventMonitor monitor =
          new LinkEventMonitor(socket, namespace, listener, fds.getInt(0), fds.getInt(4));
      monitor.thread.start();
      return monitor;
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private void run() {
    try {
      while (waitForEvents()) {
        receiveEvents();
      }
    } finally {
      socket.close();
      LibC.close(wakeRead);
    }
  }

  /** Blocks until events arrive (true) or close() asked to stop (false). */
  private boolean waitForEvents() {
    while (true) {
      pollFds.putInt(POLLFD_FD, socket.fd());
      pollFds.putShort(POLLFD_EVENTS, POLLIN);
      pollFds.putShort(POLLFD_REVENTS, (short) 0);
      pollFds.putInt(POLLFD_SIZE + POLLFD_FD, wakeRead);
      pollFds.putShort(POLLFD_SIZE + POLLFD_EVENTS, POLLIN);
      pollFds.putShort(POLLFD_SIZE + POLLFD_REVENTS, (short) 0);
      int ready = LibC.poll(nativeAddress, 2, -1);
      if (ready < 0) {
        if (Errno.EINTR.is(LibC.errno())) {
          continue;
        }
        SystemCallException e = new SystemCallException("poll", "link event socket", LibC.errno());
        LOG.log(
            System.Logger.Level.WARNING,
            "lost the link event monitor of the " + namespace + ": no more link events",
            e);
        listener.onError(e);
        return false;
      }
      if (closed.get() || pollFds.getShort(POLLFD_SIZE + POLLFD_REVENTS) != 0) {
        return false;
      }
      if (pollFds.getShort(POLLFD_REVENTS) != 0) {
        return true;
      }
    }
  }

  private void receiveEvents() {
    int length;
    try {
      length = socket.receive();
    } catch (SystemCallException e) {
      if (Errno.ENOBUFS.is(e.errno())) {
        LOG.log(
            System.Logger.Level.WARNING,
            "link events of the "
                + namespace
                + " came faster than read and some were dropped (ENOBUFS); re-reading the host");
        listener.onOverrun();
        listener.onBurstEnd();
      } else {
        LOG.log(
            System.Logger.Level.WARNING,
            "could not read the link event socket of the " + namespace + "; events may be lost",
            e);
        listener.onError(e);
      }
      return;
    }
    ByteBuffer buffer = socket.receiveBuffer();
    int offset = 0;
    try {
      while (offset < length) {
        NlMsgHdr header = NlMsgHdr.read(buffer, offset, length);
        if (header.type() == RTM_NEWLINK || header.type() == RTM_DELLINK) {
          deliver(buffer, offset, header);
        }
        offset += Math.min(align(header.length()), length - offset);
      }
    } catch (RuntimeException e) {
      listener.onError(e);
    }
    try {
      listener.onBurstEnd();
    } catch (RuntimeException e) {
      listener.onError(e);
    }
  }

  private void deliver(ByteBuffer buffer, int offset, NlMsgHdr header) {
    LinkMessage link = LinkMessageReader.read(buffer, offset, header);
    try {
      listener.onLink(link, header.type() == RTM_DELLINK);
    } catch (RuntimeException e) {
      listener.onError(e);
    }
  }

  /** Whether the delivering thread is still running. */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /** The inode of the namespace the event socket is in. */
  public long namespaceInode() {
    return socket.namespaceInode();
  }

  /** Stops the thread and closes the socket; idempotent, returns once the thread has ended. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    wake();
    LibC.close(wakeWrite);
    if (Thread.currentThread() != thread) {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Makes the wake-up pipe readable, which ends the thread's poll(). */
  private void wake() {
    ByteBuffer one = NativeMemory.allocate(1);
    LibC.write(wakeWrite, NativeMemory.address(one), 1);
  }
}
