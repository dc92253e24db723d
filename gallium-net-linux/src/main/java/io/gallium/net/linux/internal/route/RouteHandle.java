package io.gallium.net.linux.internal.route;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.NetlinkException;
import io.gallium.net.linux.internal.netlink.BatchResult;
import io.gallium.net.linux.internal.netlink.NetlinkSocket;
import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.netlink.RequestPipeline;
import java.util.ArrayList;
import java.util.List;
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

  private final NetworkNamespace namespace;
  private final NetlinkSocket socket;
  private final RequestPipeline pipeline;

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

  /** Every bridge port's VLANs, one AF_BRIDGE RTM_GETLINK dump (compressed ranges). */
  public synchronized List<BridgePortVlans> bridgeVlans() {
    return pipeline.dump(LinkDump.bridgeVlans(), BridgePortVlansReader::read);
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
