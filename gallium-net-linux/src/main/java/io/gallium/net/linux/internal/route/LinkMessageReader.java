package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Decodes RTM_NEWLINK / RTM_DELLINK messages into {@link LinkMessage}s. */
public final class LinkMessageReader {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LinkMessageReader() {}

  /**
   * Decodes the link message at {@code offset}; null for any other message type.
   *
   * @throws MalformedMessageException when its bytes do not parse
   */
  public static LinkMessage read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWLINK && header.type() != RTM_DELLINK) {
      return null;
    }
    IfInfoMsg info = IfInfoMsg.read(buffer, offset, header);
    String name = null;
    int mtu = 0;
    String mac = null;
    int master = 0;
    String alias = null;
    List<String> altNames = new ArrayList<>(0);
    int carrier = -1;
    int link = 0;
    LinkInfo linkInfo = LinkInfo.NONE;
    AttributeCursor attributes =
        new AttributeCursor(buffer, IfInfoMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      switch (attributes.type()) {
        case IFLA_IFNAME -> name = attributes.string();
        case IFLA_MTU -> mtu = attributes.u32();
        case IFLA_ADDRESS -> mac = hardwareAddress(attributes);
        case IFLA_MASTER -> master = attributes.u32();
        case IFLA_LINK -> link = attributes.u32();
        case IFLA_IFALIAS -> alias = attributes.string();
        case IFLA_CARRIER -> carrier = attributes.u8();
        case IFLA_PROP_LIST -> readAltNames(attributes.nested(), altNames);
        case IFLA_LINKINFO -> linkInfo = readLinkInfo(attributes.nested());
        default -> {
          // not needed to observe a host
        }
      }
    }
    if (name == null) {
      throw new MalformedMessageException(
          "link message for index " + info.index() + " has no IFLA_IFNAME", offset);
    }
    return new LinkMessage(
        info.index(),
        name,
        info.flags(),
        mtu,
        mac,
        master,
        alias,
        altNames,
        carrier,
        linkInfo.kind,
        linkInfo.slaveKind,
        linkInfo.bond,
        linkInfo.bridge,
        linkInfo.kind == LinkKind.VLAN ? new VlanInfo(link, linkInfo.vlanId) : null);
  }

  /** IFLA_INFO_KIND, IFLA_INFO_DATA for bond and bridge, IFLA_INFO_SLAVE_KIND. */
  private record LinkInfo(
      LinkKind kind, LinkKind slaveKind, BondInfo bond, BridgeInfo bridge, int vlanId) {
    static final LinkInfo NONE = new LinkInfo(null, null, null, null, -1);
  }

  private static LinkInfo readLinkInfo(AttributeCursor info) {
    LinkKind kind = null;
    LinkKind slaveKind = null;
    AttributeCursor data = null;
    while (info.next()) {
      switch (info.type()) {
        case IFLA_INFO_KIND -> kind = LinkKind.of(info.string()).orElse(null);
        case IFLA_INFO_SLAVE_KIND -> slaveKind = LinkKind.of(info.string()).orElse(null);
        case IFLA_INFO_DATA -> data = info.nested();
        default -> {
          // xstats, slave data: not needed
        }
      }
    }
    BondInfo bond = null;
    BridgeInfo bridge = null;
    int vlanId = -1;
    if (kind == LinkKind.VLAN && data != null) {
      while (data.next()) {
        if (data.type() == IFLA_VLAN_ID) {
          vlanId = data.u16();
        }
      }
    } else if (kind == LinkKind.BOND) {
      bond = data == null ? new BondInfo(-1, 0, 0, -1) : readBond(data);
    } else if (kind == LinkKind.BRIDGE) {
      bridge = data == null ? new BridgeInfo(false, -1) : readBridge(data);
    }
    return new LinkInfo(kind, slaveKind, bond, bridge, vlanId);
  }

  private static BondInfo readBond(AttributeCursor data) {
    int mode = -1;
    int primary = 0;
    int active = 0;
    int miimon = -1;
    while (data.next()) {
      switch (data.type()) {
        case IFLA_BOND_MODE -> mode = data.u8();
        case IFLA_BOND_PRIMARY -> primary = data.u32();
        case IFLA_BOND_ACTIVE_SLAVE -> active = data.u32();
        case IFLA_BOND_MIIMON -> miimon = data.u32();
        default -> {
          // other bond options are left at their defaults by gallium-net
        }
      }
    }
    return new BondInfo(mode, primary, active, miimon);
  }

  private static BridgeInfo readBridge(AttributeCursor data) {
    boolean filtering = false;
    int defaultPvid = -1;
    while (data.next()) {
      switch (data.type()) {
        case IFLA_BR_VLAN_FILTERING -> filtering = data.u8() != 0;
        case IFLA_BR_VLAN_DEFAULT_PVID -> defaultPvid = data.u16();
        default -> {
          // timers, STP, multicast: not managed
        }
      }
    }
    return new BridgeInfo(filtering, defaultPvid);
  }

  private static void readAltNames(AttributeCursor list, List<String> into) {
    while (list.next()) {
      if (list.type() == IFLA_ALT_IFNAME) {
        into.add(list.string());
      }
    }
  }

  /** Formats a hardware address as iproute2 does: lower-case hex, colon-separated. */
  private static String hardwareAddress(AttributeCursor attribute) {
    int length = attribute.payloadLength();
    if (length == 0) {
      return null;
    }
    byte[] bytes = attribute.bytes();
    StringBuilder text = new StringBuilder(length * 3 - 1);
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        text.append(':');
      }
      text.append(HEX[(bytes[i] >> 4) & 0xf]).append(HEX[bytes[i] & 0xf]);
    }
    return text.toString();
  }
}
