package io.gallium.net.linux.internal.route;

import io.gallium.net.core.spi.VlanRange;
import java.util.List;

/**
 * The VLANs of one bridge port (or of the bridge itself), from the AF_BRIDGE link dump.
 *
 * @param index the port's interface index
 * @param name the port's name
 * @param master the bridge's index (the bridge's own entry has its own index here)
 * @param vlans its VLANs, ranges merged as the kernel reported them
 */
public record BridgePortVlans(int index, String name, int master, List<VlanRange> vlans) {
  public BridgePortVlans {
    vlans = List.copyOf(vlans);
  }
}
