package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/** Sets a device up or down: {@code ip link set NAME up|down} (IFF_UP in ifi_flags, masked by ifi_change). */
public record SetUp(LinkRef link, boolean up) implements Request {
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
        IfInfoMsg.write(out, AF_UNSPEC, link.headerIndex(), up ? IFF_UP : 0, IFF_UP);
        link.writeName(out);
        out.endMessage(start);
    }
}
