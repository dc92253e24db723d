package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Dumps the VLANs of one bridge or bridge port from the bridge VLAN database (RTM_GETVLAN with
 * NLM_F_DUMP, kernel >= 5.8): with {@code ifindex} set, br_vlan_rtm_dump answers for that device
 * only, so the cost does not grow with the host. iproute2's {@code bridge -d vlan show dev X} sends
 * the same message with ifindex 0 and filters itself; the BRIDGE_VLANDB_DUMP_FLAGS 0 it adds is
 * kept (no statistics, no global options).
 *
 * @param device the device's name, for error messages
 * @param index its interface index
 */
public record PortVlanDump(String device, int index) implements Request {
  public PortVlanDump {
    if (index <= 0) {
      throw new IllegalArgumentException(
          "interface index of " + device + " must be positive, not " + index);
    }
  }

  @Override
  public String operation() {
    return "RTM_GETVLAN";
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_GETVLAN, NLM_F_REQUEST | NLM_F_DUMP, sequence);
    BrVlanMsg.write(out, AF_BRIDGE, index);
    out.attributeU32(BRIDGE_VLANDB_DUMP_FLAGS, 0);
    out.endMessage(start);
  }
}
