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
    List<VlanRange> vlans = new ArrayList<>();
    AttributeCursor attributes =
        new AttributeCursor(buffer, IfInfoMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      switch (attributes.type()) {
        case IFLA_IFNAME -> name = attributes.string();
        case IFLA_AF_SPEC -> readVlans(attributes.nested(), vlans);
        default -> {
          // protinfo, mtu...: not needed here
        }
      }
    }
    return new BridgePortVlans(info.index(), name, vlans);
  }

  private static void readVlans(AttributeCursor spec, List<VlanRange> into) {
    // The RANGE_BEGIN entry whose RANGE_END is still to come; its flags are the range's.
    BridgeVlanInfo begin = null;
    while (spec.next()) {
      if (spec.type() != IFLA_BRIDGE_VLAN_INFO) {
        continue;
      }
      BridgeVlanInfo info = BridgeVlanInfo.read(spec);
      int vid = info.vid();
      if (info.rangeBegin()) {
        if (begin != null) {
          throw new MalformedMessageException(
              "VLAN range begun at " + begin.vid() + " never ended", spec.payloadOffset());
        }
        begin = info;
      } else if (info.rangeEnd()) {
        if (begin == null || vid < begin.vid()) {
          throw new MalformedMessageException(
              "VLAN range end " + vid + " without a matching begin", spec.payloadOffset());
        }
        into.add(range(begin.vid(), vid, begin, spec));
        begin = null;
      } else {
        into.add(range(vid, vid, info, spec));
      }
    }
    if (begin != null) {
      throw new MalformedMessageException("VLAN range begun at " + begin.vid() + " never ended", 0);
    }
  }

  private static VlanRange range(int first, int last, BridgeVlanInfo flags, AttributeCursor at) {
    try {
      return new VlanRange(first, last, flags.pvid(), flags.untagged());
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage(), at.payloadOffset());
    }
  }
}
