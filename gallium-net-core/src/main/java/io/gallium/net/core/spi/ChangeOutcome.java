package io.gallium.net.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one change a {@link Driver} executed.
 *
 * @param change the change
 * @param failure why it failed; empty when it was done
 */
public record ChangeOutcome(Change change, Optional<ChangeFailure> failure) {

  public ChangeOutcome {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(failure, "failure");
  }

  /** The change was done. */
  public static ChangeOutcome done(Change change) {
    return new ChangeOutcome(change, Optional.empty());
  }

  /** The change failed with this errno and message (and had no effect). */
  public static ChangeOutcome failed(Change change, Errno errno, String message) {
    return new ChangeOutcome(change, Optional.of(new ChangeFailure(errno, message)));
  }

  /** Whether the change was done. */
  public boolean succeeded() {
    return failure.isEmpty();
  }

  @Override
  public String toString() {
    return change + failure.map(f -> " -> failed: " + f).orElse(" -> done");
  }
}
