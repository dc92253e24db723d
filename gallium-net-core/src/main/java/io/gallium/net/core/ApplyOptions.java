package io.gallium.net.core;

import java.time.Duration;
import java.util.Objects;

/** How {@link HostNetwork#apply(io.gallium.net.Topology, ApplyOptions)} carries out a topology. */
public final class ApplyOptions {

  private final Duration confirmWithin;

  private ApplyOptions(Duration confirmWithin) {
    this.confirmWithin = confirmWithin;
  }

  /** The longest confirm window: {@code Long.MAX_VALUE} nanoseconds, about 292 years. */
  public static final Duration MAX_WINDOW = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * Apply, then roll back by itself unless {@link PendingApply#confirm()} is called within {@code
   * window}: protects a host managed over the network it reconfigures. Until then no other apply
   * can start on the host, and a process that dies leaves the journal, so {@code recover()} rolls
   * back too.
   *
   * @throws IllegalArgumentException if the window is negative
   */
  public static ApplyOptions confirmWithin(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("confirm window " + window + " is negative");
    }
    if (window.compareTo(MAX_WINDOW) > 0) {
      // A timer counts nanoseconds in a long: a longer window could not be scheduled at all.
      throw new IllegalArgumentException(
          "confirm window " + window + " is longer than the longest a timer takes, " + MAX_WINDOW);
    }
    return new ApplyOptions(window);
  }

  /** The confirm window. */
  public Duration confirmWindow() {
    return confirmWithin;
  }

  @Override
  public String toString() {
    return "ApplyOptions[confirmWithin=" + confirmWithin + "]";
  }
}
