package io.gallium.net.core;

import java.util.Objects;

/**
 * One reason a host cannot take a topology, found before anything is touched.
 *
 * @param device the device the reason is about
 * @param message what is wrong, where, and what would be allowed
 */
public record Refusal(String device, String message) {

  public Refusal {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
