package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/** Asks for one device's link message (no statistics): {@code ip link show dev NAME}. */
public record GetLink(LinkRef link) implements Request {
    @Override
    public String operation() {
        return "RTM_GETLINK";
    }

    @Override
    public String device() {
        return link.name();
    }

    @Override
    public void encode(MessageWriter out, int sequence) {
        int start = out.beginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, sequence);
        IfInfoMsg.write(out, AF_UNSPEC, link.headerIndex(), 0, 0);
        link.writeName(out);
        out.attributeU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        out.endMessage(start);
    }
}
