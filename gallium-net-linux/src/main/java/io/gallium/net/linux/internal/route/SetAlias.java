package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Sets a device's alias, where gallium-net keeps its owner tag: {@code ip link set NAME alias A}.
 * Sent without a terminating NUL, as iproute2 does; the empty alias removes it.
 */
public record SetAlias(LinkRef link, String alias) implements Request {
    /** if.h: IFALIASZ, the longest alias the kernel keeps. */
    private static final int MAX_ALIAS_BYTES = 255;

    public SetAlias {
        if (alias.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ALIAS_BYTES) {
            throw new IllegalArgumentException("alias of " + link.name() + " is longer than " + MAX_ALIAS_BYTES + " bytes");
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
        out.attributeString(IFLA_IFALIAS, alias, false);
        out.endMessage(start);
    }
}
