package io.gallium.net.linux.internal.route;

import io.gallium.net.core.spi.VlanRange;
import java.util.List;

/**
 * The VLANs of one bridge port (or of the bridge itself), from the AF_BRIDGE link dump.
 *
 * @param index the port's interface index
 * @param name the port's name
 * @param vlans its VLANs, ranges merged as the kernel reported them
 */
public record BridgePortVlans(int index, String name, List<VlanRange> vlans) {
  public BridgePortVlans {
    vlans = List.copyOf(vlans);
  }
}
