package io.gallium.net.linux.internal.host;

import io.gallium.net.core.spi.HostState;
import io.gallium.net.linux.internal.route.LinkListener;
import io.gallium.net.linux.internal.route.LinkMessage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns link events into host states: after each burst that held any (or after the kernel dropped
 * some), reads the whole host once and hands the state on. A read that fails leaves the burst
 * pending, so the monitor's retry reads again; what goes wrong (events dropped, a failed read, a
 * states consumer that throws) is told, one line each, to the troubles consumer.
 */
public final class ResyncListener implements LinkListener {
  private static final System.Logger LOG = System.getLogger("io.gallium.net.linux");

  private final Supplier<HostState> read;
  private final Consumer<HostState> states;
  private final Consumer<String> troubles;
  private final String source;
  private boolean changed;

  /**
   * A listener that reads with {@code read} and delivers to {@code states}.
   *
   * @param read reads the whole host; may throw, and is then retried by the monitor
   * @param states receives each state read
   * @param troubles receives a one-line reason whenever changes may have gone unreported
   * @param source what is watched, for messages (e.g. the namespace)
   */
  public ResyncListener(
      Supplier<HostState> read,
      Consumer<HostState> states,
      Consumer<String> troubles,
      String source) {
    this.read = read;
    this.states = states;
    this.troubles = troubles;
    this.source = source;
  }

  @Override
  public void onLink(LinkMessage link, boolean deleted) {
    changed = true;
  }

  @Override
  public void onOverrun() {
    changed = true;
    report(
        "the kernel dropped link events of the "
            + source
            + " (ENOBUFS: they came faster than they were read); re-reading the host");
  }

  /** Reads the host when something changed; a failed read throws and stays pending. */
  @Override
  public void onBurstEnd() {
    if (!changed) {
      return;
    }
    HostState now = read.get();
    changed = false;
    try {
      states.accept(now);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a listener of the " + source + " failed on a new host state; it still gets the next",
          e);
      report("a listener of the " + source + " failed on a new host state: " + e);
    }
  }

  @Override
  public void onBurstEndFailed(RuntimeException error, long retryMillis) {
    report(
        "could not re-read the "
            + source
            + " after link events ("
            + error.getMessage()
            + "); trying again in "
            + retryMillis
            + " ms");
  }

  @Override
  public void onError(RuntimeException error) {
    report("link events of the " + source + " may have been lost: " + error.getMessage());
  }

  private void report(String reason) {
    try {
      troubles.accept(reason);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a listener of the " + source + " failed on a report of trouble: " + reason,
          e);
    }
  }
}
