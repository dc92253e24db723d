package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the messages of the AF_BRIDGE link dump into {@link BridgePortVlans}: each
 * IFLA_BRIDGE_VLAN_INFO in IFLA_AF_SPEC is one VLAN, or with RANGE_BEGIN, the start of a range
 * closed by the next RANGE_END.
 */
public final class BridgePortVlansReader {
  private BridgePortVlansReader() {}

  /** Decodes the message at {@code offset}; null for messages that are not AF_BRIDGE links. */
  public static BridgePortVlans read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWLINK) {
      return null;
    }
    IfInfoMsg info = IfInfoMsg.read(buffer, offset, header);
    if (info.family() != AF_BRIDGE) {
      return null;
    }
    String name = "";
    int master = 0;
    List<VlanRange> vlans = new ArrayList<>();
    AttributeCursor attributes =
        new AttributeCursor(buffer, IfInfoMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      switch (attributes.type()) {
        case IFLA_IFNAME -> name = attributes.string();
        case IFLA_MASTER -> master = attributes.u32();
        case IFLA_AF_SPEC -> readVlans(attributes.nested(), vlans);
        default -> {
          // protinfo, mtu...: not needed here
        }
      }
    }
    return new BridgePortVlans(info.index(), name, master, vlans);
  }

  private static void readVlans(AttributeCursor spec, List<VlanRange> into) {
    int rangeStart = -1;
    int rangeFlags = 0;
    while (spec.next()) {
      if (spec.type() != IFLA_BRIDGE_VLAN_INFO) {
        continue;
      }
      if (spec.payloadLength() < BRIDGE_VLAN_INFO_SIZE) {
        throw new MalformedMessageException(
            "IFLA_BRIDGE_VLAN_INFO of "
                + spec.payloadLength()
                + " bytes, less than struct bridge_vlan_info",
            spec.payloadOffset());
      }
      int flags = spec.u16();
      int vid = spec.u16(2);
      if ((flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) != 0) {
        if (rangeStart >= 0) {
          throw new MalformedMessageException(
              "VLAN range begun at " + rangeStart + " never ended", spec.payloadOffset());
        }
        rangeStart = vid;
        rangeFlags = flags;
      } else if ((flags & BRIDGE_VLAN_INFO_RANGE_END) != 0) {
        if (rangeStart < 0 || vid < rangeStart) {
          throw new MalformedMessageException(
              "VLAN range end " + vid + " without a matching begin", spec.payloadOffset());
        }
        into.add(range(rangeStart, vid, rangeFlags, spec));
        rangeStart = -1;
      } else {
        into.add(range(vid, vid, flags, spec));
      }
    }
    if (rangeStart >= 0) {
      throw new MalformedMessageException("VLAN range begun at " + rangeStart + " never ended", 0);
    }
  }

  private static VlanRange range(int first, int last, int flags, AttributeCursor at) {
    try {
      return new VlanRange(
          first,
          last,
          (flags & BRIDGE_VLAN_INFO_PVID) != 0,
          (flags & BRIDGE_VLAN_INFO_UNTAGGED) != 0);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage(), at.payloadOffset());
    }
  }
}
