package io.gallium.net.linux.internal;

/**
 * Every number the Linux driver sends to or reads from the kernel, in one place.
 *
 * <p>Each group names the header it was copied from (the uapi headers under {@code
 * /usr/include/linux} unless said otherwise). The values are kernel ABI: they never change once
 * released, so copying them is safe.
 */
public final class Kernel {
  private Kernel() {}

  // <bits/socket.h>, <linux/socket.h>: address families and socket types.
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_BRIDGE = 7;
  public static final int AF_INET6 = 10;
  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;

  // <asm-generic/socket.h>: socket options.
  public static final int SOL_SOCKET = 1;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_SNDBUFFORCE = 32;
  public static final int SO_RCVBUFFORCE = 33;

  /**
   * asm-generic/socket.h (kernel >= 5.14): the cookie of the socket's network namespace, a u64 the
   * kernel gives no other namespace until it reboots; older kernels answer ENOPROTOOPT.
   */
  public static final int SO_NETNS_COOKIE = 71;

  /** bits/socket.h: recv() returns the real length of a datagram larger than the buffer. */
  public static final int MSG_TRUNC = 0x20;

  // bits/socket.h, LP64 (x86_64, arm64): recvmmsg() and its struct mmsghdr {struct msghdr; u32
  // msg_len}.
  /** Block for the first datagram only, then take what is queued. */
  public static final int MSG_WAITFORONE = 0x10000;

  public static final int MMSGHDR_SIZE = 64;
  public static final int MSGHDR_IOV = 16;
  public static final int MSGHDR_IOVLEN = 24;
  public static final int MSGHDR_FLAGS = 48;
  public static final int MMSGHDR_LEN = 56;

  /** struct iovec {void *iov_base; size_t iov_len;} */
  public static final int IOVEC_SIZE = 16;

  // <asm-generic/fcntl.h>, <sched.h>, <poll.h>, <linux/sockios.h>.
  public static final int O_RDONLY = 0;
  public static final int O_CLOEXEC = 0x80000;
  public static final int CLONE_NEWNET = 0x40000000;
  public static final short POLLIN = 0x1;

  // <poll.h>: struct pollfd {int fd; short events; short revents;} (8 bytes), field offsets.
  public static final int POLLFD_SIZE = 8;
  public static final int POLLFD_FD = 0;
  public static final int POLLFD_EVENTS = 4;
  public static final int POLLFD_REVENTS = 6;

  /** sockios.h: returns a file descriptor of the network namespace a socket belongs to. */
  public static final long SIOCGSKNS = 0x894C;

  // netlink.h: protocol, socket options (level SOL_NETLINK, <linux/socket.h>).
  public static final int NETLINK_ROUTE = 0;
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_ADD_MEMBERSHIP = 1;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;

  /**
   * netlink.h (kernel >= 4.20): the kernel checks dump requests' headers and honours the filters in
   * them (e.g. ifa_index of an address dump); older kernels refuse the option with ENOPROTOOPT.
   */
  public static final int NETLINK_GET_STRICT_CHK = 12;

  /** asm-generic/errno.h: the answer of setsockopt to an option this kernel does not know. */
  public static final int ENOPROTOOPT = 92;

  /** netlink.h: sizeof(struct sockaddr_nl). */
  public static final int SOCKADDR_NL_SIZE = 12;

  // netlink.h: struct nlmsghdr and its flags.
  public static final int NLMSG_HDRLEN = 16;
  public static final int NLMSG_ALIGNTO = 4;
  public static final int NLM_F_REQUEST = 0x01;
  public static final int NLM_F_MULTI = 0x02;
  public static final int NLM_F_ACK = 0x04;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_APPEND = 0x800;
  // A request that changes what it names in place (for an address: its flags and lifetimes).
  public static final int NLM_F_REPLACE = 0x100;

  /** Flags of an NLMSG_ERROR: the original request was capped to its header; TLVs follow. */
  public static final int NLM_F_CAPPED = 0x100;

  public static final int NLM_F_ACK_TLVS = 0x200;

  // netlink.h: control message types.
  public static final int NLMSG_NOOP = 0x1;
  public static final int NLMSG_ERROR = 0x2;
  public static final int NLMSG_DONE = 0x3;
  public static final int NLMSG_OVERRUN = 0x4;

  // netlink.h: struct nlmsgerr {int error; struct nlmsghdr msg;} (20 bytes), field offsets, and
  // its extended ack TLVs.
  public static final int NLMSGERR_SIZE = 20;
  public static final int NLMSGERR_ERROR = 0;
  public static final int NLMSGERR_MSG = 4;
  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;

