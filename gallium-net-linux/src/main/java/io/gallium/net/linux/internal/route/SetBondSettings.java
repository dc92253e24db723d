package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.Objects;

/**
 * Sets, in one request, the settings Linux changes on a running bond with slaves: {@code ip link
 * set BOND type bond miimon M updelay U downdelay D arp_interval A arp_ip_target T,...
 * primary_reselect R xmit_hash_policy H}.
 *
 * @param bond the bond
 * @param settings where miimon, the delays, ARP monitoring, primary reselection and the transmit
 *     hash come from (mode, LACP rate, primary and active slave are not sent)
 */
public record SetBondSettings(LinkRef bond, BondSettings settings) implements LinkRequest {
  public SetBondSettings {
    Objects.requireNonNull(bond, "bond");
    Objects.requireNonNull(settings, "settings");
  }

  /** The bond. */
  @Override
  public LinkRef link() {
    return bond;
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    int linkInfo = LinkRequest.beginLinkInfo(out, LinkKind.BOND);
    int data = out.beginNested(IFLA_INFO_DATA);
    out.attributeU32(IFLA_BOND_MIIMON, settings.miimonMillis());
    BondOptions.writeDelays(out, settings, true);
    BondOptions.writeArp(out, settings, true);
    BondOptions.writeReselectAndHash(out, settings, true);
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
