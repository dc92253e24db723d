package io.gallium.net.core.internal;

import io.gallium.net.core.spi.StateStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A store's held lock: releases its in-process gate (a fair semaphore, so that any thread may
 * release it, as a confirm window's timer does) exactly once, after whatever else the store must
 * release first.
 */
final class HeldLock implements StateStore.Lock {

  private final Semaphore gate;
  private final Consumer<String> purpose;
  private final Runnable release;
  private final AtomicBoolean open = new AtomicBoolean(true);

  HeldLock(Semaphore gate, Consumer<String> purpose, Runnable release) {
    this.gate = gate;
    this.purpose = purpose;
    this.release = release;
  }

  /**
   * Waits for the gate up to {@code timeout}; false if it did not open in time or the thread was
   * interrupted (whose status is then kept).
   */
  static boolean acquire(Semaphore gate, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return gate.tryAcquire(nanos(timeout), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The timeout in nanoseconds, saturated: a timeout of centuries means "wait". */
  static long nanos(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void purpose(String value) {
    Objects.requireNonNull(value, "purpose");
    if (open.get()) {
      purpose.accept(value);
    }
  }

  @Override
  public void close() {
    if (open.compareAndSet(true, false)) {
      try {
        release.run();
      } finally {
        gate.release();
      }
    }
  }
}
