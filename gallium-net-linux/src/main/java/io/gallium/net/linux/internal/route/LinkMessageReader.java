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
    String permanentMac = null;
    int master = 0;
    String alias = null;
    List<String> altNames = new ArrayList<>(0);
    int carrier = -1;
    int operState = -1;
    int maxMtu = 0;
    int link = 0;
    LinkInfo linkInfo = LinkInfo.NONE;
    AttributeCursor attributes =
        new AttributeCursor(buffer, IfInfoMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      switch (attributes.type()) {
        case IFLA_IFNAME -> name = attributes.string();
        case IFLA_MTU -> mtu = attributes.u32();
        case IFLA_MAX_MTU -> maxMtu = attributes.u32();
        case IFLA_ADDRESS -> mac = hardwareAddress(attributes);
        case IFLA_PERM_ADDRESS -> permanentMac = hardwareAddress(attributes);
        case IFLA_MASTER -> master = attributes.u32();
        case IFLA_LINK -> link = attributes.u32();
        case IFLA_IFALIAS -> alias = attributes.string();
        case IFLA_CARRIER -> carrier = attributes.u8();
        case IFLA_OPERSTATE -> operState = attributes.u8();
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
        maxMtu,
        linkInfo.bondSlave,
        linkInfo.kind == LinkKind.VLAN ? new VlanInfo(link, linkInfo.vlanId) : null,
        permanentMac,
        operState);
  }

  /** IFLA_INFO_KIND, IFLA_INFO_DATA for bond and bridge, IFLA_INFO_SLAVE_KIND. */
  private record LinkInfo(
      LinkKind kind,
      LinkKind slaveKind,
      BondInfo bond,
      BridgeInfo bridge,
      BondSlaveInfo bondSlave,
      int vlanId) {
    static final LinkInfo NONE = new LinkInfo(null, null, null, null, null, -1);
  }

  private static LinkInfo readLinkInfo(AttributeCursor info) {
    LinkKind kind = null;
    LinkKind slaveKind = null;
    AttributeCursor data = null;
    AttributeCursor slaveData = null;
    while (info.next()) {
      switch (info.type()) {
        case IFLA_INFO_KIND -> kind = LinkKind.of(info.string()).orElse(null);
        case IFLA_INFO_SLAVE_KIND -> slaveKind = LinkKind.of(info.string()).orElse(null);
        case IFLA_INFO_DATA -> data = info.nested();
        case IFLA_INFO_SLAVE_DATA -> slaveData = info.nested();
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
    // The kernel puts the slave kind before the slave data, but nothing says it must.
    BondSlaveInfo bondSlave =
        slaveKind == LinkKind.BOND && slaveData != null ? readBondSlave(slaveData) : null;
    return new LinkInfo(kind, slaveKind, bond, bridge, bondSlave, vlanId);
  }

  private static BondSlaveInfo readBondSlave(AttributeCursor data) {
    int state = -1;
    int mii = -1;
    int failures = 0;
    int aggregator = 0;
    int actor = 0;
    while (data.next()) {
      switch (data.type()) {
        case IFLA_BOND_SLAVE_STATE -> state = data.u8();
        case IFLA_BOND_SLAVE_MII_STATUS -> mii = data.u8();
        case IFLA_BOND_SLAVE_LINK_FAILURE_COUNT -> failures = data.u32();
        case IFLA_BOND_SLAVE_AD_AGGREGATOR_ID -> aggregator = data.u16();
        case IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE -> actor = data.u8();
        default -> {
          // permanent address, queue: not needed
        }
      }
    }
    return new BondSlaveInfo(state, mii, failures, aggregator, actor);
  }

  private static BondInfo readBond(AttributeCursor data) {
    int mode = -1;
    int primary = 0;
    int active = 0;
    int miimon = -1;
    int updelay = 0;
    int downdelay = 0;
    int reselect = 0;
    int arpInterval = 0;
    List<String> arpTargets = new ArrayList<>(0);
    int hash = 0;
    int lacpRate = 0;
    int aggregator = 0;
    while (data.next()) {
      switch (data.type()) {
        case IFLA_BOND_MODE -> mode = data.u8();
        case IFLA_BOND_PRIMARY -> primary = data.u32();
        case IFLA_BOND_ACTIVE_SLAVE -> active = data.u32();
        case IFLA_BOND_MIIMON -> miimon = data.u32();
        case IFLA_BOND_UPDELAY -> updelay = data.u32();
        case IFLA_BOND_DOWNDELAY -> downdelay = data.u32();
        case IFLA_BOND_PRIMARY_RESELECT -> reselect = data.u8();
        case IFLA_BOND_ARP_INTERVAL -> arpInterval = data.u32();
        case IFLA_BOND_ARP_IP_TARGET -> readIpv4List(data.nested(), arpTargets);
        case IFLA_BOND_XMIT_HASH_POLICY -> hash = data.u8();
        case IFLA_BOND_AD_LACP_RATE -> lacpRate = data.u8();
        case IFLA_BOND_AD_INFO -> aggregator = readAggregator(data.nested());
        default -> {
          // other bond options are left at their defaults by gallium-net
        }
      }
    }
    return new BondInfo(
        mode,
        primary,
        active,
        miimon,
        updelay,
        downdelay,
        reselect,
        arpInterval,
        arpTargets,
        hash,
        lacpRate,
        aggregator);
  }

  /** Addresses in network byte order, one attribute each. */
  private static void readIpv4List(AttributeCursor list, List<String> into) {
    while (list.next()) {
      byte[] a = list.bytes();
      if (a.length == 4) {
        into.add((a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff));
      }
    }
  }

  private static int readAggregator(AttributeCursor info) {
    int id = 0;
    while (info.next()) {
      if (info.type() == IFLA_BOND_AD_INFO_AGGREGATOR) {
        id = info.u16();
      }
    }
    return id;
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
  static String hardwareAddress(AttributeCursor attribute) {
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
