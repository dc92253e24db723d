package io.gallium.net.core.internal;

import io.gallium.net.CidrAddress;
import io.gallium.net.FailoverPolicy;
import io.gallium.net.Lacp;
import io.gallium.net.Topology;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads back the {@link Topology} a host carries, from the devices as {@link Layout} maps them and
 * the network names in the {@link Catalog}.
 */
public final class TopologyReader {

  private static final System.Logger LOG = System.getLogger(Transaction.LOGGER_NAME);

  private TopologyReader() {}

  /**
   * The group's MTU, failover policy and LACP settings as its bond has them. A setting someone else
   * made that no topology can say (say, {@code miimon 0}) is drift, which the next apply sets back:
   * it is left at the default here, so the topology still reads.
   */
  private static void readSettings(
      Topology.Builder b, String g, List<String> adapters, int mtu, BondSettings bs) {
    boolean arp = bs.arpIntervalMillis() > 0 && !bs.arpTargets().isEmpty();
    FailoverPolicy policy =
        new FailoverPolicy(
            !BondSettings.RESELECT_FAILURE.equals(bs.primaryReselect()),
            arp ? bs.arpIntervalMillis() : bs.miimonMillis(),
            arp ? 0 : bs.updelayMillis(),
            arp ? 0 : bs.downdelayMillis(),
            arp ? bs.arpTargets() : List.of());
    Optional<Lacp> lacp = Optional.empty();
    if (bs.isLacp()) {
      Lacp.TransmitHash hash =
          Arrays.stream(Lacp.TransmitHash.values())
              .filter(h -> h.linuxName().equals(bs.xmitHashPolicy()))
              .findFirst()
              .orElse(Lacp.TransmitHash.LAYER2);
      lacp =
          Optional.of(
              new Lacp(hash, "fast".equals(bs.lacpRate()) ? Lacp.Rate.FAST : Lacp.Rate.SLOW));
    }
    String[] names = adapters.toArray(String[]::new);
    if (valid(Topology.builder().adapterGroup(g, names).mtu(g, mtu))) {
      b.mtu(g, mtu);
    }
    Topology.Builder withPolicy = Topology.builder().adapterGroup(g, names).failover(g, policy);
    lacp.ifPresent(l -> withPolicy.lacp(g, l.transmitHash(), l.rate()));
    if (valid(withPolicy)) {
      b.failover(g, policy);
    }
    lacp.ifPresent(l -> b.lacp(g, l.transmitHash(), l.rate()));
  }

  private static boolean valid(Topology.Builder b) {
    return b.validate().isValid();
  }

  /**
   * The topology a host carries, read from our devices' owner tags and the catalog, as {@link
   * #read(HostState, Catalog, Function)} reads it for a host without records of what is ours on its
   * host interfaces: every address, and the default route through one, is the topology's.
   *
   * @throws IllegalStateException if what the host carries is not a valid topology
   */
  public static Topology read(HostState s, Catalog catalog) {
    return read(s, catalog, device -> Optional.empty());
  }

