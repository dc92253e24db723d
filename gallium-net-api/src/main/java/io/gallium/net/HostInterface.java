package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import java.util.List;
import org.immutables.value.Value;

/**
 * The host's own interface on a network: the device through which the host itself (its management
 * address, its default route) lives on an adapter group, and the addresses it carries. Obtained
 * from a {@link Topology}; at most one per network.
 *
 * <p>A host interface without addresses is still a device, with a stable name, on which a product's
 * DHCP client may run.
 */
@ValueStyle
@Value.Immutable
public interface HostInterface {
  /** The name of the network it is on. */
  String network();

  /** Its addresses in CIDR form, IPv4 first, then by address; possibly none. */
  List<CidrAddress> addresses();
}
