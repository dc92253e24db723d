package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.Errno;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.Optional;

/**
 * Creates an active-backup bond, mode fixed at creation (it cannot change once slaves are
 * enslaved): {@code ip link add NAME type bond mode active-backup miimon MIIMON}.
 *
 * @param name the bond name
 * @param miimon the MII link monitoring interval in milliseconds (0 disables it)
 * @param mtu the MTU to create it with, 0 for the kernel's default
 */
public record CreateBond(String name, int miimon, int mtu) implements NewLinkRequest {
  private static final String KIND = "bond";

  /** What a kernel without bonding means for gallium-net, and what to do. */
  public static final String NO_BONDING =
      "this kernel has no bonding driver (kernel module `bonding`, CONFIG_BONDING), which every"
          + " adapter group needs: load it with `modprobe bonding max_bonds=0` (max_bonds=0, or"
          + " loading it makes a bond0 in the host's own namespace), or use a kernel built with"
          + " CONFIG_BONDING";

  public CreateBond {
    LinkRef.requireKernelName(name);
    if (miimon < 0) {
      throw new IllegalArgumentException(
          "miimon of bond " + name + " must be >= 0 ms, not " + miimon);
    }
  }

  /** EOPNOTSUPP ("Unknown device type") to a new bond: no bonding driver. */
  @Override
  public Optional<String> explain(int errno, String kernelMessage) {
    return errno == Errno.EOPNOTSUPP ? Optional.of(NO_BONDING) : Optional.empty();
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    if (mtu > 0) {
      out.attributeU32(IFLA_MTU, mtu);
    }
    int linkInfo = LinkRequest.beginLinkInfo(out, KIND);
    int data = out.beginNested(IFLA_INFO_DATA);
    out.attributeU8(IFLA_BOND_MODE, BOND_MODE_ACTIVEBACKUP);
    out.attributeU32(IFLA_BOND_MIIMON, miimon);
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
