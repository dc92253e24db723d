package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.List;

/**
 * {@code struct bridge_vlan_info {__u16 flags; __u16 vid;}} (if_bridge.h), the payload of one
 * IFLA_BRIDGE_VLAN_INFO: one VLAN, or one end of a range (like vishvananda/netlink's {@code
 * nl.BridgeVlanInfo}). The encoder of bridge VLAN requests and the decoder of the VLAN dump both go
 * through it, so the flag bits are read and written in one place.
 *
 * @param flags BRIDGE_VLAN_INFO_* bits
 * @param vid the VLAN ID
 */
public record BridgeVlanInfo(int flags, int vid) {
  /** The attribute: nlattr header and the struct (no padding: 4 is aligned). */
  public static final int ATTRIBUTE_LENGTH = NLA_HDRLEN + BRIDGE_VLAN_INFO_SIZE;

  /**
   * The one or two entries the kernel takes for a range: one for a single VLAN, else RANGE_BEGIN
   * and RANGE_END, both with the range's flags.
   */
  public static List<BridgeVlanInfo> of(VlanRange range) {
    int flags =
        (range.pvid() ? BRIDGE_VLAN_INFO_PVID : 0)
            | (range.untagged() ? BRIDGE_VLAN_INFO_UNTAGGED : 0);
    if (range.first() == range.last()) {
      return List.of(new BridgeVlanInfo(flags, range.first()));
    }
    return List.of(
        new BridgeVlanInfo(flags | BRIDGE_VLAN_INFO_RANGE_BEGIN, range.first()),
        new BridgeVlanInfo(flags | BRIDGE_VLAN_INFO_RANGE_END, range.last()));
  }

  /**
   * Reads the struct from the payload of the IFLA_BRIDGE_VLAN_INFO {@code attribute} points at.
   *
   * @throws MalformedMessageException when the payload is shorter than the struct
   */
  public static BridgeVlanInfo read(AttributeCursor attribute) {
    if (attribute.payloadLength() < BRIDGE_VLAN_INFO_SIZE) {
      throw new MalformedMessageException(
          "IFLA_BRIDGE_VLAN_INFO of "
              + attribute.payloadLength()
              + " bytes, less than struct bridge_vlan_info",
          attribute.payloadOffset());
    }
    return new BridgeVlanInfo(
        attribute.u16(BRIDGE_VLAN_INFO_FLAGS_OFFSET), attribute.u16(BRIDGE_VLAN_INFO_VID_OFFSET));
  }

  /** Writes it as one IFLA_BRIDGE_VLAN_INFO attribute. */
  public void write(MessageWriter out) {
    int info = out.beginNested(IFLA_BRIDGE_VLAN_INFO);
    out.u16(flags).u16(vid);
    out.endNested(info);
  }

  /** Untagged ingress frames of the port get this VLAN (BRIDGE_VLAN_INFO_PVID). */
  public boolean pvid() {
    return (flags & BRIDGE_VLAN_INFO_PVID) != 0;
  }

  /** Frames of this VLAN leave the port untagged (BRIDGE_VLAN_INFO_UNTAGGED). */
  public boolean untagged() {
    return (flags & BRIDGE_VLAN_INFO_UNTAGGED) != 0;
  }

  /** The first VLAN of a range whose last one the next entry holds. */
  public boolean rangeBegin() {
    return (flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) != 0;
  }

  /** The last VLAN of the range the previous entry began. */
  public boolean rangeEnd() {
    return (flags & BRIDGE_VLAN_INFO_RANGE_END) != 0;
  }
}
