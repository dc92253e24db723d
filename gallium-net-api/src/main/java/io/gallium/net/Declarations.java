package io.gallium.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a builder was told, in a canonical order (by name, then content), so that validation and its
 * messages do not depend on the order of the builder's calls.
 */
final class Declarations {
  /** An adapter group as declared. */
  record GroupDeclaration(String name, List<String> adapters) {}

  /** A network as declared; {@code vlanId} is null for an untagged network. */
  record NetworkDeclaration(String name, String adapterGroup, Integer vlanId) {
    boolean isUntagged() {
      return vlanId == null;
    }
  }

  /**
   * A VM port as declared: the networks it names (in the order given, repeats kept so that the
   * rules can report them) and its native network, null for a trunk without one.
   */
  record PortDeclaration(String name, List<String> networks, String nativeNetwork) {
    /** An access port: one network, untagged. */
    PortDeclaration(String name, String network) {
      this(name, List.of(network), network);
    }

    /** Whether it was declared with {@code vmPort}: one network, untagged. */
    boolean isAccess() {
      return networks.size() == 1 && networks.get(0).equals(nativeNetwork);
    }
  }

  private static final Comparator<GroupDeclaration> GROUP_ORDER =
      Comparator.comparing(GroupDeclaration::name)
          .thenComparing(g -> String.join("\u0000", g.adapters()));
  private static final Comparator<NetworkDeclaration> NETWORK_ORDER =
      Comparator.comparing(NetworkDeclaration::name)
          .thenComparing(NetworkDeclaration::adapterGroup)
          .thenComparing(
              NetworkDeclaration::vlanId, Comparator.nullsFirst(Comparator.naturalOrder()));
  private static final Comparator<PortDeclaration> PORT_ORDER =
      Comparator.comparing(PortDeclaration::name)
          .thenComparing(p -> String.join("\u0000", p.networks()))
          .thenComparing(
              PortDeclaration::nativeNetwork, Comparator.nullsFirst(Comparator.naturalOrder()));

  final List<GroupDeclaration> groups;
  final List<NetworkDeclaration> networks;
  final List<PortDeclaration> ports;

  Declarations(
      List<GroupDeclaration> groups,
      List<NetworkDeclaration> networks,
      List<PortDeclaration> ports) {
    this.groups = sorted(groups, GROUP_ORDER);
    this.networks = sorted(networks, NETWORK_ORDER);
    this.ports = sorted(ports, PORT_ORDER);
  }

  /** The topology these declarations describe; only for declarations that break no rule. */
  Topology toTopology() {
    return ImmutableTopology.of(
        groups.stream()
            .map(g -> ImmutableAdapterGroup.builder().name(g.name()).adapters(g.adapters()).build())
            .collect(Collectors.toList()),
        networks.stream()
            .map(
                n ->
                    ImmutableNetwork.builder()
                        .name(n.name())
                        .adapterGroup(n.adapterGroup())
                        .vlanId(Optional.ofNullable(n.vlanId()).map(VlanId::of))
                        .build())
            .collect(Collectors.toList()),
        ports.stream()
            .map(
                p ->
                    ImmutableVmPort.builder()
                        .name(p.name())
                        .networks(new TreeSet<>(p.networks()))
                        .nativeNetwork(Optional.ofNullable(p.nativeNetwork()))
                        .build())
            .collect(Collectors.toList()));
  }

  private static <T> List<T> sorted(List<T> values, Comparator<T> order) {
    List<T> copy = new ArrayList<>(values);
    copy.sort(order);
    return List.copyOf(copy);
  }
}
