package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Names a bond's primary slave, the one active whenever its link is up:
 * {@code ip link set BOND type bond primary SLAVE}. Only valid once the slave is enslaved.
 *
 * @param bond         the bond
 * @param primaryIndex the primary slave's interface index
 */
public record SetBondPrimary(LinkRef bond, int primaryIndex) implements Request {
    private static final String KIND = "bond";

    @Override
    public String operation() {
        return "RTM_NEWLINK";
    }

    @Override
    public String device() {
        return bond.name();
    }

    @Override
    public void encode(MessageWriter out, int sequence) {
        int start = out.beginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, sequence);
        IfInfoMsg.write(out, AF_UNSPEC, bond.headerIndex(), 0, 0);
        bond.writeName(out);
        int linkInfo = out.beginNested(IFLA_LINKINFO);
        out.attributeString(IFLA_INFO_KIND, KIND, false);
        int data = out.beginNested(IFLA_INFO_DATA);
        out.attributeU32(IFLA_BOND_PRIMARY, primaryIndex);
        out.endNested(data);
        out.endNested(linkInfo);
        out.endMessage(start);
    }
}
