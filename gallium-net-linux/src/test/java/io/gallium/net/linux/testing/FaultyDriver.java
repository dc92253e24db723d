package io.gallium.net.linux.testing;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Driver} around a real one that misbehaves once, at the k-th change it is asked to
 * execute (counting from 1 across calls): the real kernel does everything else. Core and linux
 * offer no fault hook into the real driver, so the tests wrap it; what a fault does:
 *
 * <ul>
 *   <li>{@link #failingAt}: change k is reported failed (EIO) without being sent, as the kernel
 *       refusing one request; the other changes of its stage are executed, so a rollback has to
 *       undo changes made both before and after it;
 *   <li>{@link #haltingAt}: the changes of the stage before k are executed, then the JVM halts
 *       ({@link Runtime#halt}: no shutdown hook, no finally), as a process killed mid-apply;
 *   <li>{@link #interferingAt}: the changes of the stage before k go to the kernel, then {@code
 *       meddler} runs (someone else acting on the host right before change k), then change k and
 *       the rest of the stage, unchanged.
 * </ul>
 */
public final class FaultyDriver extends ForwardingDriver {
  private enum Kind {
    FAIL,
    HALT,
    INTERFERE
  }

  private final int at;
  private final Kind kind;
  private final Runnable meddler;
  private int seen;
  private boolean fired;

  private FaultyDriver(Driver real, int at, Kind kind, Runnable meddler) {
    super(real);
    if (at < 1) {
      throw new IllegalArgumentException("changes count from 1, got " + at);
    }
    this.at = at;
    this.kind = kind;
    this.meddler = meddler;
  }

  /** Fails change {@code k} (reported EIO, not sent); everything else goes to {@code real}. */
  public static FaultyDriver failingAt(Driver real, int k) {
    return new FaultyDriver(real, k, Kind.FAIL, null);
  }

  /** Halts the JVM with {@code status} just before change {@code k} is sent. */
  public static FaultyDriver haltingAt(Driver real, int k, int status) {
    return new FaultyDriver(real, k, Kind.HALT, () -> Runtime.getRuntime().halt(status));
  }

  /**
   * Runs {@code meddler} just before change {@code k} is sent: the changes of its stage before it
   * are sent first, and the rest after.
   */
  public static FaultyDriver interferingAt(Driver real, int k, Runnable meddler) {
    return new FaultyDriver(real, k, Kind.INTERFERE, meddler);
  }

  /** Whether the fault happened (the plan reached change k). */
  public boolean fired() {
    return fired;
  }

  @Override
  public List<ChangeOutcome> execute(List<Change> changes) {
    int first = seen + 1;
    seen += changes.size();
    if (fired || at < first || at > seen) {
      return real.execute(changes);
    }
    fired = true;
    int i = at - first;
    switch (kind) {
      case INTERFERE -> {
        List<ChangeOutcome> outcomes =
            new ArrayList<>(i > 0 ? real.execute(changes.subList(0, i)) : List.of());
        meddler.run();
        outcomes.addAll(real.execute(changes.subList(i, changes.size())));
        return outcomes;
      }
      case HALT -> {
        if (i > 0) {
          real.execute(changes.subList(0, i));
        }
        meddler.run();
        throw new AssertionError("unreachable: the JVM halted");
      }
      default -> {
        List<Change> others = new ArrayList<>(changes);
        others.remove(i);
        List<ChangeOutcome> outcomes =
            new ArrayList<>(others.isEmpty() ? List.of() : real.execute(others));
        outcomes.add(
            i, ChangeOutcome.failed(changes.get(i), Errno.EIO, "fault injected at change " + at));
        return outcomes;
      }
    }
  }

  @Override
  public String toString() {
    return "FaultyDriver[" + kind + " at change " + at + " of " + real + "]";
  }
}