  // netlink.h: struct nlattr {__u16 nla_len; __u16 nla_type;}, the offset of each field.
  public static final int NLA_HDRLEN = 4;
  public static final int NLA_LEN_OFFSET = 0;
  public static final int NLA_TYPE_OFFSET = 2;
  public static final int NLA_F_NESTED = 0x8000;
  public static final int NLA_F_NET_BYTEORDER = 0x4000;
  public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

  // rtnetlink.h: message types.
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNEIGH = 28;
  public static final int RTM_GETNEIGH = 30;
  public static final int RTM_NEWLINKPROP = 108;
  public static final int RTM_DELLINKPROP = 109;
  public static final int RTM_NEWVLAN = 112;
  public static final int RTM_GETVLAN = 114;

  // rtnetlink.h: multicast groups (RTNLGRP_* numbers for NETLINK_ADD_MEMBERSHIP).
  public static final int RTNLGRP_LINK = 1;

  // rtnetlink.h: IFLA_EXT_MASK filter bits.
  public static final int RTEXT_FILTER_BRVLAN_COMPRESSED = 1 << 2;
  public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

  // rtnetlink.h: struct ifinfomsg {unsigned char ifi_family; unsigned char __ifi_pad; unsigned
  // short ifi_type; int ifi_index; unsigned ifi_flags; unsigned ifi_change;} (16 bytes), the offset
  // of each field; <linux/if.h> flags.
  public static final int IFINFOMSG_SIZE = 16;
  public static final int IFI_FAMILY = 0;
  public static final int IFI_TYPE = 2;
  public static final int IFI_INDEX = 4;
  public static final int IFI_FLAGS = 8;
  public static final int IFI_CHANGE = 12;
  public static final int IFF_UP = 0x1;
  public static final int IFF_RUNNING = 0x40;
  public static final int IFF_LOWER_UP = 0x10000;

  // rtnetlink.h: enum rt_scope_t, the scope of an address.
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;

  // if_addr.h: struct ifaddrmsg {__u8 ifa_family; __u8 ifa_prefixlen; __u8 ifa_flags; __u8
  // ifa_scope; __u32 ifa_index;} (8 bytes), the offset of each field, and its attributes.
  public static final int IFADDRMSG_SIZE = 8;
  public static final int IFA_FAMILY_OFFSET = 0;
  public static final int IFA_PREFIXLEN_OFFSET = 1;
  public static final int IFA_FLAGS_OFFSET = 2;
  public static final int IFA_SCOPE_OFFSET = 3;
  public static final int IFA_INDEX_OFFSET = 4;
  public static final int IFA_ADDRESS = 1;
  // if_addr.h: ifa_flags; NODAD skips duplicate address detection (an IPv6 address moved from
  // another device of this host would otherwise find itself there and be marked dadfailed).
  public static final int IFA_F_NODAD = 0x02;

  // rtnetlink.h: struct rtmsg {u8 family, dst_len, src_len, tos, table, protocol, scope, type;
  // u32 flags} and its attributes.
  public static final int RTMSG_SIZE = 12;
  public static final int RTA_DST = 1;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_MULTIPATH = 9;
  public static final int RTA_TABLE = 15;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RTN_UNICAST = 1;
  public static final int RTPROT_UNSPEC = 0;
  public static final int RTPROT_KERNEL = 2;
  public static final int RTPROT_BOOT = 3;
  public static final int RTPROT_RA = 9;
  public static final int RT_SCOPE_NOWHERE = 255;

  // neighbour.h: struct ndmsg {u8 family; u8 pad1; u16 pad2; s32 ifindex; u16 state; u8 flags;
  // u8 type}, NDA_DST; NTF_USE makes RTM_NEWNEIGH resolve the neighbour as if a packet were sent
  // to it (neigh_event_send): the kernel sends the ARP request or neighbour solicitation, but only
  // for an entry it is not already resolving (NUD_INCOMPLETE waits for its retransmission timer).
  public static final int NDMSG_SIZE = 12;
  public static final int NDA_DST = 1;
  public static final int NTF_USE = 0x01;
  public static final int NUD_NONE = 0x00;
  public static final int NUD_INCOMPLETE = 0x01;
  public static final int NUD_REACHABLE = 0x02;
  public static final int IFA_LOCAL = 2;

