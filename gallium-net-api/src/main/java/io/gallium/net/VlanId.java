package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An 802.1q VLAN ID that a network may use: 2..4094.
 *
 * <p>0 is the priority tag, 1 is the native VLAN that carries a group's untagged network, and 4095
 * is reserved, so none of them names a VLAN network.
 */
@ValueStyle
@Value.Immutable(builder = false)
public abstract class VlanId implements Comparable<VlanId> {
  /** The lowest VLAN ID a network may use. */
  public static final int MIN = 2;

  /** The highest VLAN ID a network may use. */
  public static final int MAX = 4094;

  VlanId() {}

  /** The ID, 2..4094. */
  @Value.Parameter
  public abstract int value();

  /**
   * The VLAN ID {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is outside 2..4094, saying why
   */
  public static VlanId of(int value) {
    Optional<String> refusal = refusal(value);
    if (refusal.isPresent()) {
      throw new IllegalArgumentException(refusal.get());
    }
    return ImmutableVlanId.of(value);
  }

  /** Why {@code value} is not a usable VLAN ID, or empty if it is one. */
  static Optional<String> refusal(int value) {
    String use = "; use " + MIN + ".." + MAX;
    switch (value) {
      case 0:
        return Optional.of("VLAN ID 0 is the 802.1p priority tag, not a VLAN" + use);
      case 1:
        return Optional.of(
            "VLAN ID 1 is the native VLAN, which carries the group's untagged network"
                + " (declare it with untaggedNetwork)"
                + use);
      case 4095:
        return Optional.of("VLAN ID 4095 is reserved by 802.1q" + use);
      default:
        if (value < MIN || value > MAX) {
          return Optional.of("VLAN ID " + value + " does not fit 802.1q's 12 bits" + use);
        }
        return Optional.empty();
    }
  }

  @Override
  public int compareTo(VlanId other) {
    return Integer.compare(value(), other.value());
  }

  @Override
  public String toString() {
    return Integer.toString(value());
  }
}
