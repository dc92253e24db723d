package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import java.util.List;

/**
 * Adds or removes VLANs on a bridge port, all ranges in one message: {@code bridge vlan add|del vid
 * 2-4094 dev PORT [pvid] [untagged] [self]}. RTM_SETLINK (add) or RTM_DELLINK (del) of family
 * AF_BRIDGE, IFLA_AF_SPEC holding one IFLA_BRIDGE_VLAN_INFO per single VLAN, or a
 * RANGE_BEGIN/RANGE_END pair per range (both carrying the range's flags). The kernel finds the port
 * by ifi_index only, so the port must be addressed by index.
 *
 * @param port the bridge port (or the bridge itself with {@link Scope#SELF})
 * @param add add (true) or delete (false)
 * @param scope which VLAN table: the port's in its bridge, or the device's own
 * @param ranges the VLANs
 */
public record BridgeVlans(LinkRef port, boolean add, Scope scope, List<VlanRange> ranges)
    implements Request {
  /**
   * Which table the VLANs go to. BRIDGE_FLAGS_MASTER is not offered: it is what the kernel does
   * when IFLA_BRIDGE_FLAGS is absent, i.e. {@link #PORT}.
   */
  public enum Scope {
    /** No IFLA_BRIDGE_FLAGS: the kernel takes the port's entry in its master bridge. */
    PORT,
    /**
     * BRIDGE_FLAGS_SELF: the VLANs of the device itself (the bridge's own, for its upper devices).
     * Not used yet; kept for issue 14, which puts VLAN 1 on the bridge's own port for the host's
     * interface. Its bytes are held to iproute2's by the golden test vlan-add-self.
     */
    SELF
  }

  /**
   * Everything but the VLANs: nlmsghdr, ifinfomsg, the IFLA_AF_SPEC header and, for {@link
   * Scope#SELF}, IFLA_BRIDGE_FLAGS (a u16 padded to 4): 16 + 16 + 4 + 8 = 44 bytes.
   */
  static final int FIXED_LENGTH =
      NLMSG_HDRLEN + IFINFOMSG_SIZE + NLA_HDRLEN + NLA_HDRLEN + align(Short.BYTES);

  public BridgeVlans {
    if (port.index() == 0) {
      throw new IllegalArgumentException(
          "bridge VLANs of "
              + port.name()
              + " need its interface index: the kernel does not look bridge ports up by name");
    }
    java.util.Objects.requireNonNull(scope, "scope");
    ranges = List.copyOf(ranges);
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException(
          "no VLANs to " + (add ? "add to " : "remove from ") + port.name());
    }
  }

  @Override
  public String operation() {
    return add ? "RTM_SETLINK" : "RTM_DELLINK";
  }

  @Override
  public String device() {
    return port.name();
  }

  @Override
  public int maxEncodedLength() {
    int infos = 0;
    for (VlanRange range : ranges) {
      infos += range.size() > 1 ? 2 : 1;
    }
    return FIXED_LENGTH + BridgeVlanInfo.ATTRIBUTE_LENGTH * infos;
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start =
        out.beginMessage(add ? RTM_SETLINK : RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, sequence);
    IfInfoMsg.write(out, AF_BRIDGE, port.index(), 0, 0);
    int spec = out.beginNested(IFLA_AF_SPEC);
    if (scope == Scope.SELF) {
      out.attributeU16(IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_SELF);
    }
    for (VlanRange range : ranges) {
      for (BridgeVlanInfo info : BridgeVlanInfo.of(range)) {
        info.write(out);
      }
    }
    out.endNested(spec);
    out.endMessage(start);
  }
}