  /**
   * The topology a host carries, read from our devices' owner tags and the catalog. A group whose
   * bond has no adapter, and a VM port whose VID no network of its group carries, are left out
   * (only a half-done apply leaves such things).
   *
   * <p>A host interface with a record ({@link HostAddresses}) has the recorded addresses the device
   * carries, and gives the topology a default gateway only through a route the record names: a DHCP
   * client's or an operator's address or default route there is not the topology's, and reading it
   * as such would make {@code apply(observe())} record it as gallium-net's, so that a later removal
   * took it away. Without a record (a host interface set up by a version that kept none) every
   * address on it is read, and a default route through one of its subnets is the gateway. {@code
   * records} is asked once per host interface that carries addresses or routes.
   *
   * @param s the host
   * @param catalog the network names
   * @param records the record of a host interface, by device name
   * @return the topology
   * @throws IllegalStateException if what the host carries is not a valid topology
   * @throws io.gallium.net.core.StoreDamagedException if a host interface's record is damaged
   */
  public static Topology read(
      HostState s, Catalog catalog, Function<String, Optional<HostAddresses.Record>> records) {
    Topology.Builder b = Topology.builder();
    // The first default gateway of each family found on a host interface, by family.
    Map<Boolean, String> gateways = new java.util.TreeMap<>();
    Map<String, List<Device>> hostVlansByParent = new HashMap<>();
    for (Device d : s.devices().values()) {
      if (DeviceNames.isHostVlan(d)) {
        hostVlansByParent
            .computeIfAbsent(d.vlanLink().get().parent(), p -> new ArrayList<>())
            .add(d);
      }
    }
    for (Device bridge : s.devices().values()) {
      Optional<String> group = DeviceNames.groupOfBridge(bridge);
      if (group.isEmpty()) {
        continue;
      }
      String g = group.get();
      Optional<Device> bond =
          s.portsOf(bridge.name()).stream()
              .filter(p -> p.isBond() && DeviceNames.groupOfBond(p).filter(g::equals).isPresent())
              .findFirst();
      if (bond.isEmpty()) {
        continue;
      }
      List<String> adapters = new ArrayList<>();
      Optional<String> primary = bond.get().bond().flatMap(BondSettings::primary);
      primary.ifPresent(adapters::add);
      s.portsOf(bond.get().name()).stream()
          .map(Device::name)
          .filter(n -> !adapters.contains(n))
          .forEach(adapters::add);
      if (adapters.isEmpty()) {
        continue;
      }
      b.adapterGroup(g, adapters.toArray(String[]::new));
      readSettings(b, g, adapters, bond.get().mtu(), bond.get().bond().get());
      Map<Integer, String> byVid = new HashMap<>();
      for (var e : VlanFlags.of(bond.get().vlans()).entrySet()) {
        int vid = e.getKey();
        if (vid == Layout.UNTAGGED_VID) {
          String name = catalog.networkName(g, vid).orElse(g + ".untagged");
          b.untaggedNetwork(name, g);
          byVid.put(vid, name);
        } else {
          String name = catalog.networkName(g, vid).orElse(g + ".vlan" + vid);
          b.vlanNetwork(name, g, vid);
          byVid.put(vid, name);
        }
      }
      for (Device p : s.portsOf(bridge.name())) {
        if (p.name().equals(bond.get().name())) {
          continue;
        }
        readPort(p, byVid, b);
      }
      // The host's interfaces: the bridge itself on the untagged network when its own port
      // carries VLAN 1 as PVID, and our VLAN devices on it whose VID a network carries.
      var self = VlanFlags.of(bridge.vlans());
      Integer untagged = self.get(Layout.UNTAGGED_VID);
      if (untagged != null
          && VlanFlags.isPvid(untagged)
          && byVid.containsKey(Layout.UNTAGGED_VID)) {
        hostInterface(b, byVid.get(Layout.UNTAGGED_VID), bridge, records, gateways);
      }
      for (Device v : hostVlansByParent.getOrDefault(bridge.name(), List.of())) {
        int vid = v.vlanLink().get().vlanId();
        if (byVid.containsKey(vid) && vid != Layout.UNTAGGED_VID) {
          hostInterface(b, byVid.get(vid), v, records, gateways);
        }
      }
    }
    gateways.values().forEach(b::defaultGateway);
    var result = b.validate();
    if (result.isInvalid()) {
      throw new IllegalStateException(
          "the host carries no valid topology: " + result.getError().mkString("; "));
    }
    return result.get();
  }

