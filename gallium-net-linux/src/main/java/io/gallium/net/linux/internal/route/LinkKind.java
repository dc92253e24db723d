package io.gallium.net.linux.internal.route;

import java.util.Optional;

/**
 * The link kinds gallium-net tells apart, each with the name the kernel gives it in {@code
 * IFLA_INFO_KIND} and {@code IFLA_INFO_SLAVE_KIND} (the {@code kind} of the driver's {@code
 * rtnl_link_ops}). A device without IFLA_LINKINFO (a physical NIC, {@code lo}) has no kind at all.
 */
public enum LinkKind {
  /** drivers/net/bonding/bond_netlink.c. */
  BOND("bond"),
  /** net/bridge/br_netlink.c. */
  BRIDGE("bridge"),
  /** drivers/net/veth.c. */
  VETH("veth"),
  /** net/8021q/vlan_netlink.c: the host's interface on a VLAN network. */
  VLAN("vlan"),
  /** drivers/net/tun.c: taps and tuns, as a hypervisor makes a VM's port. */
  TUN("tun"),
  /** Any other kind (dummy, vxlan, macvlan, ...): none of them is special to gallium-net. */
  OTHER(null);

  private final String kernelName;

  LinkKind(String kernelName) {
    this.kernelName = kernelName;
  }

  /**
   * The IFLA_INFO_KIND string, e.g. {@code bond}.
   *
   * @throws IllegalStateException for {@link #OTHER}, which stands for many names
   */
  public String kernelName() {
    if (kernelName == null) {
      throw new IllegalStateException("OTHER stands for every link kind gallium-net ignores");
    }
    return kernelName;
  }

  /** The kind of an IFLA_INFO_KIND string; empty when there is none (a plain device). */
  public static Optional<LinkKind> of(String kernelName) {
    if (kernelName == null) {
      return Optional.empty();
    }
    for (LinkKind kind : values()) {
      if (kernelName.equals(kind.kernelName)) {
        return Optional.of(kind);
      }
    }
    return Optional.of(OTHER);
  }
}
