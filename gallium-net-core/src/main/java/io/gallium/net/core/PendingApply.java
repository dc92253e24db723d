package io.gallium.net.core;

import io.gallium.net.core.internal.Transaction;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;

/**
 * An apply inside its confirm window (see {@link ApplyOptions#confirmWithin}): the host carries the
 * new topology, but unless {@link #confirm()} is called before the window closes it is rolled back
 * by itself. Until one or the other, no other apply can start on the host. Thread-safe.
 */
public final class PendingApply {

  /** How a confirm window ended. */
  public enum Outcome {
    /** {@link #confirm()} was called in time: the change stays. */
    CONFIRMED,
    /** The window closed (or {@link #rollback()} was called): the host is as it was before. */
    ROLLED_BACK
  }

  /** What ends the window, provided by {@link HostNetwork}. */
  interface Window {
    void commit();

    void undo();
  }

  private static final System.Logger LOG = System.getLogger(Transaction.LOGGER_NAME);

  private final ApplyResult result;
  private final Window window;
  private final Object host;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private ScheduledFuture<?> timer;

  PendingApply(ApplyResult result, Window window, Object host) {
    this.result = result;
    this.window = window;
    this.host = host;
  }

  synchronized void startTimer(ScheduledFuture<?> timer) {
    this.timer = timer;
  }

  /** What the apply did. */
  public ApplyResult result() {
    return result;
  }

  /**
   * Keeps the change: the journal is removed and the host free for the next apply.
   *
   * @throws IllegalStateException if the window closed already and the change was rolled back, or
   *     its rollback failed (then call {@code recover()})
   */
  public synchronized void confirm() {
    if (outcome.isDone()) {
      if (failedRollback().isPresent()) {
        throw new IllegalStateException(
            "too late to confirm: the confirm window closed and its rollback failed ("
                + failedRollback().get()
                + "); call recover()",
            failedRollback().get());
      }
      if (outcome.join() == Outcome.CONFIRMED) {
        return;
      }
      throw new IllegalStateException(
          "too late to confirm: the confirm window closed and the change was rolled back");
    }
    if (timer != null) {
      timer.cancel(false);
    }
    window.commit();
    outcome.complete(Outcome.CONFIRMED);
  }

  /**
   * Rolls the change back now instead of waiting for the window to close.
   *
   * @throws IllegalStateException if it was confirmed already, or its rollback failed already (then
   *     call {@code recover()})
   * @throws ApplyException if the rollback did not bring the host back (then call {@code
   *     recover()})
   */
  public synchronized void rollback() {
    if (outcome.isDone()) {
      if (failedRollback().isPresent()) {
        throw new IllegalStateException(
            "the rollback of this change failed already ("
                + failedRollback().get()
                + "); call recover()",
            failedRollback().get());
      }
      if (outcome.join() == Outcome.CONFIRMED) {
        throw new IllegalStateException("cannot roll back: the change was confirmed");
      }
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    undo();
  }

  /** Called by the timer when the window closes. */
  synchronized void expire() {
    if (!outcome.isDone()) {
      if (LOG.isLoggable(System.Logger.Level.WARNING)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "the confirm window of the apply on "
                + host
                + " ("
                + result.plan().size()
                + " changes) closed unconfirmed: rolling it back");
      }
      try {
        undo();
      } catch (RuntimeException | Error e) {
        // Reported through outcome(); the timer's thread has nobody to tell.
      }
    }
  }

  private void undo() {
    try {
      window.undo();
      outcome.complete(Outcome.ROLLED_BACK);
    } catch (RuntimeException | Error e) {
      // Whatever ends the rollback (an Error too) ends the window: outcome() must complete.
      outcome.completeExceptionally(e);
      throw e;
    }
  }

  /** What made the rollback fail, if it did. */
  private Optional<Throwable> failedRollback() {
    if (!outcome.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      outcome.join();
      return Optional.empty();
    } catch (CompletionException e) {
      return Optional.of(e.getCause());
    }
  }

  /**
   * Completes when the window ends: {@link Outcome#CONFIRMED}, {@link Outcome#ROLLED_BACK}, or
   * exceptionally with the {@link ApplyException} of a rollback that failed.
   */
  public CompletableFuture<Outcome> outcome() {
    return outcome.copy();
  }

  /** Whether the window is still open. */
  public boolean isPending() {
    return !outcome.isDone();
  }
}
