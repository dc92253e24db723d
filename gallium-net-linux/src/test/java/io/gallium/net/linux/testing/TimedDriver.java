package io.gallium.net.linux.testing;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Driver} around a real one that notes when each batch of changes went to the kernel and
 * when it came back, so a lane test can say which step of an apply a gap in traffic fell into.
 */
public final class TimedDriver extends ForwardingDriver {
  private final ConcurrentLinkedQueue<Batch> batches = new ConcurrentLinkedQueue<>();

  /**
   * One call of {@link #execute}: its changes and its start and end ({@link System#nanoTime()}).
   *
   * @param changes the changes sent
   * @param start when they were handed to the real driver
   * @param end when it returned
   */
  public record Batch(List<Change> changes, long start, long end) {}

  /**
   * Wraps {@code real}.
   *
   * @param real the driver that does the work
   */
  public TimedDriver(Driver real) {
    super(real);
  }

  /** The batches executed so far, in order. */
  public List<Batch> batches() {
    return List.copyOf(batches);
  }

  /**
   * The batches that overlap {@code from..to} (nanoTime), each as "+START..END ms: changes"
   * relative to {@code origin}: what the kernel was doing during a gap.
   */
  public String during(long origin, long from, long to) {
    StringBuilder sb = new StringBuilder();
    for (Batch b : batches) {
      if (b.end() >= from && b.start() <= to) {
        sb.append("\n  +")
            .append(TimeUnit.NANOSECONDS.toMillis(b.start() - origin))
            .append("..")
            .append(TimeUnit.NANOSECONDS.toMillis(b.end() - origin))
            .append(" ms: ")
            .append(b.changes());
      }
    }
    return sb.length() == 0 ? " (no request in flight)" : sb.toString();
  }

  @Override
  public List<ChangeOutcome> execute(List<Change> changes) {
    long start = System.nanoTime();
    try {
      return real.execute(changes);
    } finally {
      batches.add(new Batch(List.copyOf(changes), start, System.nanoTime()));
    }
  }
}
