package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;

/**
 * Sets a bridge's VLAN filtering and default PVID in one request, in the order {@link CreateBridge}
 * sends them: {@code ip link set BRIDGE type bridge vlan_filtering F vlan_default_pvid P}. The
 * kernel applies the filtering first, then moves the ports that still carry the old default PVID to
 * the new one.
 *
 * @param bridge the bridge
 * @param vlanFiltering whether the bridge filters by VLAN
 * @param defaultPvid the PVID a new port gets, 0 for none
 */
public record SetBridgeVlanSettings(LinkRef bridge, boolean vlanFiltering, int defaultPvid)
    implements LinkRequest {
  public SetBridgeVlanSettings {
    if (defaultPvid < 0 || defaultPvid > 4094) {
      throw new IllegalArgumentException(
          "default PVID of bridge " + bridge + " must be in 0..4094, not " + defaultPvid);
    }
  }

  /** The bridge. */
  @Override
  public LinkRef link() {
    return bridge;
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    int linkInfo = LinkRequest.beginLinkInfo(out, LinkKind.BRIDGE);
    int data = out.beginNested(IFLA_INFO_DATA);
    out.attributeU8(IFLA_BR_VLAN_FILTERING, vlanFiltering ? 1 : 0);
    out.attributeU16(IFLA_BR_VLAN_DEFAULT_PVID, defaultPvid);
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
