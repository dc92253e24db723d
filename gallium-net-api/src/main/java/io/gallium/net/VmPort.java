package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import org.immutables.value.Value;

/**
 * A VM's network port (for example a tap device that the hypervisor creates) attached to one
 * network. Obtained from a {@link Topology}.
 */
@ValueStyle
@Value.Immutable
public interface VmPort {
  /** The port's Linux interface name, unique among the topology's VM ports. */
  String name();

  /** The name of the network it is attached to. */
  String network();
}
