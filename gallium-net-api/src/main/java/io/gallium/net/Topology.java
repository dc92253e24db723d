package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A host's VM networking as the product wants it: adapter groups, the networks they carry and the
 * VM ports attached to those networks. A topology that exists satisfies every rule of the model;
 * make one with {@link #builder()}, change a copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * Topology t = Topology.builder()
 *     .adapterGroup("uplink", "eth0", "eth1")
 *     .vlanNetwork("prod", "uplink", 100)
 *     .untaggedNetwork("mgmt", "uplink")
 *     .vmPort("tap-vm1", "prod")
 *     .build();
 * }</pre>
 *
 * <p>Values are compared by content; every list is sorted by name, so equal topologies list their
 * parts in the same order whatever order they were declared in.
 */
@ValueStyle
@Value.Immutable(builder = false)
public abstract class Topology {
  private static final Topology EMPTY =
      ImmutableTopology.of(List.of(), List.of(), List.of(), List.of(), List.of());

  Topology() {}

  /** A builder of a new topology, with nothing declared. */
  public static Builder builder() {
    return new Builder();
  }

  /** The topology without groups, networks or ports. */
  public static Topology empty() {
    return EMPTY;
  }

  /** The adapter groups, sorted by name. */
  @Value.Parameter
  public abstract List<AdapterGroup> adapterGroups();

  /** The networks, sorted by name. */
  @Value.Parameter
  public abstract List<Network> networks();

  /** The VM ports, sorted by name. */
  @Value.Parameter
  public abstract List<VmPort> vmPorts();

  /** The host's own interfaces on networks, sorted by network name. */
  @Value.Parameter
  public abstract List<HostInterface> hostInterfaces();

  /**
   * The host's default gateways: at most one per address family, IPv4 first. Each lies inside a
   * subnet of one of the {@link #hostInterfaces()}, and the default route through it goes through
   * that interface.
   */
  @Value.Parameter
  public abstract List<InetAddress> defaultGateways();

  /** The host interface on the network {@code networkName}, if there is one. */
  public Optional<HostInterface> hostInterface(String networkName) {
    return hostInterfaces().stream().filter(h -> h.network().equals(networkName)).findFirst();
  }

  /** The adapter group called {@code name}, if there is one. */
  public Optional<AdapterGroup> adapterGroup(String name) {
    return Optional.ofNullable(groupsByName().get(name));
  }

  /** The network called {@code name}, if there is one. */
  public Optional<Network> network(String name) {
    return Optional.ofNullable(networksByName().get(name));
  }

  /** The VM port whose device is called {@code name}, if there is one. */
  public Optional<VmPort> vmPort(String name) {
    return Optional.ofNullable(portsByName().get(name));
  }

  /** The networks carried by the adapter group {@code groupName}, sorted by name. */
  public List<Network> networksOf(String groupName) {
    return networksByGroup().getOrDefault(groupName, List.of());
  }

  /**
   * The VM ports that carry the network {@code networkName}, sorted by name: its access ports and
   * the trunks that carry it, tagged or as native network.
   */
  public List<VmPort> vmPortsOf(String networkName) {
    return portsByNetwork().getOrDefault(networkName, List.of());
  }

