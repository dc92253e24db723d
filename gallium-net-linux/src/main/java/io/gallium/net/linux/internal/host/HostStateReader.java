package io.gallium.net.linux.internal.host;

import io.gallium.net.core.spi.BondPort;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.VlanLink;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.Kernel;
import io.gallium.net.linux.internal.claims.HostClaims;
import io.gallium.net.linux.internal.route.AddressMessage;
import io.gallium.net.linux.internal.route.BondInfo;
import io.gallium.net.linux.internal.route.BondSlaveInfo;
import io.gallium.net.linux.internal.route.BridgePortVlans;
import io.gallium.net.linux.internal.route.LinkMessage;
import io.gallium.net.linux.internal.route.RouteMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the provider-neutral {@link HostState} from the three dumps: links, bridge port VLANs,
 * addresses. Indexes become names here; nothing else interprets the kernel's numbers. Addresses of
 * link or host scope are left out: the kernel gives every up device an IPv6 link-local address, and
 * the layout must not take that for a management address.
 */
public final class HostStateReader {
  private HostStateReader() {}

  /** The whole host, from the three dumps, without routes or claims. */
  public static HostState read(
      List<LinkMessage> links, List<BridgePortVlans> ports, List<AddressMessage> addresses) {
    return read(links, ports, addresses, List.of(), HostClaims.NONE.begin());
  }

  /** The whole host, from the four dumps, each device with the claim {@code claims} finds. */
  public static HostState read(
      List<LinkMessage> links,
      List<BridgePortVlans> ports,
      List<AddressMessage> addresses,
      List<RouteMessage> routes,
      HostClaims.Lookup claims) {
    Map<Integer, String> names = new HashMap<>();
    for (LinkMessage link : links) {
      names.put(link.index(), link.name());
    }
    return read(links, names, ports, addresses, routes, claims);
  }

  /**
   * Some devices, without routes or claims (see the six-argument one): {@code links}, with the
   * names of the indexes they refer to (masters, a bond's primary and active slave) in {@code
   * names}; VLANs and addresses of other devices are ignored.
   */
  public static HostState read(
      List<LinkMessage> links,
      Map<Integer, String> names,
      List<BridgePortVlans> ports,
      List<AddressMessage> addresses) {
    return read(links, names, ports, addresses, List.of(), HostClaims.NONE.begin());
  }

  /**
   * Some devices: {@code links}, with the names of the indexes they refer to (masters, a bond's
   * primary and active slave) in {@code names}; VLANs, addresses and routes of other devices are
   * ignored; each device with the claim another program of the host has on it, from {@code claims}.
   */
  public static HostState read(
      List<LinkMessage> links,
      Map<Integer, String> names,
      List<BridgePortVlans> ports,
      List<AddressMessage> addresses,
      List<RouteMessage> routes,
      HostClaims.Lookup claims) {
    Map<Integer, List<Route>> routesByIndex = new HashMap<>();
    for (RouteMessage route : routes) {
      if (route.isAddedToMainTable()) {
        routesByIndex
            .computeIfAbsent(route.outputIndex(), i -> new ArrayList<>())
            .add(route(route));
      }
    }
    Map<Integer, List<VlanRange>> vlans = new HashMap<>();
    for (BridgePortVlans port : ports) {
      vlans.computeIfAbsent(port.index(), i -> new ArrayList<>()).addAll(port.vlans());
    }
    Map<Integer, List<String>> addressesByIndex = new HashMap<>();
    for (AddressMessage address : addresses) {
      if (address.isLinkOrHostScope()) {
        // Every up IPv6 device has a link-local address: not a sign the host is managed through it.
        continue;
      }
      addressesByIndex
          .computeIfAbsent(address.index(), i -> new ArrayList<>())
          .add(address.address().getHostAddress() + "/" + address.prefixLength());
    }
    List<Device> devices = new ArrayList<>(links.size());
    for (LinkMessage link : links) {
      Device.Builder d =
          device(
                  link,
                  names,
                  vlans.getOrDefault(link.index(), List.of()),
                  addressesByIndex.getOrDefault(link.index(), List.of()))
              .toBuilder()
              .routes(routesByIndex.getOrDefault(link.index(), List.of()));
      Optional<Claim> claim = claims.claimOf(link.index(), link.name());
      devices.add(claim.isEmpty() ? d.build() : d.claim(claim).build());
    }
    return HostState.of(devices);
  }

