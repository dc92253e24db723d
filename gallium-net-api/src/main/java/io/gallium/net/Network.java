package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A network carried by one adapter group: either an 802.1q VLAN (ID 2..4094) or the group's one
 * untagged network. Obtained from a {@link Topology}.
 */
@ValueStyle
@Value.Immutable
public interface Network {
  /** The network's name, unique among the topology's networks. */
  String name();

  /** The name of the adapter group that carries it. */
  String adapterGroup();

  /** Its VLAN ID, or empty for an untagged network. */
  Optional<VlanId> vlanId();

  /** Whether it is its group's untagged network. */
  @Value.Derived
  @Value.Auxiliary
  default boolean isUntagged() {
    return vlanId().isEmpty();
  }
}