  /** A builder holding this topology's declarations, to make a changed copy. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    adapterGroups()
        .forEach(g -> builder.adapterGroup(g.name(), g.adapters().toArray(String[]::new)));
    networks()
        .forEach(
            n ->
                builder.networks.add(
                    new Declarations.NetworkDeclaration(
                        n.name(), n.adapterGroup(), n.vlanId().map(VlanId::value).orElse(null))));
    for (VmPort p : vmPorts()) {
      if (!p.isTrunk()) {
        builder.vmPort(p.name(), p.network());
      } else {
        builder.ports.add(
            new Declarations.PortDeclaration(
                p.name(), p.networks(), p.nativeNetwork().orElse(null)));
      }
    }
    for (AdapterGroup g : adapterGroups()) {
      if (g.mtu() != AdapterGroup.DEFAULT_MTU) {
        builder.mtu(g.name(), g.mtu());
      }
      if (!g.failover().equals(FailoverPolicy.DEFAULT)) {
        builder.failover(g.name(), g.failover());
      }
      g.lacp().ifPresent(l -> builder.lacp(g.name(), l.transmitHash(), l.rate()));
    }
    hostInterfaces()
        .forEach(
            h ->
                builder.hostInterface(
                    h.network(),
                    h.addresses().stream().map(CidrAddress::toString).toArray(String[]::new)));
    defaultGateways().forEach(g -> builder.defaultGateway(IpAddresses.text(g)));
    return builder;
  }

  @Value.Lazy
  Map<String, AdapterGroup> groupsByName() {
    return index(adapterGroups(), AdapterGroup::name);
  }

  @Value.Lazy
  Map<String, Network> networksByName() {
    return index(networks(), Network::name);
  }

  @Value.Lazy
  Map<String, VmPort> portsByName() {
    return index(vmPorts(), VmPort::name);
  }

  @Value.Lazy
  Map<String, List<Network>> networksByGroup() {
    return networks().stream().collect(Collectors.groupingBy(Network::adapterGroup));
  }

  @Value.Lazy
  Map<String, List<VmPort>> portsByNetwork() {
    Map<String, List<VmPort>> byNetwork = new java.util.HashMap<>();
    for (VmPort p : vmPorts()) {
      p.networks().forEach(n -> byNetwork.computeIfAbsent(n, k -> new ArrayList<>()).add(p));
    }
    byNetwork.replaceAll((n, ports) -> List.copyOf(ports));
    return byNetwork;
  }

  private static <T> Map<String, T> index(List<T> values, Function<T, String> name) {
    return values.stream().collect(Collectors.toUnmodifiableMap(name, Function.identity()));
  }

  /**
   * Declares the parts of a topology. Arguments are checked for null where they are given; every
   * other rule is checked by {@link #build()} and {@link #validate()}, which report all broken
   * rules at once, in the same order whatever order the declarations came in. Not thread-safe.
   */
  public static final class Builder {
    private final List<Declarations.GroupDeclaration> groups = new ArrayList<>();
    private final List<Declarations.NetworkDeclaration> networks = new ArrayList<>();
    private final List<Declarations.PortDeclaration> ports = new ArrayList<>();
    private final Map<String, Integer> mtus = new TreeMap<>();
    private final Map<String, FailoverPolicy> failovers = new TreeMap<>();
    private final Map<String, Lacp> lacps = new TreeMap<>();
    private final List<Declarations.HostInterfaceDeclaration> hostInterfaces = new ArrayList<>();
    private final List<String> gateways = new ArrayList<>();

    private Builder() {}

    /**
     * Declares an adapter group.
     *
     * @param name the group's name: 1..64 characters of {@code A-Z a-z 0-9 . _ -}, starting with a
     *     letter or digit
     * @param adapters one or two adapter interface names: the active adapter, then the standby
     */
    public Builder adapterGroup(String name, String... adapters) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(adapters, "adapters");
      for (int i = 0; i < adapters.length; i++) {
        Objects.requireNonNull(adapters[i], "adapters[" + i + "]");
      }
      groups.add(new Declarations.GroupDeclaration(name, List.of(adapters)));
      return this;
    }

