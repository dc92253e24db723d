package io.gallium.net.core.spi;

import java.util.Objects;

/**
 * Why one change failed: the errno and the provider's message (on Linux the extended ack text when
 * the kernel sends one).
 *
 * @param errno the error number
 * @param message what went wrong, naming the device
 */
public record ChangeFailure(Errno errno, String message) {

  public ChangeFailure {
    Objects.requireNonNull(errno, "errno");
    Objects.requireNonNull(message, "message");
  }

  /** {@code EEXIST (17): device gb-uplink exists already}. */
  @Override
  public String toString() {
    return errno + ": " + message;
  }
}
