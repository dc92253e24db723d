package io.gallium.net.linux.internal.host;

import static io.gallium.net.linux.internal.Kernel.IFNAMSIZ;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.linux.NetlinkException;
import io.gallium.net.linux.internal.claims.HostClaims;
import io.gallium.net.linux.internal.route.AddressMessage;
import io.gallium.net.linux.internal.route.BridgePortVlans;
import io.gallium.net.linux.internal.route.LinkKind;
import io.gallium.net.linux.internal.route.LinkMessage;
import io.gallium.net.linux.internal.route.RouteHandle;
import io.gallium.net.linux.internal.route.RouteMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Observes some devices by name, at a cost that follows the names and not the host, so that a VM
 * port's attach on a host with thousands of devices reads what it reads on a host with ten. The
 * devices come out as the whole-host {@link HostStateReader#read(List, List, List)} describes them:
 *
 * <ol>
 *   <li>one RTM_GETLINK per name, pipelined (names the kernel lacks: ENODEV, left out);
 *   <li>one RTM_GETLINK per index they refer to that is not among them (master, a bond's primary
 *       and active slave), pipelined;
 *   <li>per bridge or bridge port among them, one RTM_GETVLAN dump of that device alone;
 *   <li>per device, one RTM_GETADDR dump filtered by its index.
 * </ol>
 */
public final class NamedDeviceReader {
  private final RouteHandle handle;
  private final HostClaims claims;

  /**
   * Set once the kernel refused RTM_GETVLAN with EOPNOTSUPP: it has no bridge VLAN database (older
   * than 5.8, or built without bridge VLAN filtering) and will not get one while it runs.
   */
  private volatile boolean noVlanDatabase;

  /** A reader over {@code handle}'s socket. */
  public NamedDeviceReader(RouteHandle handle) {
    this(handle, HostClaims.NONE);
  }

  /** A reader over {@code handle}'s socket that reports the claims {@code claims} finds. */
  public NamedDeviceReader(RouteHandle handle, HostClaims claims) {
    this.handle = handle;
    this.claims = claims;
  }

  /**
   * The named devices the host has, exactly as a whole observation gives them.
   *
   * @throws NetlinkException when the kernel refuses a request for another reason than a missing
   *     device
   */
  public HostState read(Set<String> names) {
    Set<String> kernelNames = new HashSet<>();
    for (String name : names) {
      int bytes = name.getBytes(StandardCharsets.UTF_8).length;
      // A longer name can only be an alternative name, which names no device here.
      if (bytes > 0 && bytes < IFNAMSIZ) {
        kernelNames.add(name);
      }
    }
    if (kernelNames.isEmpty()) {
      return HostState.empty();
    }
    Map<String, LinkMessage> named = handle.links(kernelNames);
    Map<Integer, LinkMessage> byIndex = new HashMap<>();
    for (LinkMessage link : named.values()) {
      byIndex.put(link.index(), link);
    }
    Set<Integer> referenced = new TreeSet<>();
    for (LinkMessage link : named.values()) {
      referenced.add(link.master());
      if (link.vlan() != null) {
        referenced.add(link.vlan().parentIndex());
      }
      if (link.bond() != null) {
        referenced.add(link.bond().primaryIndex());
        referenced.add(link.bond().activeSlaveIndex());
      }
    }
    referenced.remove(0);
    referenced.removeAll(byIndex.keySet());
    if (!referenced.isEmpty()) {
      byIndex.putAll(handle.linksByIndex(referenced));
    }
    Map<Integer, String> indexNames = new HashMap<>();
    byIndex.forEach((index, link) -> indexNames.put(index, link.name()));

    List<LinkMessage> bridged = new ArrayList<>();
    for (LinkMessage link : named.values()) {
      LinkMessage master = byIndex.get(link.master());
      if (link.kind() == LinkKind.BRIDGE
          || link.slaveKind() == LinkKind.BRIDGE
          || (master != null && master.kind() == LinkKind.BRIDGE)) {
        bridged.add(link);
      }
    }
    Set<Integer> gone = new HashSet<>();
    List<BridgePortVlans> vlans = vlans(bridged, gone);
    List<AddressMessage> addresses = new ArrayList<>();
    for (LinkMessage link : named.values()) {
      try {
        addresses.addAll(handle.addresses(link.index()));
      } catch (NetlinkException e) {
        requireGone(e);
        gone.add(link.index());
      }
    }
    List<LinkMessage> found = new ArrayList<>(named.size());
    for (LinkMessage link : named.values()) {
      // A device deleted while it was being read is not there any more: left out, as if missing.
      if (!gone.contains(link.index())) {
        found.add(link);
      }
    }
    // Routes through a gateway need an address on the device: only the named devices that carry
    // one get a route dump, of their own routes (an attach of a VM port, whose tap has none, stays
    // as cheap as before, and no observation grows with the host's other routes).
    Set<Integer> addressed = new java.util.TreeSet<>();
    for (AddressMessage a : addresses) {
      if (!a.isLinkOrHostScope() && !gone.contains(a.index())) {
        addressed.add(a.index());
      }
    }
    List<RouteMessage> routes = new ArrayList<>();
    for (int index : addressed) {
      try {
        routes.addAll(handle.routes(index));
      } catch (NetlinkException e) {
        requireGone(e);
      }
    }
    return HostStateReader.read(found, indexNames, vlans, addresses, routes, claims.begin());
  }

  /** The VLANs of bridges and bridge ports, from the VLAN database or, without one, a link dump. */
  private List<BridgePortVlans> vlans(List<LinkMessage> bridged, Set<Integer> gone) {
    if (bridged.isEmpty()) {
      return List.of();
    }
    if (!noVlanDatabase) {
      try {
        List<BridgePortVlans> vlans = new ArrayList<>(bridged.size());
        for (LinkMessage link : bridged) {
          try {
            vlans.add(
                new BridgePortVlans(
                    link.index(), link.name(), handle.portVlans(link.name(), link.index())));
          } catch (NetlinkException e) {
            requireGone(e);
            gone.add(link.index());
          }
        }
        return vlans;
      } catch (NetlinkException e) {
        if (Errno.EOPNOTSUPP.is(e.errno())) {
          noVlanDatabase = true;
        } else if (!Errno.EINVAL.is(e.errno())) {
          throw e;
        }
      }
    }
    // No VLAN database (EOPNOTSUPP: kernel older than 5.8 or without bridge VLAN filtering; EINVAL:
    // a kernel that refuses the device): the AF_BRIDGE link dump, the one request that grows with
    // the host, narrowed here to the devices asked for. The kernel refuses an ifindex in it.
    Set<Integer> wanted = new HashSet<>();
    bridged.forEach(link -> wanted.add(link.index()));
    List<BridgePortVlans> vlans = new ArrayList<>();
    for (BridgePortVlans port : handle.bridgeVlans()) {
      if (wanted.contains(port.index())) {
        vlans.add(port);
      }
    }
    return vlans;
  }

  private static void requireGone(NetlinkException e) {
    if (!Errno.ENODEV.is(e.errno())) {
      throw e;
    }
  }
}
