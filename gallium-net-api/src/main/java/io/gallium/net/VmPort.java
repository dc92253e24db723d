package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A VM's network port (for example a tap device that the hypervisor creates) and the networks it
 * carries. Obtained from a {@link Topology}.
 *
 * <p>Most ports are <em>access ports</em>: one network, whose frames cross the port untagged
 * ({@link Topology.Builder#vmPort}). A <em>trunk</em> ({@link Topology.Builder#trunkPort}, {@link
 * Topology.Builder#taggedTrunkPort}) carries several networks of one adapter group, for a nested
 * hypervisor or a router VM: each with its VLAN tag, except at most one, its native network, whose
 * frames cross untagged. A group's untagged network can only be a port's native network.
 */
@ValueStyle
@Value.Immutable
public interface VmPort {
  /** The port's Linux interface name, unique among the topology's VM ports. */
  String name();

  /** The names of the networks it carries, sorted; one for an access port. */
  List<String> networks();

  /**
   * The network whose frames cross the port untagged: an access port's one network, a trunk's
   * native network if it has one.
   */
  Optional<String> nativeNetwork();

  /** Whether the port is a trunk: the frames of some of its networks cross it tagged. */
  default boolean isTrunk() {
    return !taggedNetworks().isEmpty();
  }

  /**
   * The networks whose frames cross the port with their VLAN tag, sorted; none on an access port.
   */
  default List<String> taggedNetworks() {
    return networks().stream()
        .filter(n -> !nativeNetwork().equals(Optional.of(n)))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * The network an access port is attached to.
   *
   * @throws IllegalStateException if the port is a trunk, which has no one network: read {@link
   *     #networks()} and {@link #nativeNetwork()} there
   */
  default String network() {
    if (isTrunk()) {
      throw new IllegalStateException(
          "VM port "
              + name()
              + " is a trunk carrying networks "
              + networks()
              + nativeNetwork().map(n -> " (native " + n + ")").orElse("")
              + ", not one network; read networks() and nativeNetwork()");
    }
    return networks().get(0);
  }
}
