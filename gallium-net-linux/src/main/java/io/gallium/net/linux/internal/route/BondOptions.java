package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.List;

/** Writes a bond's monitoring and failover settings as IFLA_BOND_* attributes of IFLA_INFO_DATA. */
final class BondOptions {
  private BondOptions() {}

  /**
   * The up and down delays, which Linux refuses (EPERM) while link monitoring is off, so they go
   * only with it, after IFLA_BOND_MIIMON (the kernel takes the attributes in its own fixed order).
   */
  static void writeDelays(MessageWriter out, BondSettings s, boolean always) {
    if (s.miimonMillis() > 0 && (always || s.updelayMillis() != 0 || s.downdelayMillis() != 0)) {
      out.attributeU32(IFLA_BOND_UPDELAY, s.updelayMillis());
      out.attributeU32(IFLA_BOND_DOWNDELAY, s.downdelayMillis());
    }
  }

  /**
   * ARP monitoring: the interval only when on (Linux refuses the attribute itself, even 0, in mode
   * 802.3ad, and turns ARP monitoring off when link monitoring is set), the targets as a list of
   * IPv4 addresses that replaces the bond's (an empty list clears them).
   */
  static void writeArp(MessageWriter out, BondSettings s, boolean always) {
    if (s.arpIntervalMillis() > 0) {
      out.attributeU32(IFLA_BOND_ARP_INTERVAL, s.arpIntervalMillis());
    }
    if (always || !s.arpTargets().isEmpty()) {
      int targets = out.beginNested(IFLA_BOND_ARP_IP_TARGET);
      List<String> list = s.arpTargets();
      for (int i = 0; i < list.size(); i++) {
        out.attributeBytes(i, ipv4(list.get(i)));
      }
      out.endNested(targets);
    }
  }

  /** Primary reselection and transmit hash, which Linux takes in every mode. */
  static void writeReselectAndHash(MessageWriter out, BondSettings s, boolean always) {
    if (always || !s.primaryReselect().equals(BondSettings.RESELECT_ALWAYS)) {
      out.attributeU8(IFLA_BOND_PRIMARY_RESELECT, primaryReselect(s.primaryReselect()));
    }
    if (always || !s.xmitHashPolicy().equals(BondSettings.HASH_LAYER2)) {
      out.attributeU8(IFLA_BOND_XMIT_HASH_POLICY, xmitHash(s.xmitHashPolicy()));
    }
  }

  private static byte[] ipv4(String dotted) {
    String[] parts = dotted.split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + dotted);
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }
}
