package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Dumps every device (RTM_GETLINK with NLM_F_DUMP), as {@code ip link show} (family AF_PACKET,
 * which rtnetlink treats as AF_UNSPEC) or {@code bridge vlan show} (family AF_BRIDGE: one message
 * per bridge port, with its VLANs in IFLA_AF_SPEC) do.
 *
 * @param family AF_PACKET for devices, AF_BRIDGE for bridge ports
 * @param extMask the IFLA_EXT_MASK filter bits (RTEXT_FILTER_*)
 */
public record LinkDump(int family, int extMask) implements Request {
  /**
   * Every device without statistics: iproute2 asks RTEXT_FILTER_VF, we skip the ~300 bytes of
   * counters per device instead, which observe() never reads.
   */
  public static LinkDump devices() {
    return new LinkDump(AF_PACKET, RTEXT_FILTER_SKIP_STATS);
  }

  /**
   * Every device with its statistics (IFLA_STATS64 among them), as {@code ip -s link show} asks:
   * the traffic counters of a whole host in one dump.
   */
  public static LinkDump withStats() {
    return new LinkDump(AF_PACKET, 0);
  }

  /** Every bridge port with its VLANs, consecutive VLANs with equal flags as one range. */
  public static LinkDump bridgeVlans() {
    return new LinkDump(AF_BRIDGE, RTEXT_FILTER_BRVLAN_COMPRESSED);
  }

  @Override
  public String operation() {
    return "RTM_GETLINK";
  }

  @Override
  public String device() {
    return "";
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, sequence);
    IfInfoMsg.write(out, family, 0, 0, 0);
    out.attributeU32(IFLA_EXT_MASK, extMask);
    out.endMessage(start);
  }
}