  // if_link.h: link attributes.
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_IFALIAS = 20;
  public static final int IFLA_AF_SPEC = 26;
  public static final int IFLA_GROUP = 27;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_CARRIER = 33;
  public static final int IFLA_PROP_LIST = 52;
  public static final int IFLA_ALT_IFNAME = 53;

  /** if.h: IFNAMSIZ, including the terminating NUL. */
  public static final int IFNAMSIZ = 16;

  /** if.h: ALTIFNAMSIZ, including the terminating NUL. */
  public static final int ALTIFNAMSIZ = 128;

  /** if.h: IFALIASZ; the kernel keeps at most IFALIASZ - 1 bytes of alias (no NUL is sent). */
  public static final int IFALIASZ = 256;

  // if_link.h: enum IF_OPER_* (RFC 2863 operational state).
  public static final int IF_OPER_UNKNOWN = 0;
  public static final int IF_OPER_NOTPRESENT = 1;
  public static final int IF_OPER_DOWN = 2;
  public static final int IF_OPER_LOWERLAYERDOWN = 3;
  public static final int IF_OPER_TESTING = 4;
  public static final int IF_OPER_DORMANT = 5;
  public static final int IF_OPER_UP = 6;

  // if_link.h: IFLA_LINKINFO nest.
  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int IFLA_INFO_SLAVE_KIND = 4;
  public static final int IFLA_INFO_SLAVE_DATA = 5;

  // if_link.h: IFLA_INFO_DATA of kind "bond"; bond modes from <linux/if_bonding.h>.
  public static final int IFLA_BOND_MODE = 1;
  public static final int IFLA_BOND_ACTIVE_SLAVE = 2;
  public static final int IFLA_BOND_MIIMON = 3;
  public static final int IFLA_BOND_PRIMARY = 11;
  public static final int IFLA_BOND_UPDELAY = 4;
  public static final int IFLA_BOND_DOWNDELAY = 5;
  public static final int IFLA_BOND_ARP_INTERVAL = 7;
  public static final int IFLA_BOND_ARP_IP_TARGET = 8;
  public static final int IFLA_BOND_PRIMARY_RESELECT = 12;
  public static final int IFLA_BOND_XMIT_HASH_POLICY = 14;
  public static final int IFLA_BOND_AD_LACP_RATE = 21;
  public static final int IFLA_BOND_AD_INFO = 23;
  public static final int IFLA_BOND_AD_INFO_AGGREGATOR = 1;
  public static final int BOND_MODE_ACTIVEBACKUP = 1;
  public static final int BOND_MODE_8023AD = 4;

  // if_link.h: IFLA_INFO_SLAVE_DATA of a bond's slave; states from <linux/if_bonding.h>.
  public static final int IFLA_BOND_SLAVE_STATE = 1;
  public static final int IFLA_BOND_SLAVE_MII_STATUS = 2;
  public static final int IFLA_BOND_SLAVE_LINK_FAILURE_COUNT = 3;
  public static final int IFLA_BOND_SLAVE_AD_AGGREGATOR_ID = 6;
  public static final int IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE = 7;
  public static final int BOND_STATE_ACTIVE = 0;
  public static final int BOND_LINK_UP = 0;

  // if_link.h IFLA_MAX_MTU: the largest MTU a device takes (0: no limit).
  public static final int IFLA_MAX_MTU = 51;

  /** primary_reselect values, by number (bond_options.c bond_primary_reselect_tbl). */
  private static final String[] PRIMARY_RESELECT_NAMES = {"always", "better", "failure"};

  /** xmit_hash_policy values, by number (bond_options.c bond_xmit_hashtype_tbl). */
  private static final String[] XMIT_HASH_NAMES = {
    "layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"
  };

  /** lacp_rate values, by number. */
  private static final String[] LACP_RATE_NAMES = {"slow", "fast"};

  /** The name of a primary_reselect number. */
  public static String primaryReselectName(int value) {
    return nameOf(PRIMARY_RESELECT_NAMES, value, "primary_reselect");
  }

  /** The number of a primary_reselect name. */
  public static int primaryReselect(String name) {
    return numberOf(PRIMARY_RESELECT_NAMES, name, "primary_reselect");
  }

  /** The name of an xmit_hash_policy number. */
  public static String xmitHashName(int value) {
    return nameOf(XMIT_HASH_NAMES, value, "xmit_hash_policy");
  }

  /** The number of an xmit_hash_policy name. */
  public static int xmitHash(String name) {
    return numberOf(XMIT_HASH_NAMES, name, "xmit_hash_policy");
  }