  /**
   * Reads a port of a group's bridge: one VID as PVID is an access port (as before trunks); any
   * other set of tagged VIDs, with at most one PVID-and-untagged VID, is a trunk (so a port with
   * several VLANs, or with one tagged VLAN, is read as a trunk). A port with a VID no network of
   * its group carries, or with flags {@link Layout} never gives (a PVID that leaves tagged, an
   * untagged VID that is not the PVID), or with no VLAN, is left out: it is not on any network the
   * topology could name.
   */
  private static void readPort(Device p, Map<Integer, String> byVid, Topology.Builder b) {
    var vids = VlanFlags.of(p.vlans());
    if (vids.size() == 1 && VlanFlags.isPvid(vids.firstEntry().getValue())) {
      // One VID as PVID is an access port, as it was read before trunks, whatever its egress flag.
      Optional.ofNullable(byVid.get(vids.firstKey())).ifPresent(net -> b.vmPort(p.name(), net));
      return;
    }
    String nativeNetwork = null;
    List<String> tagged = new ArrayList<>();
    for (var e : vids.entrySet()) {
      String net = byVid.get(e.getKey());
      int flags = e.getValue();
      if (net == null) {
        return;
      }
      if (flags == (VlanFlags.PVID | VlanFlags.UNTAGGED)) {
        nativeNetwork = net;
      } else if (flags == VlanFlags.NONE) {
        tagged.add(net);
      } else {
        return;
      }
    }
    if (nativeNetwork != null) {
      b.trunkPort(p.name(), nativeNetwork, tagged.toArray(String[]::new));
    } else if (!tagged.isEmpty()) {
      b.taggedTrunkPort(
          p.name(), tagged.get(0), tagged.subList(1, tagged.size()).toArray(String[]::new));
    }
  }

  /**
   * Adds host interface {@code d} on {@code network} with its addresses and notes its default
   * gateways: with a record, only what the record names (the rest is named in a DEBUG line); else
   * all of them.
   */
  private static void hostInterface(
      Topology.Builder b,
      String network,
      Device d,
      Function<String, Optional<HostAddresses.Record>> records,
      Map<Boolean, String> gateways) {
    // A device without addresses or routes has nothing to tell apart: no record read for it.
    Optional<HostAddresses.Record> record =
        d.addresses().isEmpty() && d.routes().isEmpty()
            ? Optional.empty()
            : records.apply(d.name());
    List<String> addresses = d.addresses();
    List<Route> routes = d.routes();
    if (record.isPresent()) {
      Set<String> ours =
          record.get().addresses().keySet().stream()
              .map(Layout::canonical)
              .collect(Collectors.toSet());
      Map<Route, HostAddresses.RouteOrigin> ourRoutes = record.get().routes();
      addresses = d.addresses().stream().filter(a -> ours.contains(Layout.canonical(a))).toList();
      routes =
          d.routes().stream()
              .filter(r -> Optional.ofNullable(ourRoutes.get(r)).filter(o -> o.named()).isPresent())
              .toList();
      logForeign(d, addresses, routes);
    }
    b.hostInterface(network, cidrs(addresses));
    gateways(routes, addresses, gateways);
  }

  private static void logForeign(Device d, List<String> addresses, List<Route> routes) {
    if (!LOG.isLoggable(Level.DEBUG)) {
      return;
    }
    List<String> foreign = new ArrayList<>();
    d.addresses().stream().filter(a -> !addresses.contains(a)).forEach(foreign::add);
    d.routes().stream()
        .filter(r -> r.isDefault() && !routes.contains(r))
        .forEach(r -> foreign.add(r.toString()));
    if (!foreign.isEmpty()) {
      LOG.log(
          Level.DEBUG,
          d.name()
              + ": "
              + String.join(", ", foreign)
              + " not read as the topology's: gallium-net did not put them there (a DHCP client"
              + " or an operator did)");
    }
  }

  /**
   * Notes the default routes through a host interface whose gateway lies in one of its subnets (the
   * topology's rule for a gateway; another one is someone else's and not part of it).
   */
  private static void gateways(
      List<Route> routes, List<String> addresses, Map<Boolean, String> into) {
    for (Route r : routes) {
      if (!r.isDefault()
          || r.gateway().isEmpty()
          || r.metric() != Route.defaultVia(r.gateway().get()).metric()
          || into.containsKey(r.isIpv6())) {
        continue;
      }
      CidrAddress gateway = CidrAddress.parse(r.gateway().get() + (r.isIpv6() ? "/128" : "/32"));
      if (addresses.stream().anyMatch(a -> CidrAddress.parse(a).contains(gateway.address()))) {
        into.put(r.isIpv6(), gateway.addressText());
      }
    }
  }

  /** Addresses as the builder takes them, in canonical CIDR form. */
  private static String[] cidrs(List<String> addresses) {
    return addresses.stream().map(a -> CidrAddress.parse(a).toString()).toArray(String[]::new);
  }
}
