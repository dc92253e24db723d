package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Creates a veth pair: {@code ip link add NAME type veth peer name PEER}. Used by tests and
 * examples to stand in for VM taps and physical adapters.
 *
 * @param name the first end
 * @param peer the other end
 */
public record CreateVethPair(String name, String peer) implements Request {
    private static final String KIND = "veth";

    public CreateVethPair {
        LinkRef.requireKernelName(name);
        LinkRef.requireKernelName(peer);
    }

    @Override
    public String operation() {
        return "RTM_NEWLINK";
    }

    @Override
    public String device() {
        return name;
    }

    @Override
    public void encode(MessageWriter out, int sequence) {
        int start = out.beginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, sequence);
        IfInfoMsg.write(out, AF_UNSPEC, 0, 0, 0);
        out.attributeString(IFLA_IFNAME, name);
        int linkInfo = out.beginNested(IFLA_LINKINFO);
        out.attributeString(IFLA_INFO_KIND, KIND, false);
        int data = out.beginNested(IFLA_INFO_DATA);
        int peerInfo = out.beginNested(VETH_INFO_PEER);
        IfInfoMsg.write(out, AF_UNSPEC, 0, 0, 0);
        out.attributeString(IFLA_IFNAME, peer);
        out.endNested(peerInfo);
        out.endNested(data);
        out.endNested(linkInfo);
        out.endMessage(start);
    }
}
