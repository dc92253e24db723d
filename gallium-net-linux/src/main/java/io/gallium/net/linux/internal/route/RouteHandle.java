package io.gallium.net.linux.internal.route;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.NetlinkException;
import io.gallium.net.linux.internal.ethtool.EthtoolDrvInfo;
import io.gallium.net.linux.internal.ethtool.EthtoolLinkSettings;
import io.gallium.net.linux.internal.ethtool.EthtoolQuery;
import io.gallium.net.linux.internal.netlink.BatchResult;
import io.gallium.net.linux.internal.netlink.NamespaceIdentity;
import io.gallium.net.linux.internal.netlink.NetlinkSocket;
import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.netlink.RequestPipeline;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rtnetlink handle bound to one network namespace (like vishvananda/netlink's Handle): dumps of
 * links, bridge port VLANs and addresses, and pipelined batches of requests. Methods are
 * synchronized: one request or dump at a time on the socket.
 */
public final class RouteHandle implements AutoCloseable {
  /**
   * Kernel receive buffer asked for by default (the kernel doubles it): room for 1024 acks in
   * flight, which keeps the kernel busy without pinning megabytes per handle.
   */
  public static final int RECEIVE_BUFFER_BYTES = 1024 * RequestPipeline.BYTES_PER_ACK / 2;

  /**
   * Lookups per pipelined batch: a reply (a link message, a few KB of buffer each) is larger than
   * an ack, so the window that fits acks would not fit replies.
   */
  private static final int LOOKUPS_PER_BATCH = 64;

  private final NetworkNamespace namespace;
  private final NetlinkSocket socket;
  private final RequestPipeline pipeline;

  /** Made on first use: most handles never ask ethtool anything. */
  private EthtoolQuery ethtool;

  private RouteHandle(NetworkNamespace namespace, NetlinkSocket socket, RequestPipeline pipeline) {
    this.namespace = namespace;
    this.socket = socket;
    this.pipeline = pipeline;
  }

  /** Opens a handle in a namespace; its socket is verified to be there. */
  public static RouteHandle open(NetworkNamespace namespace) {
    return open(namespace, RECEIVE_BUFFER_BYTES);
  }

  /** Opens a handle with a given kernel receive buffer; the window follows from what is granted. */
  public static RouteHandle open(NetworkNamespace namespace, int receiveBufferBytes) {
    NetlinkSocket socket = namespace.openSocket(receiveBufferBytes);
    return new RouteHandle(namespace, socket, new RequestPipeline(socket));
  }

  /** Opens a handle with an explicit window, ignoring the receive buffer (tests of the window). */
  public static RouteHandle openWithWindow(
      NetworkNamespace namespace, int receiveBufferBytes, int window) {
    NetlinkSocket socket = namespace.openSocket(receiveBufferBytes);
    return new RouteHandle(namespace, socket, new RequestPipeline(socket, window));
  }

  /** The namespace this handle is bound to. */
  public NetworkNamespace namespace() {
    return namespace;
  }

  /** The identity of the namespace the kernel has this handle's socket in. */
  public NamespaceIdentity namespaceIdentity() {
    return socket.namespaceIdentity();
  }

  /** The inode of the namespace the kernel has this handle's socket in. */
  public long namespaceInode() {
    return socket.namespaceInode();
  }

  /** How many requests may be in flight at once. */
  public int window() {
    return pipeline.window();
  }

  /** Every device, one RTM_GETLINK dump. */
  public synchronized List<LinkMessage> links() {
    return pipeline.dump(LinkDump.devices(), LinkMessageReader::read);
  }

  /**
   * Devices by name as adapters (parent bus device, link kind), one RTM_GETLINK each, pipelined as
   * {@link #links(Collection)} does; names the kernel does not know are left out, and so are
   * devices it found by an alternative name.
   */
  public synchronized List<AdapterLink> adapterLinks(Collection<String> names) {
    List<GetLink> requests = new ArrayList<>(names.size());
    for (String name : names) {
      requests.add(new GetLink(LinkRef.named(name)));
    }
    List<AdapterLink> found = lookUp(requests, AdapterLinkReader::read);
    found.removeIf(link -> !names.contains(link.name()));
    return found;
  }

  /** Every device's IFLA_STATS64, one RTM_GETLINK dump with statistics. */
  public synchronized List<LinkStats> stats() {
    return pipeline.dump(LinkDump.withStats(), LinkStatsReader::read);
  }

  /**
   * The IFLA_STATS64 of devices by name, one RTM_GETLINK with statistics each, pipelined in batches
   * as {@link #links(Collection)} sends its lookups; names the kernel does not know are left out,
   * and so are devices it found by an alternative name.
   */
  public synchronized List<LinkStats> stats(Collection<String> names) {
    List<GetLinkStats> requests = new ArrayList<>(names.size());
    for (String name : names) {
      requests.add(new GetLinkStats(LinkRef.named(name)));
    }
    List<LinkStats> found = lookUp(requests, LinkStatsReader::read);
    found.removeIf(stats -> !names.contains(stats.name()));
    return found;
  }

  /**
   * A device's driver and bus address (ETHTOOL_GDRVINFO through this handle's socket, so in its
   * namespace); empty when not reported.
   */
  public synchronized Optional<EthtoolDrvInfo> driverInfo(String name) {
    return ethtool().driverInfo(name);
  }

  /** A device's speed and duplex (ETHTOOL_GLINKSETTINGS or GSET); empty when not reported. */
  public synchronized Optional<EthtoolLinkSettings> linkSettings(String name) {
    return ethtool().linkSettings(name);
  }

  private EthtoolQuery ethtool() {
    if (ethtool == null) {
      ethtool = new EthtoolQuery(socket.fd());
    }
    return ethtool;
  }

  /** One device by name (or altname), empty when there is none. */
  public synchronized Optional<LinkMessage> link(String name) {
    List<LinkMessage> replies = new ArrayList<>(1);
    BatchResult result =
        pipeline.execute(
            List.of(new GetLink(LinkRef.named(name))),
            true,
            (index, buffer, offset, header) -> {
              LinkMessage link = LinkMessageReader.read(buffer, offset, header);
              if (link != null) {
                replies.add(link);
              }
            });
    Optional<NetlinkException> failure = result.firstFailure();
    if (failure.isPresent()) {
      if (Errno.ENODEV.is(failure.get().errno())) {
        return Optional.empty();
      }
      throw failure.get();
    }
    return replies.stream().findFirst();
  }

  /**
   * Devices by name, one RTM_GETLINK each (no dump), pipelined: the answer costs what the names
   * cost, not what the host has. Names the kernel does not know (ENODEV) are left out, and so are
   * devices it found by an alternative name: the map holds exactly the devices with those names.
   */
  public synchronized Map<String, LinkMessage> links(Collection<String> names) {
    List<GetLink> requests = new ArrayList<>(names.size());
    for (String name : names) {
      requests.add(new GetLink(LinkRef.named(name)));
    }
    Map<String, LinkMessage> found = new HashMap<>();
    for (LinkMessage link : lookUp(requests)) {
      if (names.contains(link.name())) {
        found.put(link.name(), link);
      }
    }
    return found;
  }

  /** Devices by interface index, one RTM_GETLINK each, pipelined; unknown indexes left out. */
  public synchronized Map<Integer, LinkMessage> linksByIndex(Collection<Integer> indexes) {
    List<GetLink> requests = new ArrayList<>(indexes.size());
    for (int index : indexes) {
      requests.add(new GetLink(LinkRef.indexed("ifindex " + index, index)));
    }
    Map<Integer, LinkMessage> found = new HashMap<>();
    for (LinkMessage link : lookUp(requests)) {
      if (indexes.contains(link.index())) {
        found.put(link.index(), link);
      }
    }
    return found;
  }

  /**
   * Sends the lookups in batches small enough that their replies (a link message each, larger than
   * an ack) fit the receive buffer; returns what came back, without the ENODEV ones.
   */
  private List<LinkMessage> lookUp(List<GetLink> requests) {
    return lookUp(requests, LinkMessageReader::read);
  }

  /** Reads one reply of a lookup; null for a message that is not one. */
  @FunctionalInterface
  private interface ReplyReader<T> {
    T read(ByteBuffer buffer, int offset, NlMsgHdr header);
  }

  /**
   * Sends lookups by name in batches small enough that their replies fit the receive buffer, as
   * {@link #lookUp(List)} does, reading each reply with {@code reader}.
   */
  private <T> List<T> lookUp(List<? extends Request> requests, ReplyReader<T> reader) {
    List<T> replies = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += LOOKUPS_PER_BATCH) {
      List<? extends Request> batch =
          requests.subList(from, Math.min(requests.size(), from + LOOKUPS_PER_BATCH));
      BatchResult result =
          pipeline.execute(
              batch,
              false,
              (index, buffer, offset, header) -> {
                T reply = reader.read(buffer, offset, header);
                if (reply != null) {
                  replies.add(reply);
                }
              });
      for (NetlinkException failure : result.failures().values()) {
        if (!Errno.ENODEV.is(failure.errno())) {
          throw failure;
        }
      }
    }
    return replies;
  }

  /**
   * The VLANs of one bridge or bridge port from the bridge VLAN database: one RTM_GETVLAN dump for
   * that device only (kernel >= 5.8).
   *
   * @throws NetlinkException EOPNOTSUPP where the kernel has no VLAN database (older than 5.8, or
   *     built without bridge VLAN filtering), ENODEV when the device is gone
   */
  public synchronized List<VlanRange> portVlans(String name, int index) {
    List<VlanRange> vlans = new ArrayList<>();
    for (BridgePortVlans part :
        pipeline.dump(new PortVlanDump(name, index), PortVlanReader::read)) {
      if (part.index() == index) {
        vlans.addAll(part.vlans());
      }
    }
    return vlans;
  }

  /**
   * The addresses of one device: one RTM_GETADDR dump with its ifa_index, which the kernel honours
   * on this strict socket since 4.20; filtered here too, for the kernels that dump everything.
   *
   * @throws NetlinkException ENODEV when the device is gone
   */
  public synchronized List<AddressMessage> addresses(int index) {
    List<AddressMessage> addresses = new ArrayList<>();
    for (AddressMessage address :
        pipeline.dump(AddressDump.of(index), AddressMessageReader::read)) {
      if (address.index() == index) {
        addresses.add(address);
      }
    }
    return addresses;
  }

  /** Every bridge port's VLANs, one AF_BRIDGE RTM_GETLINK dump (compressed ranges). */
  public synchronized List<BridgePortVlans> bridgeVlans() {
    return pipeline.dump(LinkDump.bridgeVlans(), BridgePortVlansReader::read);
  }

  /** The neighbour entries of a family, one RTM_GETNEIGH dump. */
  public synchronized List<NeighbourMessage> neighbours(int family) {
    return pipeline.dump(new NeighbourDump(family), NeighbourMessage::read);
  }

  /** Every route of every table, one RTM_GETROUTE dump. */
  public synchronized List<RouteMessage> routes() {
    return pipeline.dump(RouteDump.all(), RouteMessageReader::read);
  }

  /**
   * The main table's routes through one device: one RTM_GETROUTE dump with its index, which the
   * kernel honours on this strict socket since 4.20; filtered here too, for the kernels that dump
   * everything.
   */
  public synchronized List<RouteMessage> routes(int index) {
    List<RouteMessage> routes = new ArrayList<>();
    for (RouteMessage route : pipeline.dump(RouteDump.through(index), RouteMessageReader::read)) {
      if (route.outputIndex() == index) {
        routes.add(route);
      }
    }
    return routes;
  }

  /** Every address, one RTM_GETADDR dump. */
  public synchronized List<AddressMessage> addresses() {
    return pipeline.dump(AddressDump.all(), AddressMessageReader::read);
  }

  /**
   * Runs requests pipelined, in order; reports each one's outcome.
   *
   * @param stopAtFirstFailure send nothing more after the first error (in-flight ones complete)
   */
  public synchronized BatchResult execute(
      List<? extends Request> requests, boolean stopAtFirstFailure) {
    return pipeline.execute(requests, stopAtFirstFailure, null);
  }

  /** Runs requests pipelined, stopping at the first failure, which it throws. */
  public void executeAll(List<? extends Request> requests) {
    execute(requests, true).throwIfFailed();
  }

  /** Starts a monitor of link events in the same namespace, on a daemon thread of its own. */
  public LinkEventMonitor monitor(LinkListener listener) {
    return LinkEventMonitor.start(namespace, listener);
  }

  /** Closes the socket; idempotent. */
  @Override
  public void close() {
    socket.close();
  }
}
