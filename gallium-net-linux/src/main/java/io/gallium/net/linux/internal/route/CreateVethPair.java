package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Creates a veth pair: {@code ip link add NAME type veth peer name PEER}. Used by tests and
 * examples to stand in for VM taps and physical adapters.
 *
 * @param name the first end
 * @param peer the other end
 */
public record CreateVethPair(String name, String peer) implements NewLinkRequest {
  public CreateVethPair {
    LinkRef.requireKernelName(name);
    LinkRef.requireKernelName(peer);
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    int linkInfo = LinkRequest.beginLinkInfo(out, LinkKind.VETH);
    int data = out.beginNested(IFLA_INFO_DATA);
    int peerInfo = out.beginNested(VETH_INFO_PEER);
    IfInfoMsg.write(out, AF_UNSPEC, 0, 0, 0);
    out.attributeString(IFLA_IFNAME, peer);
    out.endNested(peerInfo);
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
