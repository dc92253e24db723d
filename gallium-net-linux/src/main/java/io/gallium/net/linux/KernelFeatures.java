package io.gallium.net.linux;

import io.gallium.net.linux.internal.route.CreateBond;
import io.gallium.net.linux.internal.route.CreateBridge;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel of a {@link LinuxHost}'s namespace can do of what gallium-net needs, as {@link
 * LinuxHost#features()} found by trying it there.
 *
 * @param bonding bonds can be created (every adapter group is one)
 * @param vlanFiltering bridges can filter VLANs (every adapter group's bridge does)
 * @param altNames devices can have alternative names (where a group's own name goes)
 */
public record KernelFeatures(boolean bonding, boolean vlanFiltering, boolean altNames) {

  /** Whether gallium-net can apply topologies with adapter groups on this kernel. */
  public boolean complete() {
    return bonding && vlanFiltering && altNames;
  }

  /** One line for each missing feature: what it is and what to do; empty when none is. */
  public List<String> missing() {
    List<String> out = new ArrayList<>();
    if (!bonding) {
      out.add(CreateBond.NO_BONDING);
    }
    if (!vlanFiltering) {
      out.add(CreateBridge.NO_VLAN_FILTERING);
    }
    if (!altNames) {
      out.add(
          "this kernel has no alternative interface names (IFLA_ALT_IFNAME, Linux 5.5 and later),"
              + " where gallium-net puts an adapter group's own name: use Linux 5.5 or later");
    }
    return out;
  }

  /** E.g. {@code bonding no, VLAN filtering no, alternative names yes}. */
  @Override
  public String toString() {
    return "bonding "
        + (bonding ? "yes" : "no")
        + ", VLAN filtering "
        + (vlanFiltering ? "yes" : "no")
        + ", alternative names "
        + (altNames ? "yes" : "no");
  }
}
