package io.gallium.net.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time moves only when the test says so ({@link #elapse}), for confirm windows
 * without sleeping: give it to {@code HostNetwork.builder().scheduler(...)}, then let the window's
 * time pass. Tasks run on the test's thread. Only one-shot {@code schedule(Runnable, ...)} is
 * supported, which is what confirm windows use.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final List<Task> tasks = new ArrayList<>();
  private volatile long now;

  /** Lets {@code time} pass: runs, in order, every task that falls due, on this thread. */
  void elapse(Duration time) {
    List<Task> due;
    synchronized (this) {
      now += time.toNanos();
      due = tasks.stream().filter(t -> t.due <= now).sorted().toList();
      tasks.removeAll(due);
    }
    due.stream().filter(t -> !t.cancelled).forEach(Task::run);
  }

  /** How many tasks wait, not cancelled. */
  synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task t = new Task(command, now + unit.toNanos(delay));
    tasks.add(t);
    return t;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("ManualScheduler runs one-shot Runnables only");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("ManualScheduler runs one-shot Runnables only");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("ManualScheduler runs one-shot Runnables only");
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }

  private final class Task implements ScheduledFuture<Object> {
    private final Runnable command;
    private final long due;
    private volatile boolean cancelled;
    private volatile boolean done;

    Task(Runnable command, long due) {
      this.command = command;
      this.due = due;
    }

    void run() {
      command.run();
      done = true;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - now, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done) {
        return false;
      }
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException("nobody waits on a confirm window's timer");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("nobody waits on a confirm window's timer");
    }
  }
}