  /** One device; names of master, primary and active slave resolved through {@code names}. */
  public static Device device(
      LinkMessage link, Map<Integer, String> names, List<VlanRange> vlans, List<String> addresses) {
    DeviceKind kind = kindOf(link);
    Device.Builder builder =
        Device.builder(link.name(), kind)
            .altNames(link.altNames())
            .alias(link.alias())
            .master(
                link.master() == 0
                    ? null
                    : names.getOrDefault(link.master(), "ifindex " + link.master()))
            .up(link.isUp())
            .mtu(link.mtu())
            .mac(link.mac())
            .carrier(link.carrier() >= 0 ? link.carrier() == 1 : link.isLowerUp())
            .vlans(vlans)
            .addresses(addresses)
            .maxMtu(link.maxMtu())
            .permanentMac(link.permanentMac());
    BondSlaveInfo slave = link.bondSlave();
    if (slave != null) {
      builder.bondPort(
          new BondPort(
              slave.state() == Kernel.BOND_STATE_ACTIVE,
              slave.miiStatus() == Kernel.BOND_LINK_UP,
              slave.linkFailureCount(),
              slave.aggregatorId(),
              slave.actorState()));
    }
    if (kind == DeviceKind.BOND) {
      BondInfo bond = link.bond();
      builder.bond(
          new BondSettings(
              Kernel.bondModeName(bond.mode()),
              Math.max(0, bond.miimon()),
              name(names, bond.primaryIndex()),
              name(names, bond.activeSlaveIndex()),
              bond.updelay(),
              bond.downdelay(),
              Kernel.primaryReselectName(bond.primaryReselect()),
              bond.arpInterval(),
              bond.arpTargets(),
              Kernel.xmitHashName(bond.xmitHashPolicy()),
              Kernel.lacpRateName(bond.lacpRate())));
    } else if (kind == DeviceKind.BRIDGE) {
      builder.bridge(
          new BridgeSettings(
              link.bridge().vlanFiltering(), Math.max(0, link.bridge().defaultPvid())));
    } else if (kind == DeviceKind.VLAN) {
      builder.vlanLink(
          new VlanLink(
              names.getOrDefault(link.vlan().parentIndex(), "ifindex " + link.vlan().parentIndex()),
              link.vlan().vlanId()));
    }
    return builder.build();
  }

  /**
   * A route as a device carries it; the default route's destination as {@code 0.0.0.0/0}/{@code
   * ::/0}.
   */
  private static Route route(RouteMessage m) {
    boolean v6 = m.header().family() == Kernel.AF_INET6;
    String destination =
        m.destination() == null || m.header().dstLength() == 0
            ? (v6 ? "::/0" : "0.0.0.0/0")
            : m.destination().getHostAddress() + "/" + m.header().dstLength();
    return new Route(
        destination,
        Optional.ofNullable(m.gateway()).map(java.net.InetAddress::getHostAddress),
        m.metric());
  }

  private static Optional<String> name(Map<Integer, String> names, int index) {
    return index == 0 ? Optional.empty() : Optional.ofNullable(names.get(index));
  }

  /**
   * What the device is, by its link kind, never by the role a topology gives it (the rule on {@link
   * DeviceKind}): bonds and bridges by their kind; taps (kind "tun") and veth ends are virtual port
   * devices, so ports, even when a sandbox uses a veth end as an adapter; everything else, physical
   * NICs above all (no kind), is an adapter.
   */
  /**
   * A VLAN device is one when the kernel told its parent and VLAN ID (it always does); one that
   * lacks them is treated as any other device of someone else's.
   */
  private static boolean vlanLinkKnown(LinkMessage link) {
    return link.vlan() != null
        && link.vlan().parentIndex() > 0
        && link.vlan().vlanId() >= 1
        && link.vlan().vlanId() <= 4094;
  }

  static DeviceKind kindOf(LinkMessage link) {
    if (link.kind() == null) {
      return DeviceKind.ADAPTER;
    }
    return switch (link.kind()) {
      case BOND -> DeviceKind.BOND;
      case BRIDGE -> DeviceKind.BRIDGE;
      case TUN, VETH -> DeviceKind.PORT;
      case VLAN -> vlanLinkKnown(link) ? DeviceKind.VLAN : DeviceKind.ADAPTER;
      case OTHER -> DeviceKind.ADAPTER;
    };
  }
}
