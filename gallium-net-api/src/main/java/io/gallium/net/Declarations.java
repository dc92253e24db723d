package io.gallium.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

  /** A VM port as declared. */
  record PortDeclaration(String name, String network) {}

  /** A host interface as declared: its network and its addresses, as text. */
  record HostInterfaceDeclaration(String network, List<String> addresses) {}

  private static final Comparator<GroupDeclaration> GROUP_ORDER =
      Comparator.comparing(GroupDeclaration::name)
          .thenComparing(g -> String.join("\u0000", g.adapters()));
  private static final Comparator<NetworkDeclaration> NETWORK_ORDER =
      Comparator.comparing(NetworkDeclaration::name)
          .thenComparing(NetworkDeclaration::adapterGroup)
          .thenComparing(
              NetworkDeclaration::vlanId, Comparator.nullsFirst(Comparator.naturalOrder()));
  private static final Comparator<PortDeclaration> PORT_ORDER =
      Comparator.comparing(PortDeclaration::name).thenComparing(PortDeclaration::network);

  private static final Comparator<HostInterfaceDeclaration> HOST_INTERFACE_ORDER =
      Comparator.comparing(HostInterfaceDeclaration::network)
          .thenComparing(h -> String.join("\u0000", h.addresses()));

  final List<GroupDeclaration> groups;
  final List<NetworkDeclaration> networks;
  final List<PortDeclaration> ports;
  final List<HostInterfaceDeclaration> hostInterfaces;

  /** The default gateways as declared, as text, sorted. */
  final List<String> gateways;

  Declarations(
      List<GroupDeclaration> groups,
      List<NetworkDeclaration> networks,
      List<PortDeclaration> ports) {
    this(groups, networks, ports, List.of(), List.of());
  }

  Declarations(
      List<GroupDeclaration> groups,
      List<NetworkDeclaration> networks,
      List<PortDeclaration> ports,
      List<HostInterfaceDeclaration> hostInterfaces,
      List<String> gateways) {
    this.groups = sorted(groups, GROUP_ORDER);
    this.networks = sorted(networks, NETWORK_ORDER);
    this.ports = sorted(ports, PORT_ORDER);
    this.hostInterfaces = sorted(hostInterfaces, HOST_INTERFACE_ORDER);
    this.gateways = sorted(gateways, Comparator.naturalOrder());
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
            .map(p -> ImmutableVmPort.builder().name(p.name()).network(p.network()).build())
            .collect(Collectors.toList()),
        hostInterfaces.stream()
            .map(
                h ->
                    ImmutableHostInterface.builder()
                        .network(h.network())
                        .addresses(
                            h.addresses().stream()
                                .map(CidrAddress::parse)
                                .sorted()
                                .collect(Collectors.toList()))
                        .build())
            .collect(Collectors.toList()),
        gateways.stream()
            .map(IpAddresses::parse)
            .sorted(IpAddresses.ORDER)
            .collect(Collectors.toList()));
  }

  private static <T> List<T> sorted(List<T> values, Comparator<T> order) {
    List<T> copy = new ArrayList<>(values);
    copy.sort(order);
    return List.copyOf(copy);
  }
}
