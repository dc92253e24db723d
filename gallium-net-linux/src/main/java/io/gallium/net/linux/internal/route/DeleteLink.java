package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/** Deletes a device: {@code ip link del NAME}. */
public record DeleteLink(LinkRef link) implements Request {
    @Override
    public String operation() {
        return "RTM_DELLINK";
    }

    @Override
    public String device() {
        return link.name();
    }

    @Override
    public void encode(MessageWriter out, int sequence) {
        int start = out.beginMessage(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, sequence);
        IfInfoMsg.write(out, AF_UNSPEC, link.headerIndex(), 0, 0);
        link.writeName(out);
        out.endMessage(start);
    }
}
