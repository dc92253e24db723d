package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.Optional;

/**
 * Creates an active-backup bond, mode fixed at creation (it cannot change once slaves are
 * enslaved): {@code ip link add NAME type bond mode active-backup miimon MIIMON}.
 *
 * <p>Its parameters come in the order of {@link io.gallium.net.core.spi.Change.CreateBond}'s (name,
 * MTU, miimon), so that translating one into the other cannot swap two ints.
 *
 * @param name the bond name
 * @param mtu the MTU to create it with, 0 for the kernel's default
 * @param miimonMillis the MII link monitoring interval in milliseconds (0 disables it)
 */
public record CreateBond(String name, int mtu, int miimonMillis) implements NewLinkRequest {
  /** What a kernel without bonding means for gallium-net, and what to do. */
  public static final String NO_BONDING =
      "this kernel has no bonding driver (kernel module `bonding`, CONFIG_BONDING), which every"
          + " adapter group needs: load it with `modprobe bonding max_bonds=0` (max_bonds=0, or"
          + " loading it makes a bond0 in the host's own namespace), or use a kernel built with"
          + " CONFIG_BONDING";

  public CreateBond {
    LinkRef.requireKernelName(name);
    if (miimonMillis < 0) {
      throw new IllegalArgumentException(
          "miimon of bond " + name + " must be >= 0 ms, not " + miimonMillis);
    }
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
    out.attributeU8(IFLA_BOND_MODE, BOND_MODE_ACTIVEBACKUP);
    out.attributeU32(IFLA_BOND_MIIMON, miimonMillis);
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
