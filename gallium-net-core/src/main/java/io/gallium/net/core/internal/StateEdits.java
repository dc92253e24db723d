package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import java.util.Objects;

/**
 * Copies of a {@link HostState} with one device added, replaced or removed, in O(log n): how the
 * kernel rules and the in-memory host derive one state from another. Drivers and products only read
 * states, so these edits are not part of {@link HostState}'s public API; {@link HostState} hands
 * them over when it is initialized (the JDK's "shared secrets" pattern).
 */
public final class StateEdits {

  /** The edits, as {@link HostState} implements them. */
  public interface Access {
    /**
     * A copy of {@code state} with {@code device} added or replaced.
     *
     * @param state the state to copy
     * @param device the device to add or replace
     * @return the copy
     */
    HostState with(HostState state, Device device);

    /**
     * A copy of {@code state} without the device of that name.
     *
     * @param state the state to copy
     * @param name the device to leave out
     * @return the copy
     */
    HostState without(HostState state, String name);
  }

  private static volatile Access access;

  private StateEdits() {}

  /**
   * Called once, by {@link HostState}'s initializer.
   *
   * @param value the edits
   */
  public static void grant(Access value) {
    if (access != null) {
      throw new IllegalStateException("the host state edits are granted already");
    }
    access = Objects.requireNonNull(value, "value");
  }

  /**
   * A copy of {@code state} with {@code device} added or replaced.
   *
   * @param state the state to copy
   * @param device the device to add or replace
   * @return the copy
   */
  public static HostState with(HostState state, Device device) {
    return access.with(state, device);
  }

  /**
   * A copy of {@code state} without the device of that name.
   *
   * @param state the state to copy
   * @param name the device to leave out
   * @return the copy
   */
  public static HostState without(HostState state, String name) {
    return access.without(state, name);
  }
}
