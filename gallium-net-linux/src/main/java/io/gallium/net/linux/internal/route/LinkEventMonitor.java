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
 *
 * <p>The thread ends only at {@link #close()} (or when poll() itself fails): what the listener
 * throws, what cannot be decoded and a burst end that keeps failing go through a {@link
 * BurstDelivery}, which reports them to the listener and retries the burst end with backoff. While
 * a retry is pending, poll() waits no longer than until it is due.
 */
public final class LinkEventMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.gallium.net.linux");

  /** Events are small; this holds a burst of a few thousand. */
  private static final int RECEIVE_BUFFER_BYTES = 1 << 21;

  private final NetlinkSocket socket;
  private final NetworkNamespace namespace;
  private final BurstDelivery delivery;
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
    this.delivery = new BurstDelivery(listener, namespace.toString());
    this.wakeRead = wakeRead;
    this.wakeWrite = wakeWrite;
    this.thread = new Thread(this::run, "gallium-link-events");
    thread.setDaemon(true);
  }

  /** Opens the event socket in {@code namespace} and starts delivering to {@code listener}. */
  public static LinkEventMonitor start(NetworkNamespace namespace, LinkListener listener) {
    return start(namespace, listener, RECEIVE_BUFFER_BYTES);
  }

  /**
   * Like {@link #start(NetworkNamespace, LinkListener)}, with a given kernel receive buffer (a
   * small one lets a test overrun it).
   */
  public static LinkEventMonitor start(
      NetworkNamespace namespace, LinkListener listener, int receiveBufferBytes) {
    NetlinkSocket socket = namespace.openSocket(receiveBufferBytes);
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

  /** What ended a wait in poll(). */
  private enum Wake {
    EVENTS,
    TIMEOUT,
    STOP
  }

  private void run() {
    try {
      Wake wake;
      while ((wake = waitForEvents(delivery.waitMillis(now()))) != Wake.STOP) {
        if (wake == Wake.EVENTS) {
          receiveEvents();
        } else {
          delivery.retryIfDue(now());
        }
      }
    } catch (RuntimeException | Error e) {
      // Not expected (listener failures are caught below this): say so rather than die silently.
      LOG.log(
          System.Logger.Level.ERROR,
          "the link event monitor of the " + namespace + " stopped: no more link events",
          e);
      if (e instanceof RuntimeException failure) {
        delivery.error(failure);
      }
    } finally {
      socket.close();
      LibC.close(wakeRead);
    }
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  /**
   * Blocks until events arrive, {@code timeoutMillis} pass (-1: no limit) or close() asks to stop.
   */
  private Wake waitForEvents(long timeoutMillis) {
    while (true) {
      pollFds.putInt(POLLFD_FD, socket.fd());
      pollFds.putShort(POLLFD_EVENTS, POLLIN);
      pollFds.putShort(POLLFD_REVENTS, (short) 0);
      pollFds.putInt(POLLFD_SIZE + POLLFD_FD, wakeRead);
      pollFds.putShort(POLLFD_SIZE + POLLFD_EVENTS, POLLIN);
      pollFds.putShort(POLLFD_SIZE + POLLFD_REVENTS, (short) 0);
      int ready = LibC.poll(nativeAddress, 2, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      if (ready < 0) {
        if (Errno.EINTR.is(LibC.errno())) {
          continue;
        }
        SystemCallException e = new SystemCallException("poll", "link event socket", LibC.errno());
        LOG.log(
            System.Logger.Level.WARNING,
            "lost the link event monitor of the " + namespace + ": no more link events",
            e);
        delivery.error(e);
        return Wake.STOP;
      }
      if (closed.get() || pollFds.getShort(POLLFD_SIZE + POLLFD_REVENTS) != 0) {
        return Wake.STOP;
      }
      if (pollFds.getShort(POLLFD_REVENTS) != 0) {
        return Wake.EVENTS;
      }
      if (ready == 0) {
        return Wake.TIMEOUT;
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
        delivery.overrun();
        delivery.burstEnd(now());
      } else {
        LOG.log(
            System.Logger.Level.WARNING,
            "could not read the link event socket of the " + namespace + "; events may be lost",
            e);
        delivery.error(e);
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
      delivery.error(e);
    }
    delivery.burstEnd(now());
  }

  private void deliver(ByteBuffer buffer, int offset, NlMsgHdr header) {
    delivery.link(LinkMessageReader.read(buffer, offset, header), header.type() == RTM_DELLINK);
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
