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
 * Decodes the RTM_NEWVLAN messages of a bridge VLAN database dump into {@link BridgePortVlans}:
 * each BRIDGE_VLANDB_ENTRY holds one BRIDGE_VLANDB_ENTRY_INFO (struct bridge_vlan_info: the first
 * VLAN and the flags) and, for a range, BRIDGE_VLANDB_ENTRY_RANGE (u16, the last VLAN). The
 * per-VLAN options the kernel adds (state, tunnel, multicast) are skipped. The message carries no
 * name.
 */
public final class PortVlanReader {
  private PortVlanReader() {}

  /**
   * Decodes the message at {@code offset}; null for messages that are not AF_BRIDGE RTM_NEWVLAN.
   */
  public static BridgePortVlans read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWVLAN) {
      return null;
    }
    BrVlanMsg message = BrVlanMsg.read(buffer, offset, header);
    if (message.family() != AF_BRIDGE) {
      return null;
    }
    List<VlanRange> vlans = new ArrayList<>();
    AttributeCursor attributes =
        new AttributeCursor(buffer, BrVlanMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      if (attributes.type() == BRIDGE_VLANDB_ENTRY) {
        vlans.add(entry(attributes.nested(), attributes.payloadOffset()));
      }
    }
    return new BridgePortVlans(message.index(), "", vlans);
  }

  private static VlanRange entry(AttributeCursor entry, int at) {
    BridgeVlanInfo info = null;
    int last = -1;
    while (entry.next()) {
      switch (entry.type()) {
        case BRIDGE_VLANDB_ENTRY_INFO -> info = BridgeVlanInfo.read(entry);
        case BRIDGE_VLANDB_ENTRY_RANGE -> last = entry.u16();
        default -> {
          // state, tunnel, statistics, multicast router: not part of a Device
        }
      }
    }
    if (info == null) {
      throw new MalformedMessageException("BRIDGE_VLANDB_ENTRY without its ENTRY_INFO", at);
    }
    try {
      return new VlanRange(info.vid(), last < 0 ? info.vid() : last, info.pvid(), info.untagged());
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage(), at);
    }
  }
}
