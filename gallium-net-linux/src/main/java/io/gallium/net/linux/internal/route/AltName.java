package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Adds or removes an alternative name, where gallium-net keeps a group's own (long) name:
 * {@code ip link property add|del dev NAME altname ALT} (RTM_NEWLINKPROP / RTM_DELLINKPROP with
 * IFLA_PROP_LIST holding IFLA_ALT_IFNAME).
 */
public record AltName(LinkRef link, String altName, boolean add) implements Request {
    public AltName {
        int bytes = altName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes >= ALTIFNAMSIZ) {
            throw new IllegalArgumentException("alternative name '" + altName + "' of " + link.name()
                    + " must be 1.." + (ALTIFNAMSIZ - 1) + " bytes");
        }
    }

    @Override
    public String operation() {
        return add ? "RTM_NEWLINKPROP" : "RTM_DELLINKPROP";
    }

    @Override
    public String device() {
        return link.name();
    }

    @Override
    public void encode(MessageWriter out, int sequence) {
        int flags = add ? NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND : NLM_F_REQUEST | NLM_F_ACK;
        int start = out.beginMessage(add ? RTM_NEWLINKPROP : RTM_DELLINKPROP, flags, sequence);
        IfInfoMsg.write(out, AF_UNSPEC, link.headerIndex(), 0, 0);
        link.writeName(out);
        int list = out.beginNestedFlagged(IFLA_PROP_LIST);
        out.attributeString(IFLA_ALT_IFNAME, altName);
        out.endNested(list);
        out.endMessage(start);
    }
}
