package io.gallium.net.core.internal;

import io.gallium.net.core.spi.StateStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Group commit of attaches and detaches: callers queue their request; the one at the head of the
 * queue (the leader) takes the host's lock, takes up to {@link #MAX_BATCH} queued requests in the
 * order they came, has them run as one transaction, hands each caller its own outcome and frees the
 * lock; while more wait and the host is free at once it runs their batch too (a few at most), then
 * makes the head of the queue the leader. So 64 VMs starting at once cost a few transactions and
 * lock hand-offs, not 64, while each caller still waits at most its lock timeout for the host, in
 * the order it came.
 *
 * <p>A caller whose time is up while its request is still queued takes it back and is told the host
 * is busy; once a batch has taken it, it waits for that batch, which holds the host already.
 * Requests that arrive while their leader waits for the host ride with it: they may so overtake an
 * {@code apply} that came after the leader but before them, by at most one batch.
 */
final class GroupCommit {

  /** The most requests one transaction runs, so that one batch's latency stays bounded. */
  static final int MAX_BATCH = 64;

  /** The most batches one leader runs before it returns to its own caller. */
  static final int MAX_ROUNDS = 4;

  private final Function<Request, StateStore.Lock> lock;
  private final Function<Request, Optional<StateStore.Lock>> tryLock;
  private final Consumer<List<Request>> run;
  private final ReentrantLock monitor = new ReentrantLock();
  private final Condition arrived = monitor.newCondition();
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private Request leader;

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
    monitor.lock();
    try {
      return queue.size();
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Waits until at least {@code n} requests are queued; for tests that need a batch of several.
   *
   * @return false if they were not within {@code timeout}
   */
  boolean awaitQueued(int n, Duration timeout) throws InterruptedException {
    long left = HeldLock.nanos(timeout);
    monitor.lock();
    try {
      while (queue.size() < n) {
        if (left <= 0) {
          return false;
        }
        left = arrived.awaitNanos(left);
      }
      return true;
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Queues {@code r}, waits until a batch has run it (leading one if it comes to that) and returns
   * its outcome.
   *
   * @param busy what a caller whose time ran out while still queued gets
   */
  Transaction.Applied submit(Request r, Function<Request, RuntimeException> busy) {
    monitor.lock();
    try {
      // Each caller waits on a condition of its own: a hand-off wakes the next leader only, and a
      // batch's end wakes its own callers only, not every waiter (which would be a convoy).
      r.wake = monitor.newCondition();
      queue.addLast(r);
      arrived.signalAll();
      if (leader == null) {
        leader = r;
      }
      boolean interrupted = false;
      try {
        while (!r.done && leader != r) {
          long left = r.remainingNanos();
          if (!r.taken && (left <= 0 || interrupted)) {
            queue.remove(r);
            if (interrupted) {
              // Before the message is made: it tells an interrupt from a timeout.
              Thread.currentThread().interrupt();
              interrupted = false;
            }
            throw busy.apply(r);
          }
          if (r.taken) {
            // Its batch holds the host and runs: its outcome comes soon, whatever the time.
            r.wake.awaitUninterruptibly();
          } else {
            try {
              r.wake.awaitNanos(left);
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (r.done) {
        return r.outcome();
      }
    } finally {
      monitor.unlock();
    }
    return lead(r);
  }

  /**
   * Takes the lock, runs the batch {@code r} heads, frees the lock; then, while more requests wait
   * and the host is free at once (no one else, say an apply, waits for it), runs their batch too,
   * up to {@link #MAX_ROUNDS} batches, before handing the lead on. Leading on saves a thread
   * wake-up per batch, which on a busy machine costs more than the batch itself.
   */
  private Transaction.Applied lead(Request r) {
    StateStore.Lock held;
    try {
      held = lock.apply(r);
    } catch (RuntimeException | Error e) {
      monitor.lock();
      try {
        queue.remove(r);
        handOff();
      } finally {
        monitor.unlock();
      }
      throw e;
    }
    for (int round = 1; ; round++) {
      runHeld(held);
      Request head;
      monitor.lock();
      try {
        head = queue.peekFirst();
        if (head == null || round >= MAX_ROUNDS) {
          handOff();
          break;
        }
      } finally {
        monitor.unlock();
      }
      Optional<StateStore.Lock> again;
      try {
        again = tryLock.apply(head);
      } catch (RuntimeException e) {
        again = Optional.empty();
      }
      if (again.isEmpty()) {
        // Someone else waits for the host (or holds it): the head waits its own turn for it.
        monitor.lock();
        try {
          handOff();
        } finally {
          monitor.unlock();
        }
        break;
      }
      held = again.get();
    }
    return r.outcome();
  }

  /** Runs up to {@link #MAX_BATCH} queued requests under {@code held}, frees it, wakes them. */
  private void runHeld(StateStore.Lock held) {
    List<Request> batch = new ArrayList<>();
    monitor.lock();
    try {
      while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
        Request next = queue.pollFirst();
        next.taken = true;
        batch.add(next);
      }
    } finally {
      monitor.unlock();
    }
    try {
      if (batch.size() > 1) {
        held.purpose(
            batch.size() + " attaches and detaches together, the first: " + batch.get(0).what());
      }
      run.accept(batch);
    } catch (RuntimeException | Error e) {
      // The runner completes each request itself; this is a defect of it, not of a request.
      batch.stream().filter(b -> !b.completed()).forEach(b -> b.fail(e));
    } finally {
      try {
        held.close();
      } finally {
        monitor.lock();
        try {
          for (Request b : batch) {
            b.done = true;
            b.wake.signal();
          }
        } finally {
          monitor.unlock();
        }
      }
    }
  }

  /** The head of the queue leads next. */
  private void handOff() {
    leader = queue.peekFirst();
    if (leader != null) {
      leader.wake.signal();
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

    // Written by the leader before it marks the request done under the monitor; read after.
    private boolean taken;
    private boolean done;
    private Condition wake;
    private Transaction.Applied applied;
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

    void fail(Throwable value) {
      failure = value;
    }

    boolean completed() {
      return applied != null || failure != null;
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
      return applied;
    }

    @Override
    public String toString() {
      return what();
    }
  }
}
