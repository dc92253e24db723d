package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.util.Optional;

/**
 * Creates an 802.1q VLAN device on a parent: {@code ip link add link PARENT name NAME mtu MTU type
 * vlan id VID}.
 *
 * @param name the new device's name
 * @param parentIndex the parent's interface index (IFLA_LINK)
 * @param vlanId the VLAN ID, 1..4094
 * @param mtu the MTU to create it with, 0 for the parent's
 */
public record CreateVlan(String name, int parentIndex, int vlanId, int mtu)
    implements NewLinkRequest {
  /** What a kernel without 802.1q means for gallium-net, and what to do. */
  public static final String NO_8021Q =
      "this kernel has no 802.1q VLAN driver (kernel module `8021q`, CONFIG_VLAN_8021Q), which a"
          + " host interface on a VLAN network needs: load it with `modprobe 8021q`, or use a"
          + " kernel built with CONFIG_VLAN_8021Q";

  /** Checks the name, parent and VLAN ID. */
  public CreateVlan {
    LinkRef.requireKernelName(name);
    if (parentIndex <= 0) {
      throw new IllegalArgumentException(name + ": parent index must be positive");
    }
    if (vlanId < 1 || vlanId > 4094) {
      throw new IllegalArgumentException(name + ": VLAN ID " + vlanId + " is outside 1..4094");
    }
  }

  @Override
  public Optional<String> explain(int errno, String kernelMessage) {
    if (Errno.EOPNOTSUPP.is(errno)
        && kernelMessage != null
        && kernelMessage.contains(EXTACK_UNKNOWN_DEVICE_TYPE)) {
      return Optional.of(NO_8021Q);
    }
    return Optional.empty();
  }

  /** As iproute2 orders them: the parent before the new name. */
  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | extraFlags(), sequence);
    IfInfoMsg.write(out, AF_UNSPEC, 0, 0, 0);
    out.attributeU32(IFLA_LINK, parentIndex);
    link().writeName(out);
    writeAttributes(out);
    out.endMessage(start);
  }

  @Override
  public void writeAttributes(MessageWriter out) {
    if (mtu > 0) {
      out.attributeU32(IFLA_MTU, mtu);
    }
    int linkInfo = LinkRequest.beginLinkInfo(out, LinkKind.VLAN);
    int data = out.beginNested(IFLA_INFO_DATA);
    out.attributeU16(IFLA_VLAN_ID, vlanId);
    out.endNested(data);
    out.endNested(linkInfo);
  }
}
