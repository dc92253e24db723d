package io.gallium.net.linux.internal.netlink;

import static io.gallium.net.linux.internal.Kernel.NLMSG_DONE;
import static io.gallium.net.linux.internal.Kernel.NLMSG_ERROR;
import static io.gallium.net.linux.internal.Kernel.NLMSG_HDRLEN;
import static io.gallium.net.linux.internal.Kernel.NLMSG_NOOP;
import static io.gallium.net.linux.internal.Kernel.NLM_F_DUMP_INTR;
import static io.gallium.net.linux.internal.Kernel.align;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.NetlinkException;
import io.gallium.net.linux.internal.libc.LibC;
import io.gallium.net.linux.internal.libc.SystemCallException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs requests over one socket: many in flight at once, several per datagram, one ack each,
 * matched by sequence number; and dumps, retried when the kernel flags them inconsistent.
 *
 * <p>The window (requests sent but not yet acknowledged) is bounded by the socket's receive buffer:
 * every ack occupies about 830 bytes of it (skb truesize) until read, and when it is full the
 * kernel drops acks with ENOBUFS while still doing the work, which would leave us not knowing what
 * happened. {@link #BYTES_PER_ACK} leaves room for error acks carrying text.
 */
public final class RequestPipeline {
  /** Receive-buffer room reserved per request in flight (an ack's truesize is ~830). */
  public static final int BYTES_PER_ACK = 2048;

  /** No more in flight than this, whatever the buffer: diminishing returns past it. */
  public static final int MAX_WINDOW = 4096;

  private static final int DUMP_ATTEMPTS = 16;

  /** The longest pause between two attempts at an interrupted dump. */
  static final long MAX_DUMP_PAUSE_MILLIS = 64;

  /** Receives the data replies of non-dump requests (e.g. a RTM_GETLINK by name). */
  @FunctionalInterface
  public interface ReplySink {
    void accept(int requestIndex, ByteBuffer buffer, int offset, NlMsgHdr header);
  }

  private final NetlinkSocket socket;
  private final int window;

  /** A pipeline over {@code socket} whose window fits the socket's receive buffer. */
  public RequestPipeline(NetlinkSocket socket) {
    this(socket, socket.receiveBufferBytes() / BYTES_PER_ACK);
  }

  /** A pipeline with an explicit window, for tests; at least 1, at most {@link #MAX_WINDOW}. */
  public RequestPipeline(NetlinkSocket socket, int window) {
    this.socket = socket;
    this.window = Math.max(1, Math.min(MAX_WINDOW, window));
  }

  /** How many requests may be in flight at once. */
  public int window() {
    return window;
  }

  /** Runs every request; does not stop at failures. */
  public BatchResult execute(List<? extends Request> requests) {
    return execute(requests, false, null);
  }

  /**
   * Runs the requests in order, pipelined.
   *
   * @param stopAtFirstFailure when true, sends nothing more once an error came back (those already
   *     in flight still complete and are reported)
   * @param replies receives data replies, or null to ignore them
   */
  public BatchResult execute(
      List<? extends Request> requests, boolean stopAtFirstFailure, ReplySink replies) {
    int size = requests.size();
    int capacity = socket.writer().buffer().capacity();
    for (Request request : requests) {
      if (request.maxEncodedLength() > capacity) {
        throw new IllegalArgumentException(
            request.operation()
                + " "
                + request.device()
                + " may need "
                + request.maxEncodedLength()
                + " bytes, more than one netlink datagram here ("
                + capacity
                + "); split it");
      }
    }
    NetlinkBatchEvent event = new NetlinkBatchEvent();
    event.begin();
    BitSet done = new BitSet(size);
    Map<Integer, NetlinkException> failures = new HashMap<>();
    int firstSequence = socket.reserveSequences(Math.max(1, size));
    int sent = 0;
    int answered = 0;
    int maxInFlight = 0;
    long bytesSent = 0;
    int datagrams = 0;
    MessageWriter writer = socket.writer();
    while (answered < size) {
      boolean stop = stopAtFirstFailure && !failures.isEmpty();
      writer.reset();
      while (!stop
          && sent < size
          && sent - answered < window
          && writer.remaining() >= requests.get(sent).maxEncodedLength()) {
        requests.get(sent).encode(writer, firstSequence + sent);
        sent++;
      }
      if (writer.position() > 0) {
        bytesSent += writer.position();
        datagrams++;
      }
      maxInFlight = Math.max(maxInFlight, sent - answered);
      socket.sendWritten();
      if (answered == sent) {
        if (!stop && sent < size) {
          throw new IllegalStateException("request " + sent + " of " + size + " could not be sent");
        }
        break;
      }
      answered += receiveAnswers(requests, firstSequence, sent, answered, done, failures, replies);
    }
    event.end();
    if (event.shouldCommit()) {
      event.requests = size;
      event.maxInFlight = maxInFlight;
      event.acks = done.cardinality();
      event.errors = failures.size();
      event.bytesSent = bytesSent;
      event.datagrams = datagrams;
      event.commit();
    }
    return new BatchResult(size, done, failures);
  }

  private int receiveAnswers(
      List<? extends Request> requests,
      int firstSequence,
      int sent,
      int answered,
      BitSet done,
      Map<Integer, NetlinkException> failures,
      ReplySink replies) {
    try {
      if (replies != null) {
        // Replies can be larger than a recvmmsg slot: one datagram at a time.
        int length = socket.receive();
        return readAnswers(0, length, requests, firstSequence, sent, done, failures, replies);
      }
      int count = 0;
      int datagrams = socket.receiveMany();
      for (int i = 0; i < datagrams; i++) {
        int start = socket.datagramOffset(i);
        count +=
            readAnswers(
                start,
                start + socket.datagramLength(i),
                requests,
                firstSequence,
                sent,
                done,
                failures,
                null);
      }
      return count;
    } catch (SystemCallException e) {
      if (Errno.ENOBUFS.is(e.errno())) {
        throw new IllegalStateException(
            "the kernel dropped acks (ENOBUFS) with "
                + (sent - answered)
                + " requests in flight; which of them took effect is unknown",
            e);
      }
      throw e;
    }
  }

  /** Reads the messages in {@code [offset, end)}; returns how many requests they answered. */
  private int readAnswers(
      int offset,
      int end,
      List<? extends Request> requests,
      int firstSequence,
      int sent,
      BitSet done,
      Map<Integer, NetlinkException> failures,
      ReplySink replies) {
    ByteBuffer buffer = socket.receiveBuffer();
    int count = 0;
    while (offset < end) {
      NlMsgHdr header = NlMsgHdr.read(buffer, offset, end);
      int index = header.sequence() - firstSequence;
      if (index >= 0 && index < sent) {
        if (header.type() == NLMSG_ERROR) {
          if (!done.get(index) && !failures.containsKey(index)) {
            count++;
            if (isSuccessAck(buffer, offset, header)) {
              done.set(index);
            } else {
              failures.put(
                  index, failure(requests.get(index), NlMsgErr.read(buffer, offset, header)));
            }
          }
        } else if (header.type() != NLMSG_NOOP && header.type() != NLMSG_DONE && replies != null) {
          replies.accept(index, buffer, offset, header);
        }
      }
      offset += Math.min(align(header.length()), end - offset);
    }
    return count;
  }

  /** An NLMSG_ERROR with error 0, read in place: the common case decodes nothing more. */
  private static boolean isSuccessAck(ByteBuffer buffer, int offset, NlMsgHdr header) {
    return header.length() >= NLMSG_HDRLEN + Integer.BYTES
        && buffer.getInt(offset + NLMSG_HDRLEN) == 0;
  }

  /** The exception for a request the kernel refused. */
  public static NetlinkException failure(Request request, NlMsgErr ack) {
    return new NetlinkException(
        request.operation(),
        request.device(),
        ack.errno(),
        Errno.of(ack.errno()).symbol(),
        LibC.strerror(ack.errno()),
        ack.kernelMessage(),
        request.explain(ack.errno(), ack.kernelMessage()).orElse(null));
  }

  /**
   * Runs a dump: sends the request, collects every message the decoder accepts until NLMSG_DONE;
   * when the kernel flags the dump inconsistent (NLM_F_DUMP_INTR, the set changed while it was
   * being dumped) it starts over, after a pause that doubles from 1 ms to {@link
   * #MAX_DUMP_PAUSE_MILLIS}, so a burst of changes can settle (under a second in all).
   *
   * @throws InconsistentDumpException when every attempt was interrupted, or the thread was
   *     interrupted while pausing (its interrupt status is kept)
   */
  public <T> List<T> dump(Request request, MessageDecoder<T> decoder) {
    long start = System.nanoTime();
    for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
      List<T> result = dumpOnce(request, decoder);
      if (result != null) {
        return result;
      }
      if (attempt < DUMP_ATTEMPTS) {
        try {
          Thread.sleep(dumpPauseMillis(attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InconsistentDumpException(
              request.operation(), attempt, (System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    throw new InconsistentDumpException(
        request.operation(), DUMP_ATTEMPTS, (System.nanoTime() - start) / 1_000_000);
  }

  /** The pause after the {@code attempt}-th interrupted attempt (from 1): doubling, capped. */
  static long dumpPauseMillis(int attempt) {
    return Math.min(MAX_DUMP_PAUSE_MILLIS, 1L << Math.min(attempt - 1, 20));
  }

  /** One dump attempt; null when it was flagged inconsistent. */
  private <T> List<T> dumpOnce(Request request, MessageDecoder<T> decoder) {
    NetlinkDumpEvent event = new NetlinkDumpEvent();
    event.begin();
    int sequence = socket.nextSequence();
    MessageWriter writer = socket.writer();
    writer.reset();
    request.encode(writer, sequence);
    event.bytesSent = writer.position();
    socket.sendWritten();
    List<T> result = new ArrayList<>();
    boolean interrupted = false;
    while (true) {
      int length = socket.receive();
      ByteBuffer buffer = socket.receiveBuffer();
      int offset = 0;
      while (offset < length) {
        NlMsgHdr header = NlMsgHdr.read(buffer, offset, length);
        if (header.sequence() == sequence) {
          interrupted |= header.has(NLM_F_DUMP_INTR);
          event.messages++;
          event.bytesReceived += header.length();
          if (header.type() == NLMSG_DONE) {
            commit(event, request);
            checkDone(request, buffer, offset, header);
            return interrupted ? null : result;
          }
          if (header.type() == NLMSG_ERROR) {
            NlMsgErr error = NlMsgErr.read(buffer, offset, header);
            if (!error.isSuccess()) {
              commit(event, request);
              throw failure(request, error);
            }
          } else if (header.type() != NLMSG_NOOP && !interrupted) {
            T value = decoder.decode(buffer, offset, header);
            if (value != null) {
              result.add(value);
            }
          }
        }
        offset += Math.min(align(header.length()), length - offset);
      }
    }
  }

  private static void commit(NetlinkDumpEvent event, Request request) {
    event.end();
    if (event.shouldCommit()) {
      event.operation = request.operation();
      event.commit();
    }
  }

  /** NLMSG_DONE carries an int: 0, or the negative errno the dump ended with. */
  private static void checkDone(Request request, ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.length() >= NLMSG_HDRLEN + Integer.BYTES) {
      int error = buffer.getInt(offset + NLMSG_HDRLEN);
      if (error < 0 && error != Integer.MIN_VALUE) {
        throw new NetlinkException(
            request.operation(),
            request.device(),
            -error,
            Errno.of(-error).symbol(),
            LibC.strerror(-error),
            null);
      }
    }
  }
}
