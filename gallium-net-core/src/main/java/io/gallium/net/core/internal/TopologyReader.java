package io.gallium.net.core.internal;

import io.gallium.net.CidrAddress;
import io.gallium.net.FailoverPolicy;
import io.gallium.net.Lacp;
import io.gallium.net.Topology;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back the {@link Topology} a host carries, from the devices as {@link Layout} maps them and
 * the network names in the {@link Catalog}.
 */
public final class TopologyReader {

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
   * The topology a host carries, read from our devices' owner tags and the catalog. A group whose
   * bond has no adapter, and a VM port whose VID no network of its group carries, are left out
   * (only a half-done apply leaves such things).
   *
   * @throws IllegalStateException if what the host carries is not a valid topology
   */
  public static Topology read(HostState s, Catalog catalog) {
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
        b.hostInterface(byVid.get(Layout.UNTAGGED_VID), cidrs(bridge));
        gateways(bridge, gateways);
      }
      for (Device v : hostVlansByParent.getOrDefault(bridge.name(), List.of())) {
        int vid = v.vlanLink().get().vlanId();
        if (byVid.containsKey(vid) && vid != Layout.UNTAGGED_VID) {
          b.hostInterface(byVid.get(vid), cidrs(v));
          gateways(v, gateways);
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
   * Notes the default routes through a host interface whose gateway lies in one of its subnets (the
   * topology's rule for a gateway; another one is someone else's and not part of it).
   */
  private static void gateways(Device d, Map<Boolean, String> into) {
    for (Route r : d.routes()) {
      if (!r.isDefault()
          || r.gateway().isEmpty()
          || r.metric() != Route.defaultVia(r.gateway().get()).metric()
          || into.containsKey(r.isIpv6())) {
        continue;
      }
      CidrAddress gateway = CidrAddress.parse(r.gateway().get() + (r.isIpv6() ? "/128" : "/32"));
      if (d.addresses().stream().anyMatch(a -> CidrAddress.parse(a).contains(gateway.address()))) {
        into.put(r.isIpv6(), gateway.addressText());
      }
    }
  }

  /** A device's addresses as the builder takes them, in canonical CIDR form. */
  private static String[] cidrs(Device d) {
    return d.addresses().stream().map(a -> CidrAddress.parse(a).toString()).toArray(String[]::new);
  }
}
