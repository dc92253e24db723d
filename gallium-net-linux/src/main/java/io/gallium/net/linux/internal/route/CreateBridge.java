package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.Optional;

/**
 * Creates a bridge: {@code ip link add NAME type bridge [vlan_filtering 1 vlan_default_pvid 0]}.
 * VLAN-aware bridges start with default PVID 0, so a newly enslaved port carries no VLAN until it
 * is configured.
 *
 * @param name the bridge name
 * @param vlanAware whether to create it with VLAN filtering on and default PVID 0
 * @param mtu the MTU to create it with, 0 for the kernel's default
 */
public record CreateBridge(String name, boolean vlanAware, int mtu) implements NewLinkRequest {
  /** What a kernel without bridge VLAN filtering means for gallium-net, and what to do. */
  public static final String NO_VLAN_FILTERING =
      "this kernel's bridge has no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING is not set), which"
          + " the VLAN-aware bridge of every adapter group needs: use a kernel built with"
          + " CONFIG_BRIDGE_VLAN_FILTERING=y (stock Debian, Ubuntu, Fedora and RHEL kernels are)";

  /** What a kernel without the bridge driver means for gallium-net, and what to do. */
  public static final String NO_BRIDGE =
      "this kernel has no bridge driver (kernel module `bridge`, CONFIG_BRIDGE), which every"
          + " adapter group needs: load it with `modprobe bridge`, or use a kernel built with"
          + " CONFIG_BRIDGE";

  public CreateBridge {
    LinkRef.requireKernelName(name);
  }

  /**
   * EOPNOTSUPP to a new bridge: "Unknown device type" when there is no bridge driver at all, else
   * (IFLA_BR_VLAN_FILTERING refused) no VLAN filtering in it.
   */
  @Override
  public Optional<String> explain(int errno, String kernelMessage) {
    if (!Errno.EOPNOTSUPP.is(errno)) {
      return Optional.empty();
    }
    if (kernelMessage != null && kernelMessage.contains(EXTACK_UNKNOWN_DEVICE_TYPE)) {
      return Optional.of(NO_BRIDGE);
    }
    return vlanAware ? Optional.of(NO_VLAN_FILTERING) : Optional.empty();
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    if (mtu > 0) {
      out.attributeU32(IFLA_MTU, mtu);
    }
    int linkInfo = LinkRequest.beginLinkInfo(out, LinkKind.BRIDGE);
    if (vlanAware) {
      int data = out.beginNested(IFLA_INFO_DATA);
      out.attributeU8(IFLA_BR_VLAN_FILTERING, 1);
      out.attributeU16(IFLA_BR_VLAN_DEFAULT_PVID, 0);
      out.endNested(data);
    }
    out.endNested(linkInfo);
  }
}
