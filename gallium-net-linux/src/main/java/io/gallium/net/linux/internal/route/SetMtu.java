package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/** Sets a device's MTU: {@code ip link set NAME mtu MTU}. */
public record SetMtu(LinkRef link, int mtu) implements Request {
    public SetMtu {
        if (mtu <= 0) {
            throw new IllegalArgumentException("MTU of " + link.name() + " must be positive, not " + mtu);
        }
    }

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
        out.attributeU32(IFLA_MTU, mtu);
        out.endMessage(start);
    }
}