  /** The name of an lacp_rate number. */
  public static String lacpRateName(int value) {
    return nameOf(LACP_RATE_NAMES, value, "lacp_rate");
  }

  /** The number of an lacp_rate name. */
  public static int lacpRate(String name) {
    return numberOf(LACP_RATE_NAMES, name, "lacp_rate");
  }

  /** The number of a bonding mode name. */
  public static int bondMode(String name) {
    return numberOf(BOND_MODE_NAMES, name, "bond mode");
  }

  private static String nameOf(String[] names, int value, String what) {
    return value >= 0 && value < names.length ? names[value] : what + " " + value;
  }

  private static int numberOf(String[] names, String name, String what) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " " + name);
  }

  /** if_bonding.h BOND_MODE_* 0..6, named as the kernel's bond_mode_tbl and iproute2 name them. */
  private static final String[] BOND_MODE_NAMES = {
    "balance-rr",
    "active-backup",
    "balance-xor",
    "broadcast",
    "802.3ad",
    "balance-tlb",
    "balance-alb"
  };

  /** The name of a bonding mode number, or {@code mode N} for one unknown here. */
  public static String bondModeName(int mode) {
    return mode >= 0 && mode < BOND_MODE_NAMES.length ? BOND_MODE_NAMES[mode] : "mode " + mode;
  }

  // net/core/rtnetlink.c: the extended ack of RTM_NEWLINK for a kind no loaded driver provides.
  public static final String EXTACK_UNKNOWN_DEVICE_TYPE = "Unknown device type";

  // veth.h: IFLA_INFO_DATA of kind "veth" holds the peer as an ifinfomsg plus attributes.
  public static final int VETH_INFO_PEER = 1;

  // if_packet.h via <linux/socket.h>: the family `ip link show` dumps with (treated as AF_UNSPEC).
  public static final int AF_PACKET = 17;

  // if_link.h: IFLA_INFO_DATA of kind "vlan" (802.1q; without IFLA_VLAN_PROTOCOL the kernel
  // takes 802.1Q).
  public static final int IFLA_VLAN_ID = 1;

  // if_link.h: IFLA_INFO_DATA of kind "bridge".
  public static final int IFLA_BR_VLAN_FILTERING = 7;
  public static final int IFLA_BR_VLAN_DEFAULT_PVID = 39;

  // if_bridge.h: IFLA_AF_SPEC of family AF_BRIDGE, struct bridge_vlan_info {u16 flags; u16 vid}.
  public static final int IFLA_BRIDGE_FLAGS = 0;
  public static final int IFLA_BRIDGE_VLAN_INFO = 2;
  public static final int BRIDGE_FLAGS_MASTER = 1;
  public static final int BRIDGE_FLAGS_SELF = 2;
  public static final int BRIDGE_VLAN_INFO_SIZE = 4;
  public static final int BRIDGE_VLAN_INFO_FLAGS_OFFSET = 0;
  public static final int BRIDGE_VLAN_INFO_VID_OFFSET = 2;
  public static final int BRIDGE_VLAN_INFO_MASTER = 1;
  public static final int BRIDGE_VLAN_INFO_PVID = 2;
  public static final int BRIDGE_VLAN_INFO_UNTAGGED = 4;
  public static final int BRIDGE_VLAN_INFO_RANGE_BEGIN = 8;
  public static final int BRIDGE_VLAN_INFO_RANGE_END = 16;
  public static final int BRIDGE_VLAN_INFO_BRENTRY = 32;

  // if_bridge.h (kernel >= 5.8): the bridge VLAN database, RTM_GETVLAN / RTM_NEWVLAN. struct
  // br_vlan_msg {__u8 family; __u8 reserved1; __u16 reserved2; __u32 ifindex;} (8 bytes), the
  // offset of each field; its dump attribute; BRIDGE_VLANDB_ENTRY nests of one VLAN or range each.
  public static final int BR_VLAN_MSG_SIZE = 8;
  public static final int BR_VLAN_MSG_FAMILY_OFFSET = 0;
  public static final int BR_VLAN_MSG_INDEX_OFFSET = 4;
  public static final int BRIDGE_VLANDB_DUMP_FLAGS = 1;
  public static final int BRIDGE_VLANDB_ENTRY = 1;
  public static final int BRIDGE_VLANDB_ENTRY_INFO = 1;
  public static final int BRIDGE_VLANDB_ENTRY_RANGE = 2;

  // if_link.h: link attributes the adapter list and the counters read (enum after IFLA_ALT_IFNAME;
  // IFLA_PARENT_DEV_* since 5.16, absent on older kernels and on devices without a parent).
  public static final int IFLA_STATS64 = 23;
  public static final int IFLA_PERM_ADDRESS = 54;
  public static final int IFLA_PARENT_DEV_NAME = 56;
  public static final int IFLA_PARENT_DEV_BUS_NAME = 57;

  // if.h: IFF_LOOPBACK (lo has no parent and no kind, and is no adapter).
  public static final int IFF_LOOPBACK = 0x8;

  // if_link.h: struct rtnl_link_stats64, u64 fields, the offsets of those the counters read. Later
  // kernels append fields, so a payload is read only up to what these need.
  public static final int STATS64_RX_PACKETS = 0;
  public static final int STATS64_TX_PACKETS = 8;
  public static final int STATS64_RX_BYTES = 16;
  public static final int STATS64_TX_BYTES = 24;
  public static final int STATS64_RX_ERRORS = 32;
  public static final int STATS64_TX_ERRORS = 40;
  public static final int STATS64_RX_DROPPED = 48;
  public static final int STATS64_TX_DROPPED = 56;
  public static final int STATS64_READ_SIZE = 64;

  // sockios.h: the ethtool ioctl, on any socket of the namespace (a netlink socket passes it to
  // dev_ioctl in its own namespace). <net/if.h>: struct ifreq, 40 bytes on x86-64: ifr_name[16],
  // then the union whose ifr_data is the pointer to the ethtool command.
  public static final long SIOCETHTOOL = 0x8946;
  public static final int IFREQ_SIZE = 40;
  public static final int IFREQ_NAME_OFFSET = 0;
  public static final int IFREQ_DATA_OFFSET = 16;

  // ethtool.h: the commands (first u32 of every ethtool struct).
  public static final int ETHTOOL_GSET = 0x1;
  public static final int ETHTOOL_GDRVINFO = 0x3;
  public static final int ETHTOOL_GLINKSETTINGS = 0x4c;

  // ethtool.h: struct ethtool_drvinfo (196 bytes): cmd, driver[32], version[32], fw_version[32],
  // bus_info[32], ...
  public static final int ETHTOOL_DRVINFO_SIZE = 196;
  public static final int ETHTOOL_DRVINFO_DRIVER_OFFSET = 4;
  public static final int ETHTOOL_DRVINFO_DRIVER_LEN = 32;
  public static final int ETHTOOL_DRVINFO_BUS_INFO_OFFSET = 100;
  public static final int ETHTOOL_BUSINFO_LEN = 32;

  // ethtool.h: struct ethtool_link_settings (48 bytes, then 3 link-mode bitmaps of
  // link_mode_masks_nwords u32 each): cmd, speed (u32), duplex (u8), ..., link_mode_masks_nwords
  // (s8). Asked with nwords 0, the kernel answers with -nwords, the size it wants.
  public static final int ETHTOOL_LINK_SETTINGS_SIZE = 48;
  public static final int ETHTOOL_LINK_SETTINGS_SPEED_OFFSET = 4;
  public static final int ETHTOOL_LINK_SETTINGS_DUPLEX_OFFSET = 8;
  public static final int ETHTOOL_LINK_SETTINGS_NWORDS_OFFSET = 15;

  // ethtool.h: struct ethtool_cmd (44 bytes), the legacy ETHTOOL_GSET: speed (u16 at 12), duplex
  // (u8 at 14), speed_hi (u16 at 28).
  public static final int ETHTOOL_CMD_SIZE = 44;
  public static final int ETHTOOL_CMD_SPEED_OFFSET = 12;
  public static final int ETHTOOL_CMD_DUPLEX_OFFSET = 14;
  public static final int ETHTOOL_CMD_SPEED_HI_OFFSET = 28;

  // ethtool.h: SPEED_UNKNOWN (-1 as u32), DUPLEX_*.
  public static final int SPEED_UNKNOWN = -1;
  public static final int DUPLEX_HALF = 0;
  public static final int DUPLEX_FULL = 1;

  // errno.h: what an ethtool query answers for a device whose driver does not implement it.
  public static final int EOPNOTSUPP = 95;

  /** Rounds a length up to the netlink alignment (NLMSG_ALIGN and NLA_ALIGN, both 4). */
  public static int align(int length) {
    return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
  }
}