    /**
     * Declares a VLAN network.
     *
     * @param name the network's name, by the same rule as a group's
     * @param adapterGroup the group that carries it, which must be declared too
     * @param vlanId its 802.1q VLAN ID, 2..4094
     */
    public Builder vlanNetwork(String name, String adapterGroup, int vlanId) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(adapterGroup, "adapterGroup");
      networks.add(new Declarations.NetworkDeclaration(name, adapterGroup, vlanId));
      return this;
    }

    /**
     * Declares the untagged network of a group (at most one per group).
     *
     * @param name the network's name, by the same rule as a group's
     * @param adapterGroup the group that carries it, which must be declared too
     */
    public Builder untaggedNetwork(String name, String adapterGroup) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(adapterGroup, "adapterGroup");
      networks.add(new Declarations.NetworkDeclaration(name, adapterGroup, null));
      return this;
    }

    /**
     * Attaches a VM's port device to a network.
     *
     * @param portDevice the port's Linux interface name (1..15 bytes), not an adapter's
     * @param network the network's name, which must be declared too
     */
    public Builder vmPort(String portDevice, String network) {
      Objects.requireNonNull(portDevice, "portDevice");
      Objects.requireNonNull(network, "network");
      ports.add(new Declarations.PortDeclaration(portDevice, network));
      return this;
    }

    /**
     * Declares a trunk: a VM port that carries several networks of one adapter group, for a nested
     * hypervisor or a router VM. Frames of the native network cross it untagged, those of the
     * tagged networks with their VLAN tag. With no tagged network this is {@link #vmPort}.
     *
     * <pre>{@code
     * .trunkPort("tap-r1", "mgmt", "prod", "dev")  // mgmt untagged, prod and dev tagged
     * }</pre>
     *
     * @param portDevice the port's Linux interface name (1..15 bytes), not an adapter's
     * @param nativeNetwork the network whose frames cross the port untagged; the group's untagged
     *     network, if the trunk carries it, must be this one
     * @param taggedNetworks the networks whose frames cross the port tagged, VLAN networks of the
     *     native network's adapter group
     */
    public Builder trunkPort(String portDevice, String nativeNetwork, String... taggedNetworks) {
      Objects.requireNonNull(portDevice, "portDevice");
      Objects.requireNonNull(nativeNetwork, "nativeNetwork");
      List<String> networks = new ArrayList<>();
      networks.add(nativeNetwork);
      networks.addAll(nonNull(taggedNetworks, "taggedNetworks"));
      ports.add(new Declarations.PortDeclaration(portDevice, networks, nativeNetwork));
      return this;
    }

    /**
     * Sets an adapter group's MTU (default {@value AdapterGroup#DEFAULT_MTU}): its adapters, bond,
     * bridge and every VM port on its networks carry it. A later call for the same group replaces
     * the earlier one.
     *
     * @param group the adapter group, which must be declared too
     * @param mtu the MTU in bytes, {@value AdapterGroup#MIN_MTU}..{@value AdapterGroup#MAX_MTU}
     *     (the Ethernet range Linux accepts); an adapter that takes less is refused when the
     *     topology is applied
     */
    public Builder mtu(String group, int mtu) {
      Objects.requireNonNull(group, "group");
      mtus.put(group, mtu);
      return this;
    }

    /**
     * Declares a trunk without a native network: a VM port on which the frames of every network it
     * carries cross with their VLAN tag, and untagged frames reach no network.
     *
     * <pre>{@code
     * .taggedTrunkPort("tap-r2", "prod", "dev")  // prod and dev tagged, nothing untagged
     * }</pre>
     *
     * @param portDevice the port's Linux interface name (1..15 bytes), not an adapter's
     * @param taggedNetwork a VLAN network it carries
     * @param moreTaggedNetworks more VLAN networks of the same adapter group
     */
    public Builder taggedTrunkPort(
        String portDevice, String taggedNetwork, String... moreTaggedNetworks) {
      Objects.requireNonNull(portDevice, "portDevice");
      Objects.requireNonNull(taggedNetwork, "taggedNetwork");
      List<String> networks = new ArrayList<>();
      networks.add(taggedNetwork);
      networks.addAll(nonNull(moreTaggedNetworks, "moreTaggedNetworks"));
      ports.add(new Declarations.PortDeclaration(portDevice, networks, null));
      return this;
    }

    private static List<String> nonNull(String[] values, String what) {
      Objects.requireNonNull(values, what);
      for (int i = 0; i < values.length; i++) {
        Objects.requireNonNull(values[i], what + "[" + i + "]");
      }
      return List.of(values);
    }

    /**
     * Sets how an adapter group notices failures and fails back (default {@link
     * FailoverPolicy#DEFAULT}). A later call for the same group replaces the earlier one.
     *
     * @param group the adapter group, which must be declared too
     * @param policy the policy
     */
    public Builder failover(String group, FailoverPolicy policy) {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(policy, "policy");
      failovers.put(group, policy);
      return this;
    }

    /**
     * Gives the host its own interface on a network, with the addresses it carries there. On an
     * untagged network the interface is the group's bridge itself; on a VLAN network a VLAN device
     * on that bridge. Applying moves these addresses, and the routes through them, from an adapter
     * of the group that carries exactly them onto the interface.
     *
     * @param network the network's name, which must be declared too; at most one host interface per
     *     network
     * @param addresses its addresses in CIDR form ({@code 192.0.2.10/24}, {@code 2001:db8::10/64}),
     *     none for an interface whose addresses a DHCP client manages; no address on two interfaces
     */
    public Builder hostInterface(String network, String... addresses) {
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(addresses, "addresses");
      for (int i = 0; i < addresses.length; i++) {
        Objects.requireNonNull(addresses[i], "addresses[" + i + "]");
      }
      hostInterfaces.add(new Declarations.HostInterfaceDeclaration(network, List.of(addresses)));
      return this;
    }

    /**
     * Sets the host's default gateway for the address's family (call once for IPv4 and once for
     * IPv6 to have both).
     *
     * @param address an IPv4 or IPv6 address inside the subnet of one of the host interfaces'
     *     addresses
     */
    public Builder defaultGateway(String address) {
      Objects.requireNonNull(address, "address");
      gateways.add(address);
      return this;
    }

    /** Removes every host interface declared on {@code network}; nothing if there is none. */
    public Builder removeHostInterface(String network) {
      Objects.requireNonNull(network, "network");
      hostInterfaces.removeIf(h -> h.network().equals(network));
      return this;
    }

    /** Removes every default gateway declared; nothing if there is none. */
    public Builder removeDefaultGateways() {
      gateways.clear();
      return this;
    }

    /**
     * Makes an adapter group an LACP (802.3ad) aggregate with {@link Lacp#DEFAULT}'s settings.
     *
     * @param group the adapter group, which must be declared too
     */
    public Builder lacp(String group) {
      return lacp(group, Lacp.DEFAULT.transmitHash(), Lacp.DEFAULT.rate());
    }

    /**
     * Makes an adapter group an LACP (802.3ad) aggregate: all its adapters carry traffic, so their
     * order means nothing and the group lists them sorted. A later call for the same group replaces
     * the earlier one.
     *
     * @param group the adapter group, which must be declared too
     * @param transmitHash how flows are spread over the adapters
     * @param rate how often the switch is asked to send LACP frames
     */
    public Builder lacp(String group, Lacp.TransmitHash transmitHash, Lacp.Rate rate) {
      Objects.requireNonNull(group, "group");
      lacps.put(group, new Lacp(transmitHash, rate));
      return this;
    }

    /**
     * Makes an adapter group active-backup again (the default), undoing {@link #lacp(String)}.
     *
     * @param group the adapter group
     */
    public Builder activeBackup(String group) {
      Objects.requireNonNull(group, "group");
      lacps.remove(group);
      return this;
    }

    /**
     * Removes every declaration of the adapter group {@code name} and its settings; nothing if
     * there is none.
     */
    public Builder removeAdapterGroup(String name) {
      Objects.requireNonNull(name, "name");
      groups.removeIf(g -> g.name().equals(name));
      mtus.remove(name);
      failovers.remove(name);
      lacps.remove(name);
      return this;
    }

    /** Removes every declaration of the network {@code name}; nothing if there is none. */
    public Builder removeNetwork(String name) {
      Objects.requireNonNull(name, "name");
      networks.removeIf(n -> n.name().equals(name));
      return this;
    }

    /**
     * Removes every declaration of the VM port {@code portDevice}, access port or trunk; nothing if
     * there is none.
     */
    public Builder removeVmPort(String portDevice) {
      Objects.requireNonNull(portDevice, "portDevice");
      ports.removeIf(p -> p.name().equals(portDevice));
      return this;
    }

    /**
     * The topology declared so far.
     *
     * @throws InvalidTopologyException listing every rule the declarations break
     */
    public Topology build() {
      Validation<Seq<TopologyError>, Topology> result = validate();
      if (result.isInvalid()) {
        throw new InvalidTopologyException(result.getError().asJava());
      }
      return result.get();
    }

    /** The topology declared so far, or every rule the declarations break; never throws. */
    public Validation<Seq<TopologyError>, Topology> validate() {
      Declarations declarations =
          new Declarations(
              groups,
              networks,
              ports,
              new Declarations.GroupSettings(mtus, failovers, lacps),
              hostInterfaces,
              gateways);
      List<TopologyError> errors = Rules.check(declarations);
      if (!errors.isEmpty()) {
        return Validation.invalid(io.vavr.collection.List.ofAll(errors));
      }
      return Validation.valid(declarations.toTopology());
    }

    @Override
    public String toString() {
      return "Topology.Builder{groups="
          + groups
          + ", networks="
          + networks
          + ", ports="
          + ports
          + ", mtus="
          + mtus
          + ", failovers="
          + failovers
          + ", lacps="
          + lacps
          + ", hostInterfaces="
          + hostInterfaces
          + ", gateways="
          + gateways
          + "}";
    }
  }
}
