package io.gallium.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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

  /**
   * The settings declared for adapter groups, by group name; a group without an entry has the
   * default.
   */
  record GroupSettings(
      Map<String, Integer> mtus, Map<String, FailoverPolicy> failovers, Map<String, Lacp> lacps) {
    static final GroupSettings NONE = new GroupSettings(Map.of(), Map.of(), Map.of());

    GroupSettings {
      mtus = Collections.unmodifiableSortedMap(new TreeMap<>(mtus));
      failovers = Collections.unmodifiableSortedMap(new TreeMap<>(failovers));
      lacps = Collections.unmodifiableSortedMap(new TreeMap<>(lacps));
    }

    /** Every group name a setting names, sorted. */
    Set<String> groups() {
      Set<String> out = new TreeSet<>(mtus.keySet());
      out.addAll(failovers.keySet());
      out.addAll(lacps.keySet());
      return out;
    }
  }

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
      Comparator.comparing(PortDeclaration::name)
          .thenComparing(p -> String.join("\u0000", p.networks()))
          .thenComparing(
              PortDeclaration::nativeNetwork, Comparator.nullsFirst(Comparator.naturalOrder()));

  private static final Comparator<HostInterfaceDeclaration> HOST_INTERFACE_ORDER =
      Comparator.comparing(HostInterfaceDeclaration::network)
          .thenComparing(h -> String.join("\u0000", h.addresses()));

  final List<GroupDeclaration> groups;
  final List<NetworkDeclaration> networks;
  final List<PortDeclaration> ports;
  final GroupSettings settings;

  final List<HostInterfaceDeclaration> hostInterfaces;

  /** The default gateways as declared, as text, sorted. */
  final List<String> gateways;

  Declarations(
      List<GroupDeclaration> groups,
      List<NetworkDeclaration> networks,
      List<PortDeclaration> ports) {
    this(groups, networks, ports, GroupSettings.NONE, List.of(), List.of());
  }

  Declarations(
      List<GroupDeclaration> groups,
      List<NetworkDeclaration> networks,
      List<PortDeclaration> ports,
      GroupSettings settings,
      List<HostInterfaceDeclaration> hostInterfaces,
      List<String> gateways) {
    this.groups = sorted(groups, GROUP_ORDER);
    this.networks = sorted(networks, NETWORK_ORDER);
    this.ports = sorted(ports, PORT_ORDER);
    this.settings = settings;
    this.hostInterfaces = sorted(hostInterfaces, HOST_INTERFACE_ORDER);
    this.gateways = sorted(gateways, Comparator.naturalOrder());
  }

  /** The topology these declarations describe; only for declarations that break no rule. */
  Topology toTopology() {
    return ImmutableTopology.of(
        groups.stream().map(this::toGroup).collect(Collectors.toList()),
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

  private AdapterGroup toGroup(GroupDeclaration g) {
    // All adapters of an LACP group are active: their order says nothing, so it is canonical.
    List<String> adapters =
        settings.lacps().containsKey(g.name())
            ? g.adapters().stream().sorted().toList()
            : g.adapters();
    ImmutableAdapterGroup.Builder b =
        ImmutableAdapterGroup.builder()
            .name(g.name())
            .adapters(adapters)
            .lacp(Optional.ofNullable(settings.lacps().get(g.name())));
    Optional.ofNullable(settings.mtus().get(g.name())).ifPresent(b::mtu);
    Optional.ofNullable(settings.failovers().get(g.name())).ifPresent(b::failover);
    return b.build();
  }

  private static <T> List<T> sorted(List<T> values, Comparator<T> order) {
    List<T> copy = new ArrayList<>(values);
    copy.sort(order);
    return List.copyOf(copy);
  }
}
