package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Puts a device in a device group: {@code ip link set NAME group G}. Groups let
 * {@link DeleteGroup} remove many veths in one request (about 20x faster than one each).
 */
public record SetGroup(LinkRef link, int group) implements Request {
    @Override
    public String operation() {
        return "RTM_NEWLINK";
    }

    @Override
    public String device() {
        return link.name();
    }

    @Override
    public void encode(MessageWriter out, int sequence) {
        int start = out.beginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, sequence);
        IfInfoMsg.write(out, AF_UNSPEC, link.headerIndex(), 0, 0);
        link.writeName(out);
        out.attributeU32(IFLA_GROUP, group);
        out.endMessage(start);
    }
}
