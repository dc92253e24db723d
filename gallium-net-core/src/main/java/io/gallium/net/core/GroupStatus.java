package io.gallium.net.core;

import io.gallium.net.GroupMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an adapter group is doing now.
 *
 * @param group the group's name
 * @param activeAdapter the adapter carrying its traffic, if any has carrier (active-backup; an LACP
 *     group has none: see each adapter's {@link AdapterStatus#active()})
 * @param adapters its adapters, active-by-configuration first, with their link state
 * @param mode whether the group is active-backup or an LACP aggregate, as its bond is now
 * @param vmPorts the VM ports on its networks, sorted by name
 */
public record GroupStatus(
    String group,
    Optional<String> activeAdapter,
    List<AdapterStatus> adapters,
    GroupMode mode,
    List<PortStatus> vmPorts) {

  /** Copies the lists. */
  public GroupStatus {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(activeAdapter, "activeAdapter");
    Objects.requireNonNull(mode, "mode");
    adapters = List.copyOf(adapters);
    vmPorts = List.copyOf(vmPorts);
  }

  /**
   * One adapter of a group.
   *
   * @param name the adapter
   * @param carrier whether it has carrier
   * @param active whether the group sends through it now (in an LACP group, every adapter in the
   *     group's aggregator)
   * @param linkUp whether the group's link monitor sees its link up (Linux {@code mii_status}; it
   *     lags the carrier by the link check interval and the up/down delays)
   * @param linkFailures how often the link monitor saw its link fail since it joined the group
   * @param aggregatorId in an LACP group, the aggregator it is in (adapters in the same aggregator
   *     as the switch's ports form the link aggregate); 0 otherwise
   * @param lacpDistributing in an LACP group, whether LACP lets it send and receive for its
   *     aggregator; false otherwise
   */
  public record AdapterStatus(
      String name,
      boolean carrier,
      boolean active,
      boolean linkUp,
      int linkFailures,
      int aggregatorId,
      boolean lacpDistributing) {
    public AdapterStatus {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * One VM port on a network of the group.
   *
   * @param name the port device
   * @param network the network it is on, if it carries one
   * @param carrier whether it has carrier (the VM's side is up)
   */
  public record PortStatus(String name, Optional<String> network, boolean carrier) {
    public PortStatus {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(network, "network");
    }
  }
}
