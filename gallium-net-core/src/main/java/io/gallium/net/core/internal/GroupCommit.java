package io.gallium.net.core.internal;

import io.gallium.net.core.spi.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit of attaches and detaches: callers queue their request; one of them (the leader)
 * takes the host's lock, takes up to {@link #MAX_BATCH} queued requests in the order they came, has
 * them run as one transaction, hands each caller its own outcome and frees the lock; while more
 * wait and the host is free at once it runs their batch too (a few at most), then gives up the
 * lead, which the next waiting caller takes. So 64 VMs starting at once cost a few transactions and
 * lock hand-offs, not 64, while each caller still waits at most its lock timeout for the host, and
 * requests run in the order they came.
 *
 * <p>No lock guards the queue: a caller that queues and waits, and a leader that wakes the callers
 * of a batch, take no monitor, so that 64 threads arriving together do not queue up again behind
 * one another for it (a monitor's convoy costs more than the batch).
 *
 * <p>A caller whose time is up while its request is still queued takes it back and is told the host
 * is busy; once a batch has taken it, it waits for that batch, which holds the host already.
 * Requests that arrive while their leader waits for the host ride with it: they may so overtake an
 * {@code apply} that came after the leader but before them, by at most one batch.
 */
final class GroupCommit {

  /** The most requests one transaction runs, so that one batch's latency stays bounded. */
  static final int MAX_BATCH = 64;

  /** The most batches a leader runs once its own request is done, before it returns. */
  static final int MAX_ROUNDS = 4;

  private final Function<Request, StateStore.Lock> lock;
  private final Function<Request, Optional<StateStore.Lock>> tryLock;
  private final Consumer<List<Request>> run;
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean leading = new AtomicBoolean();

  // Only for tests that wait for a batch of several: touched on queueing while someone waits.
  private final Object arrivals = new Object();
  private volatile int watchingArrivals;

  /**
   * @param lock takes the host's lock for a batch led by the request, waiting at most {@link
   *     Request#remainingNanos()}; throws (say, {@code HostBusyException}) if it cannot
   * @param tryLock takes the host's lock for a batch headed by the request if it is free at once
   * @param run runs a batch under the lock and completes every request of it
   */
  GroupCommit(
      Function<Request, StateStore.Lock> lock,
      Function<Request, Optional<StateStore.Lock>> tryLock,
      Consumer<List<Request>> run) {
    this.lock = lock;
    this.tryLock = tryLock;
    this.run = run;
  }

  /** How many requests wait for a batch now; for tests that need a batch of several. */
  int queued() {
    int n = 0;
    for (Request r : queue) {
      if (r.state.get() == Request.QUEUED) {
        n++;
      }
    }
    return n;
  }

  /**
   * Waits until at least {@code n} requests are queued; for tests that need a batch of several.
   *
   * @return false if they were not within {@code timeout}
   */
  boolean awaitQueued(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + HeldLock.nanos(timeout);
    synchronized (arrivals) {
      watchingArrivals++;
      try {
        while (queued() < n) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          arrivals.wait(Math.max(1, left / 1_000_000));
        }
        return true;
      } finally {
        watchingArrivals--;
      }
    }
  }

  /**
   * Queues {@code r}, waits until a batch has run it (leading one if it comes to that) and returns
   * its outcome.
   *
   * @param busy what a caller whose time ran out while still queued gets
   */
  Transaction.Applied submit(Request r, Function<Request, RuntimeException> busy) {
    queue.add(r);
    if (watchingArrivals > 0) {
      synchronized (arrivals) {
        arrivals.notifyAll();
      }
    }
    boolean interrupted = false;
    try {
      while (!r.done) {
        if (r.state.get() == Request.QUEUED && leading.compareAndSet(false, true)) {
          return lead(r);
        }
        if (Thread.interrupted()) {
          interrupted = true;
        }
        long left = r.remainingNanos();
        if ((left <= 0 || interrupted) && r.state.compareAndSet(Request.QUEUED, Request.GONE)) {
          queue.remove(r);
          if (interrupted) {
            // Before the message is made: it tells an interrupt from a timeout.
            Thread.currentThread().interrupt();
            interrupted = false;
          }
          throw busy.apply(r);
        }
        if (r.state.get() == Request.QUEUED) {
          LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS));
        } else if (!r.done) {
          // Its batch holds the host and runs: its outcome comes soon, whatever the time.
          LockSupport.park(this);
        }
      }
      return r.outcome();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * How long a queued caller sleeps at most before it looks again whether it may lead: a safety net
   * only, as whoever gives up the lead wakes the next caller.
   */
  private static final long MAX_PARK_NANOS = 100_000_000L;

  /**
   * Leads: takes the lock, runs batches until {@code r}'s own is done, then, while more requests
   * wait and the host is free at once, up to {@link #MAX_ROUNDS} more; then gives up the lead and
   * wakes the next waiting caller. Leading on saves a thread wake-up per batch, which on a busy
   * machine costs more than the batch itself.
   */
  private Transaction.Applied lead(Request r) {
    // Callers woken together are woken one by one, each by the one before, and Linux runs a woken
    // thread on its waker's core: without this turn offered, the next caller would wait there
    // until this one's batch had run, so that a burst of callers reached the queue one per batch.
    // On an idle core the offer returns at once.
    Thread.yield();
    try {
      int extra = 0;
      while (true) {
        StateStore.Lock held;
        if (r.state.get() == Request.QUEUED) {
          try {
            held = lock.apply(r);
          } catch (RuntimeException | Error e) {
            if (r.state.compareAndSet(Request.QUEUED, Request.GONE)) {
              queue.remove(r);
            }
            throw e;
          }
        } else {
          Request head = firstQueued();
          if (head == null || extra++ >= MAX_ROUNDS) {
            break;
          }
          Optional<StateStore.Lock> again;
          try {
            again = tryLock.apply(head);
          } catch (RuntimeException e) {
            again = Optional.empty();
          }
          if (again.isEmpty()) {
            // Someone else waits for the host (or holds it): the next caller waits its own turn.
            break;
          }
          held = again.get();
        }
        runHeld(held);
      }
    } finally {
      leading.set(false);
      // A caller that queued while this one led may have gone to sleep seeing the lead taken.
      Request next = firstQueued();
      if (next != null) {
        LockSupport.unpark(next.caller);
      }
    }
    return r.outcome();
  }

  /** The first request still waiting for a batch, if any; drops those gone from the head. */
  private Request firstQueued() {
    for (Request h = queue.peek(); h != null; h = queue.peek()) {
      if (h.state.get() == Request.QUEUED) {
        return h;
      }
      queue.remove(h);
    }
    return null;
  }

  /** Runs up to {@link #MAX_BATCH} queued requests under {@code held}, frees it, wakes them. */
  private void runHeld(StateStore.Lock held) {
    List<Request> batch = new ArrayList<>();
    while (batch.size() < MAX_BATCH) {
      Request next = queue.poll();
      if (next == null) {
        break;
      }
      if (next.state.compareAndSet(Request.QUEUED, Request.TAKEN)) {
        batch.add(next);
      }
    }
    try {
      if (batch.size() > 1) {
        held.purpose(
            batch.size() + " attaches and detaches together, the first: " + batch.get(0).what());
      }
      if (!batch.isEmpty()) {
        run.accept(batch);
      }
    } catch (RuntimeException | Error e) {
      // The runner completes each request itself; this is a defect of it, not of a request.
      batch.stream().filter(b -> !b.completed()).forEach(b -> b.fail(e));
    } finally {
      try {
        held.close();
      } finally {
        for (Request b : batch) {
          b.done = true;
          LockSupport.unpark(b.caller);
        }
      }
    }
  }

  /** One caller's attach or detach, and, once run, its outcome. */
  static final class Request {
    final String port;

    /** The network to attach to; null for a detach. */
    final String network;

    final Thread caller = Thread.currentThread();
    private final long start = System.nanoTime();
    private final long timeoutNanos;

    static final int QUEUED = 0;
    static final int TAKEN = 1;
    static final int GONE = 2;

    /** Queued, then taken by a batch, or gone: taken back by its caller whose time ran out. */
    final AtomicInteger state = new AtomicInteger(QUEUED);

    /** Set once its batch ran; its outcome, written before, is visible after reading it. */
    private volatile boolean done;

    private Transaction.Applied applied;
    private Supplier<Transaction.Applied> made;
    private Throwable failure;

    private Request(String port, String network, Duration timeout) {
      this.port = Objects.requireNonNull(port, "port");
      this.network = network;
      this.timeoutNanos = HeldLock.nanos(timeout);
    }

    static Request attach(String port, String network, Duration timeout) {
      return new Request(port, Objects.requireNonNull(network, "network"), timeout);
    }

    static Request detach(String port, Duration timeout) {
      return new Request(port, null, timeout);
    }

    boolean isAttach() {
      return network != null;
    }

    /** What it does, for logs and the lock's holder: "attach tap-vm7 to network prod". */
    String what() {
      return isAttach() ? "attach " + port + " to network " + network : "detach " + port;
    }

    /** How much of its caller's lock timeout is left; 0 or less when it is up. */
    long remainingNanos() {
      long waited = System.nanoTime() - start;
      return timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNanos - waited;
    }

    void succeed(Transaction.Applied value) {
      applied = value;
    }

    /**
     * Succeeded; its result is made by {@code value} on the caller's own thread, so that what only
     * this caller needs (its part of the plan) is not made by the leader while others wait.
     */
    void succeedWith(Supplier<Transaction.Applied> value) {
      made = value;
    }

    void fail(Throwable value) {
      failure = value;
    }

    boolean completed() {
      return applied != null || made != null || failure != null;
    }

    private Transaction.Applied outcome() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return applied != null ? applied : made.get();
    }

    @Override
    public String toString() {
      return what();
    }
  }
}
