package io.gallium.net.core;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeFailure;
import java.util.Objects;

/** The host refused one change of a plan. */
public final class ChangeFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Change change;
  private final transient ChangeFailure failure;

  /** For this change and why it failed. */
  public ChangeFailedException(Change change, ChangeFailure failure) {
    super("'" + change + "' failed with " + failure);
    this.change = Objects.requireNonNull(change, "change");
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The change that failed. */
  public Change change() {
    return change;
  }

  /** Why it failed. */
  public ChangeFailure failure() {
    return failure;
  }
}
