package io.gallium.net.linux.internal.host;

import io.gallium.net.core.spi.BondPort;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.Kernel;
import io.gallium.net.linux.internal.claims.HostClaims;
import io.gallium.net.linux.internal.route.AddressMessage;
import io.gallium.net.linux.internal.route.BondInfo;
import io.gallium.net.linux.internal.route.BondSlaveInfo;
import io.gallium.net.linux.internal.route.BridgePortVlans;
import io.gallium.net.linux.internal.route.LinkMessage;
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

  /** The whole host, from the three dumps. */
  public static HostState read(
      List<LinkMessage> links, List<BridgePortVlans> ports, List<AddressMessage> addresses) {
    return read(links, ports, addresses, HostClaims.NONE.begin());
  }

  /** The whole host, from the three dumps, each device with the claim {@code claims} finds. */
  public static HostState read(
      List<LinkMessage> links,
      List<BridgePortVlans> ports,
      List<AddressMessage> addresses,
      HostClaims.Lookup claims) {
    Map<Integer, String> names = new HashMap<>();
    for (LinkMessage link : links) {
      names.put(link.index(), link.name());
    }
    return read(links, names, ports, addresses, claims);
  }

  /**
   * Some devices: {@code links}, with the names of the indexes they refer to (masters, a bond's
   * primary and active slave) in {@code names}; VLANs and addresses of other devices are ignored.
   */
  public static HostState read(
      List<LinkMessage> links,
      Map<Integer, String> names,
      List<BridgePortVlans> ports,
      List<AddressMessage> addresses) {
    return read(links, names, ports, addresses, HostClaims.NONE.begin());
  }

  /**
   * Some devices, as {@link #read(List, Map, List, List)} reads them, each with the claim another
   * program of the host has on it, from {@code claims}.
   */
  public static HostState read(
      List<LinkMessage> links,
      Map<Integer, String> names,
      List<BridgePortVlans> ports,
      List<AddressMessage> addresses,
      HostClaims.Lookup claims) {
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
      Device d =
          device(
              link,
              names,
              vlans.getOrDefault(link.index(), List.of()),
              addressesByIndex.getOrDefault(link.index(), List.of()));
      Optional<Claim> claim = claims.claimOf(link.index(), link.name());
      devices.add(claim.isEmpty() ? d : d.toBuilder().claim(claim).build());
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
            .maxMtu(link.maxMtu());
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
    }
    return builder.build();
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
  static DeviceKind kindOf(LinkMessage link) {
    if (link.kind() == null) {
      return DeviceKind.ADAPTER;
    }
    return switch (link.kind()) {
      case BOND -> DeviceKind.BOND;
      case BRIDGE -> DeviceKind.BRIDGE;
      case TUN, VETH -> DeviceKind.PORT;
      case OTHER -> DeviceKind.ADAPTER;
    };
  }
}
