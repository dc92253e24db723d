package io.gallium.net.core.internal;

import io.gallium.net.AdapterGroup;
import io.gallium.net.CidrAddress;
import io.gallium.net.FailoverPolicy;
import io.gallium.net.HostInterface;
import io.gallium.net.Lacp;
import io.gallium.net.Network;
import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.VlanLink;
import io.gallium.net.core.spi.VlanRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a {@link Topology} maps to devices: the one description of it in the code (the README's table
 * and {@code HostNetwork}'s Javadoc summarize this).
 *
 * <ul>
 *   <li>Each adapter group {@code g} is a bond (active-backup, or 802.3ad for an LACP group; link
 *       monitoring, delays, failback and ARP targets from the group's failover policy, see {@code
 *       bondSettings}; an active-backup group's first adapter primary; a one-adapter group is a
 *       bond too) enslaved to a bridge (VLAN filtering on, default PVID 0) that carries the group's
 *       name as alternative name. Their names ({@code gb-g}, {@code gv-g}, hashed when longer than
 *       15 bytes) and owner tags (the alias {@code gallium-net:bond:g}, {@code
 *       gallium-net:bridge:g}) come from {@link DeviceNames}; gallium-net never touches a bond or
 *       bridge without its tag. The group's MTU is on its adapters, bond, bridge and VM ports. The
 *       bond's settings and the bridge's VLAN filtering and default PVID are always these, whatever
 *       someone else set: a bond without link monitoring does not fail over, a bridge without VLAN
 *       filtering forwards between networks.
 *   <li>A VLAN network is its VID, tagged, on the bond's bridge port; the untagged network is VID
 *       {@value #UNTAGGED_VID} there as PVID and untagged. Adding or removing a network thus
 *       changes one bridge VLAN entry and no device.
 *   <li>A VM port is a port of its group's bridge with exactly its network's VID as PVID and
 *       untagged. A trunk is a port of its group's bridge with each tagged network's VID tagged and
 *       its native network's VID (if any) as PVID and untagged, and no other VLAN.
 *   <li>Network names cannot live in the kernel (a VLAN network has no device, and a group may
 *       carry 4093 of them): they live in the {@link Catalog}, next to each adapter's state from
 *       before it was taken, which is given back when it is released. A VM port's state from before
 *       it was taken is given back too, from a record of its own ({@link PortOrigins}).
 * </ul>
 *
 * {@link HostChecks} refuses what a host cannot take before this runs; {@link TopologyReader} reads
 * the topology back from a host laid out this way.
 */
public final class Layout {

  /** The link monitoring interval of our bonds unless a group's failover policy says otherwise. */
  public static final int MIIMON_MILLIS = FailoverPolicy.DEFAULT.linkCheckMillis();

  /** The bridge VID of a group's untagged network. */
  public static final int UNTAGGED_VID = 1;

  /** The VM ports one adapter group takes: its bridge's ports less the bond. */
  public static final int MAX_VM_PORTS_PER_GROUP = KernelRules.MAX_BRIDGE_PORTS - 1;

  private Layout() {}

  /**
   * The desired state and catalog for a topology.
   *
   * @param desired the whole host as it should be, unowned devices exactly as observed
   * @param catalog the catalog that goes with it
   * @param hostRecords the host interface records ({@link HostAddresses}) that change with it, each
   *     as it should be (empty: removed)
   */
  public record Result(
      HostState desired, Catalog catalog, Map<String, Optional<HostAddresses.Record>> hostRecords) {

    /**
     * A result that changes no host interface record.
     *
     * @param desired the whole host as it should be
     * @param catalog the catalog that goes with it
     */
    public Result(HostState desired, Catalog catalog) {
      this(desired, catalog, Map.of());
    }
  }

  /**
   * The state the host must have for {@code topology}, given what it has.
   *
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @throws RefusedTopologyException with every reason the host cannot take it
   */
  public static Result desired(
      Topology topology, HostState observed, Catalog catalog, Set<String> allowAddresses) {
    return desired(topology, observed, catalog, allowAddresses, Set.of(), port -> Optional.empty());
  }

  /**
   * The state the host must have for {@code topology}, given what it has, with the VM ports it
   * releases given back their state from before they were taken.
   *
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @param allowClaimed adapters and VM ports that may be taken although another program claims
   *     them
   * @param portOrigins each VM port's up/down state and MTU from before it was taken ({@link
   *     PortOrigins}), asked only for the ports this releases; empty leaves a port as it is
   * @throws RefusedTopologyException with every reason the host cannot take it
   */
  public static Result desired(
      Topology topology,
      HostState observed,
      Catalog catalog,
      Set<String> allowAddresses,
      Set<String> allowClaimed,
      Function<String, Optional<Catalog.AdapterOrigin>> portOrigins) {
    return desired(
        topology,
        observed,
        catalog,
        allowAddresses,
        allowClaimed,
        portOrigins,
        device -> Optional.empty());
  }

  /**
   * The state the host must have for {@code topology}, given what it has, with the VM ports it
   * releases given back their state from before they were taken, and on each host interface exactly
   * the addresses and routes gallium-net put there changed ({@link HostOwned}).
   *
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @param allowClaimed adapters and VM ports that may be taken although another program claims
   *     them
   * @param portOrigins each VM port's up/down state and MTU from before it was taken ({@link
   *     PortOrigins}), asked only for the ports this releases; empty leaves a port as it is
   * @param hostRecords what gallium-net put on a host interface ({@link HostAddresses}), asked only
   *     for the host interfaces that carry addresses or routes
   * @throws RefusedTopologyException with every reason the host cannot take it
   * @throws io.gallium.net.core.StoreDamagedException if the record of a host interface whose
   *     addresses or routes change cannot be read
   */
  public static Result desired(
      Topology topology,
      HostState observed,
      Catalog catalog,
      Set<String> allowAddresses,
      Set<String> allowClaimed,
      Function<String, Optional<Catalog.AdapterOrigin>> portOrigins,
      Function<String, Optional<HostAddresses.Record>> hostRecords) {
    HostOwned owned = new HostOwned(hostRecords);
    Map<String, Device> out = new TreeMap<>(observed.devices());
    TreeMap<String, String> networks = new TreeMap<>();
    TreeMap<String, Catalog.AdapterOrigin> origins = new TreeMap<>(catalog.adapters());

    // Ours that go: bonds and bridges of groups no longer wanted; their ports are released.
    for (Device d : observed.devices().values()) {
      Optional<String> group = groupOf(d);
      if (group.isPresent() && topology.adapterGroup(group.get()).isEmpty()) {
        out.remove(d.name());
      }
    }
    for (Device d : observed.devices().values()) {
      Optional<Device> master = d.master().flatMap(observed::device);
      if (master.isEmpty() || groupOf(master.get()).isEmpty() || isOurs(d)) {
        continue;
      }
      if (master.get().isBond()) {
        Catalog.AdapterOrigin o = origins.get(d.name());
        out.put(
            d.name(),
            d.toBuilder()
                .master((String) null)
                .vlans(List.of())
                .up(o == null || o.up())
                .mtu(o == null ? d.mtu() : o.mtu())
                .build());
      } else if (topology.vmPort(d.name()).isEmpty()) {
        out.put(d.name(), releasedPort(d, portOrigins.apply(d.name())));
      }
    }

    // Ours that go: host VLAN devices; the ones still wanted are put back below.
    for (Device d : observed.devices().values()) {
      if (DeviceNames.isHostVlan(d)) {
        out.remove(d.name());
      }
    }

    HostChecks.check(topology, observed, allowAddresses, allowClaimed, hostRecords);

    for (AdapterGroup g : topology.adapterGroups()) {
      String bondName = DeviceNames.bond(g.name());
      String bridgeName = DeviceNames.bridge(g.name());
      Optional<Device> oldBond = observed.device(bondName);
      Optional<Device> oldBridge = observed.device(bridgeName);
      int mtu = g.mtu();
      List<VlanRange> trunk = new ArrayList<>();
      for (Network n : topology.networksOf(g.name())) {
        int vid = vid(n);
        trunk.add(n.isUntagged() ? VlanRange.access(vid) : VlanRange.tagged(vid, vid));
        networks.put(Catalog.networkKey(g.name(), vid), n.name());
      }
      // The settings are ours whatever someone made of them; only the active adapter is the
      // kernel's to choose, so it is kept as observed.
      BondSettings settings =
          bondSettings(g)
              .withActiveAdapter(
                  oldBond.flatMap(Device::bond).flatMap(BondSettings::activeAdapter));
      out.put(
          bondName,
          oldBond
              .map(Device::toBuilder)
              .orElse(Device.builder(bondName, DeviceKind.BOND))
              .mtu(mtu)
              .alias(DeviceNames.bondTag(g.name()))
              .altNames(List.of())
              .master(bridgeName)
              .up(true)
              .bond(settings)
              .vlans(trunk)
              .build());
      out.put(
          bridgeName,
          oldBridge
              .map(Device::toBuilder)
              .orElse(Device.builder(bridgeName, DeviceKind.BRIDGE))
              .mtu(mtu)
              .alias(DeviceNames.bridgeTag(g.name()))
              .altNames(List.of(g.name()))
              .master((String) null)
              .up(true)
              .bridge(BridgeSettings.vlanAware())
              .vlans(List.of())
              .build());
      for (String a : g.adapters()) {
        Device ad = observed.device(a).get();
        boolean ours =
            ad.master().flatMap(observed::device).flatMap(Layout::groupOf).isPresent()
                && ad.master().flatMap(observed::device).get().isBond();
        if (!ours || !origins.containsKey(a)) {
          origins.put(a, new Catalog.AdapterOrigin(ad.up(), ad.mtu()));
        }
        out.put(a, ad.toBuilder().master(bondName).up(true).mtu(mtu).vlans(List.of()).build());
      }
    }
    for (HostInterface h : topology.hostInterfaces()) {
      hostInterface(topology, h, observed, out, owned);
    }
    owned.leaving(observed, out);
    for (VmPort p : topology.vmPorts()) {
      if (p.isTrunk()) {
        out.put(p.name(), trunkPort(observed.device(p.name()).get(), topology, p));
        continue;
      }
      Network n = topology.network(p.network()).get();
      int mtu = topology.adapterGroup(n.adapterGroup()).get().mtu();
      out.put(
          p.name(), attachedPort(observed.device(p.name()).get(), n.adapterGroup(), vid(n), mtu));
    }
    Set<String> taken = new java.util.HashSet<>();
    topology.adapterGroups().forEach(g -> taken.addAll(g.adapters()));
    origins.keySet().retainAll(taken);
    return new Result(HostState.of(out.values()), new Catalog(networks, origins), owned.changes());
  }

  /**
   * Puts the host's interface on a network into {@code out}, whose group's bond and bridge are
   * there already.
   *
   * <ul>
   *   <li>On the untagged network the interface is the bridge itself: it carries the addresses, and
   *       VLAN {@value #UNTAGGED_VID} as PVID, untagged, on its own port (toward the host), so the
   *       host sends and receives the network's untagged frames.
   *   <li>On a VLAN network it is a VLAN device on the bridge ({@link DeviceNames#hostVlan}, tagged
   *       with our owner tag): the bridge carries that VID tagged on its own port, and the VLAN
   *       device tags and untags it.
   *   <li>The bridge's MAC is fixed to the group's active adapter's permanent one (its current one
   *       where it reports none): a bridge whose MAC is not set takes the lowest of its ports', so
   *       it would change as ports come and go, and with it the host's DHCP lease and its
   *       neighbours' ARP caches. Only groups with a host interface are given one: a bridge without
   *       one never speaks for the host.
   *   <li>A host interface without addresses keeps the addresses it has: they are a DHCP client's.
   * </ul>
   */
  private static void hostInterface(
      Topology topology,
      HostInterface h,
      HostState observed,
      Map<String, Device> out,
      HostOwned owned) {
    Network n = topology.network(h.network()).get();
    AdapterGroup g = topology.adapterGroup(n.adapterGroup()).get();
    String bridgeName = DeviceNames.bridge(g.name());
    Device bridge = out.get(bridgeName);
    // The burnt-in address where the adapter reports one: a bond gives its adapters its own MAC,
    // so the current one may be another adapter's.
    Optional<String> mac =
        observed.device(g.active()).flatMap(d -> d.permanentMac().or(() -> d.mac()));
    Device.Builder bridgeOut = bridge.toBuilder();
    mac.ifPresent(bridgeOut::mac);
    List<VlanRange> self = new ArrayList<>(bridge.vlans());
    List<String> addresses =
        h.addresses().stream().map(Layout::addressText).collect(Collectors.toList());
    Map<String, String> movedAddresses = new TreeMap<>();
    Map<Route, String> movedRoutes = new TreeMap<>();
    List<Route> moved = moveFromAdapters(g, h, observed, out, movedAddresses, movedRoutes);
    List<Route> gateways = gatewaysOf(topology, h);
    if (n.isUntagged()) {
      self.add(VlanRange.access(UNTAGGED_VID));
      HostOwned.Outcome o =
          owned.staying(
              bridgeName,
              observed.device(bridgeName),
              addresses,
              gateways,
              movedAddresses,
              movedRoutes,
              routes(topology, h, bridge.routes(), moved));
      bridgeOut.addresses(o.addresses()).routes(o.routes());
      out.put(bridgeName, bridgeOut.vlans(self).build());
      return;
    }
    int vid = vid(n);
    self.add(VlanRange.tagged(vid, vid));
    out.put(bridgeName, bridgeOut.vlans(self).build());
    String name = DeviceNames.hostVlan(g.name(), vid);
    Optional<Device> old = observed.device(name).filter(DeviceNames::isHostVlan);
    Device.Builder vlan =
        old.map(Device::toBuilder)
            .orElse(Device.builder(name, DeviceKind.VLAN).mtu(bridge.mtu()))
            .alias(DeviceNames.hostVlanTag(g.name(), vid))
            .altNames(List.of())
            .master((String) null)
            .up(true)
            .vlans(List.of())
            .vlanLink(new VlanLink(bridgeName, vid));
    mac.ifPresent(vlan::mac);
    HostOwned.Outcome o =
        owned.staying(
            name,
            old,
            addresses,
            gateways,
            movedAddresses,
            movedRoutes,
            routes(topology, h, old.map(Device::routes).orElse(List.of()), moved));
    vlan.addresses(o.addresses()).routes(o.routes());
    out.put(name, vlan.build());
  }

  /**
   * Takes from the group's adapters the addresses this host interface asks for, when an adapter
   * carries nothing else ({@link HostChecks} refuses one that carries others): the adapter is left
   * without addresses and routes, and its routes are returned, to go through the host interface
   * instead.
   */
  private static List<Route> moveFromAdapters(
      AdapterGroup g,
      HostInterface h,
      HostState observed,
      Map<String, Device> out,
      Map<String, String> movedAddresses,
      Map<Route, String> movedRoutes) {
    Set<String> wanted = new java.util.TreeSet<>();
    h.addresses().forEach(a -> wanted.add(a.toString()));
    List<Route> moved = new ArrayList<>();
    for (String a : g.adapters()) {
      Device ad = observed.device(a).orElse(null);
      if (ad == null
          || ad.addresses().isEmpty()
          || !ad.addresses().stream().allMatch(x -> wanted.contains(canonical(x)))) {
        continue;
      }
      moved.addAll(ad.routes());
      ad.addresses().forEach(x -> movedAddresses.put(canonical(x), a));
      ad.routes().forEach(r -> movedRoutes.putIfAbsent(r, a));
      out.put(a, out.get(a).toBuilder().addresses(List.of()).routes(List.of()).build());
    }
    return moved;
  }

  /**
   * The routes through a host interface: those it has, those moved onto it from an adapter, and the
   * default route through the topology's gateway of each family whose gateway lies in one of its
   * subnets, which replaces any other default route of that family there.
   */
  private static List<Route> routes(
      Topology topology, HostInterface h, List<Route> has, List<Route> moved) {
    List<Route> out = new ArrayList<>();
    List<Route> gateways = gatewaysOf(topology, h);
    java.util.function.Predicate<Route> replaced =
        r -> r.isDefault() && gateways.stream().anyMatch(g -> g.isIpv6() == r.isIpv6());
    has.stream().filter(replaced.negate()).forEach(out::add);
    moved.stream().filter(replaced.negate()).filter(r -> !out.contains(r)).forEach(out::add);
    out.addAll(gateways);
    return out;
  }

  /**
   * The default routes through the topology's gateways that lie in a subnet of {@code h}'s
   * addresses.
   */
  static List<Route> gatewaysOf(Topology topology, HostInterface h) {
    List<Route> gateways = new ArrayList<>();
    for (java.net.InetAddress gw : topology.defaultGateways()) {
      if (h.addresses().stream().anyMatch(a -> a.contains(gw))) {
        gateways.add(Route.defaultVia(gw.getHostAddress()));
      }
    }
    return gateways;
  }

  /**
   * The addresses, in canonical CIDR form, of the host interfaces on the networks of group {@code
   * group}: those an adapter of the group may carry and have moved onto them.
   */
  static Set<String> hostAddressesOf(Topology topology, String group) {
    Set<String> out = new java.util.TreeSet<>();
    for (HostInterface h : topology.hostInterfaces()) {
      topology
          .network(h.network())
          .filter(n -> n.adapterGroup().equals(group))
          .ifPresent(n -> h.addresses().forEach(a -> out.add(a.toString())));
    }
    return out;
  }

  /** A device's address in canonical CIDR form; as given if it does not parse. */
  static String canonical(String address) {
    try {
      return CidrAddress.parse(address).toString();
    } catch (IllegalArgumentException e) {
      return address;
    }
  }

  /** An address as a {@link Device} carries it, in the form the kernel's is read back in. */
  static String addressText(CidrAddress address) {
    return address.address().getHostAddress() + "/" + address.prefixLength();
  }

  /**
   * A VM port on a network: a port of its group's bridge with exactly the network's VID, as PVID
   * and untagged, and up (the planner gives it its VLAN before it comes up).
   *
   * @param port the port device as observed
   * @param group the network's adapter group
   * @param vid the network's bridge VID ({@link #UNTAGGED_VID} for the untagged network)
   * @return the port as it should be
   */
  static Device attachedPort(Device port, String group, int vid) {
    return attachedPort(port, group, vid, port.mtu());
  }

  /**
   * A VM port on a network of a group with MTU {@code mtu}: {@link #attachedPort(Device, String,
   * int)} with the group's MTU.
   *
   * @param port the port device as observed
   * @param group the network's adapter group
   * @param vid the network's bridge VID
   * @param mtu the group's MTU
   * @return the port as it should be
   */
  static Device attachedPort(Device port, String group, int vid, int mtu) {
    return port.toBuilder()
        .master(DeviceNames.bridge(group))
        .vlans(List.of(VlanRange.access(vid)))
        .up(true)
        .mtu(mtu)
        .build();
  }

  /**
   * A trunk: a port of its group's bridge with each tagged network's VID tagged and its native
   * network's VID (if it has one) as PVID and untagged, with its group's MTU, and up. Nothing else:
   * untagged frames of a trunk without native network reach no network.
   *
   * @param port the port device as observed
   * @param topology the topology, whose rules put all of the trunk's networks on one group
   * @param trunk the trunk
   * @return the port as it should be
   */
  static Device trunkPort(Device port, Topology topology, VmPort trunk) {
    List<Integer> tagged = new ArrayList<>();
    Optional<Integer> nativeVid = Optional.empty();
    String group = null;
    for (String name : trunk.networks()) {
      Network n = topology.network(name).get();
      group = n.adapterGroup();
      if (trunk.nativeNetwork().equals(Optional.of(name))) {
        nativeVid = Optional.of(vid(n));
      } else {
        tagged.add(vid(n));
      }
    }
    return trunkPort(port, group, tagged, nativeVid, topology.adapterGroup(group).get().mtu());
  }

  /**
   * A trunk by its VIDs, as {@link #trunkPort(Device, Topology, VmPort)} describes it.
   *
   * @param port the port device as observed
   * @param group the adapter group of all of its networks
   * @param tagged the bridge VIDs of its tagged networks
   * @param nativeVid the bridge VID of its native network ({@link #UNTAGGED_VID} for the untagged
   *     network), if it has one
   * @param mtu the group's MTU
   * @return the port as it should be
   */
  static Device trunkPort(
      Device port, String group, List<Integer> tagged, Optional<Integer> nativeVid, int mtu) {
    List<VlanRange> vlans = new ArrayList<>();
    tagged.forEach(v -> vlans.add(VlanRange.tagged(v, v)));
    nativeVid.ifPresent(v -> vlans.add(VlanRange.access(v)));
    return port.toBuilder()
        .master(DeviceNames.bridge(group))
        .vlans(vlans)
        .mtu(mtu)
        .up(true)
        .build();
  }

  /**
   * The bond settings of a group: its mode, failover policy and LACP settings as Linux names them.
   * Link monitoring is either the carrier ({@code miimon}) or ARP ({@code arp_interval}, {@code
   * miimon 0}), never both (the kernel turns one off when the other is set). An active-backup
   * group's first adapter is the primary; an LACP bond has none (the kernel refuses one in mode
   * 802.3ad) and keeps the kernel's default transmit hash when active-backup (unused there).
   *
   * @param g the group
   * @return its bond's settings, without active adapter
   */
  static BondSettings bondSettings(AdapterGroup g) {
    FailoverPolicy f = g.failover();
    boolean arp = f.arpMonitoring();
    return new BondSettings(
        g.lacp().isPresent() ? BondSettings.LACP : BondSettings.ACTIVE_BACKUP,
        arp ? 0 : f.linkCheckMillis(),
        g.lacp().isPresent() ? Optional.empty() : Optional.of(g.active()),
        Optional.empty(),
        arp ? 0 : f.upDelayMillis(),
        arp ? 0 : f.downDelayMillis(),
        f.failback() ? BondSettings.RESELECT_ALWAYS : BondSettings.RESELECT_FAILURE,
        arp ? f.linkCheckMillis() : 0,
        f.arpTargets(),
        g.lacp().map(l -> l.transmitHash().linuxName()).orElse(BondSettings.HASH_LAYER2),
        g.lacp()
            .map(l -> l.rate() == Lacp.Rate.FAST ? "fast" : BondSettings.LACP_SLOW)
            .orElse(BondSettings.LACP_SLOW));
  }

  /**
   * A VM port (or any device of someone else's) released from one of our bridges: no master, no
   * VLANs; the rest as it is.
   *
   * @param port the port device as observed
   * @return the port as it should be
   */
  static Device releasedPort(Device port) {
    return port.toBuilder().master((String) null).vlans(List.of()).build();
  }

  /**
   * A VM port released from one of our bridges, with its up/down state and MTU from before it was
   * taken, if they were recorded ({@link PortOrigins}); else as {@link #releasedPort(Device)}.
   *
   * @param port the port device as observed
   * @param origin its state before gallium-net took it, if recorded
   * @return the port as it should be
   */
  static Device releasedPort(Device port, Optional<Catalog.AdapterOrigin> origin) {
    Device released = releasedPort(port);
    return origin.map(o -> released.toBuilder().up(o.up()).mtu(o.mtu()).build()).orElse(released);
  }

  static int vid(Network n) {
    return n.vlanId().map(v -> v.value()).orElse(UNTAGGED_VID);
  }

  private static boolean isOurs(Device d) {
    return groupOf(d).isPresent();
  }

  /** The group of one of our bonds or bridges. */
  static Optional<String> groupOf(Device d) {
    if (d.isBond()) {
      return DeviceNames.groupOfBond(d);
    }
    if (d.isBridge()) {
      return DeviceNames.groupOfBridge(d);
    }
    return Optional.empty();
  }
}
