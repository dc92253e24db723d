package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.Optional;

/**
 * Creates a bond, mode fixed at creation (it cannot change once slaves are enslaved): {@code ip
 * link add NAME type bond mode MODE miimon MIIMON} and, where they are not the kernel's defaults,
 * the delays, ARP monitoring, primary reselection, transmit hash and LACP rate.
 *
 * <p>Its parameters come in the order of {@link io.gallium.net.core.spi.Change.CreateBond}'s (name,
 * MTU, settings), so that translating one into the other cannot swap two ints.
 *
 * @param name the bond name
 * @param mtu the MTU to create it with, 0 for the kernel's default
 * @param settings its mode and settings (primary and active slave are not sent)
 */
public record CreateBond(String name, int mtu, BondSettings settings) implements NewLinkRequest {
  /** What a kernel without bonding means for gallium-net, and what to do. */
  public static final String NO_BONDING =
      "this kernel has no bonding driver (kernel module `bonding`, CONFIG_BONDING), which every"
          + " adapter group needs: load it with `modprobe bonding max_bonds=0` (max_bonds=0, or"
          + " loading it makes a bond0 in the host's own namespace), or use a kernel built with"
          + " CONFIG_BONDING";

  public CreateBond {
    LinkRef.requireKernelName(name);
    java.util.Objects.requireNonNull(settings, "settings");
  }

  /**
   * An active-backup bond with the kernel's defaults but for link monitoring.
   *
   * @param name the bond name
   * @param mtu the MTU, 0 for the kernel's default
   * @param miimonMillis the MII link monitoring interval in milliseconds (0 disables it)
   */
  public CreateBond(String name, int mtu, int miimonMillis) {
    this(name, mtu, BondSettings.activeBackup(miimonMillis));
  }

  /** The MII link monitoring interval in milliseconds. */
  public int miimonMillis() {
    return settings.miimonMillis();
  }

  /** EOPNOTSUPP ("Unknown device type") to a new bond: no bonding driver. */
  @Override
  public Optional<String> explain(int errno, String kernelMessage) {
    return Errno.EOPNOTSUPP.is(errno) ? Optional.of(NO_BONDING) : Optional.empty();
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    if (mtu > 0) {
      out.attributeU32(IFLA_MTU, mtu);
    }
    int linkInfo = LinkRequest.beginLinkInfo(out, LinkKind.BOND);
    int data = out.beginNested(IFLA_INFO_DATA);
    out.attributeU8(IFLA_BOND_MODE, bondMode(settings.mode()));
    out.attributeU32(IFLA_BOND_MIIMON, settings.miimonMillis());
    BondOptions.writeDelays(out, settings, false);
    BondOptions.writeArp(out, settings, false);
    BondOptions.writeReselectAndHash(out, settings, false);
    if (settings.isLacp() && !settings.lacpRate().equals(BondSettings.LACP_SLOW)) {
      out.attributeU8(IFLA_BOND_AD_LACP_RATE, lacpRate(settings.lacpRate()));
    }
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
