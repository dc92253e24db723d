package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.BR_VLAN_MSG_FAMILY_OFFSET;
import static io.gallium.net.linux.internal.Kernel.BR_VLAN_MSG_INDEX_OFFSET;
import static io.gallium.net.linux.internal.Kernel.BR_VLAN_MSG_SIZE;
import static io.gallium.net.linux.internal.Kernel.NLMSG_HDRLEN;

import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;

/**
 * {@code struct br_vlan_msg} (if_bridge.h), the fixed header of the bridge VLAN database messages
 * (RTM_GETVLAN, RTM_NEWVLAN): family and the interface index of the bridge or port.
 *
 * @param family AF_BRIDGE
 * @param index the bridge's or port's interface index; in a dump request, 0 for every device
 */
public record BrVlanMsg(int family, int index) {
  /** Writes the 8 bytes: u8 family, u8 and u16 reserved (0), u32 ifindex. */
  public static void write(MessageWriter out, int family, int index) {
    out.u8(family).u8(0).u16(0).u32(index);
  }

  /** Reads the header following the nlmsghdr of the message at {@code offset}. */
  public static BrVlanMsg read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    int at = offset + NLMSG_HDRLEN;
    if (header.length() < NLMSG_HDRLEN + BR_VLAN_MSG_SIZE) {
      throw new MalformedMessageException(
          "bridge VLAN message of " + header.length() + " bytes has no room for its br_vlan_msg",
          at);
    }
    return new BrVlanMsg(
        buffer.get(at + BR_VLAN_MSG_FAMILY_OFFSET) & 0xff,
        buffer.getInt(at + BR_VLAN_MSG_INDEX_OFFSET));
  }

  /** Offset of the first attribute of the bridge VLAN message at {@code offset}. */
  public static int attributes(int offset) {
    return offset + NLMSG_HDRLEN + BR_VLAN_MSG_SIZE;
  }
}
