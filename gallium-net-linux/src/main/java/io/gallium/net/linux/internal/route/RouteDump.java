package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Dumps routes, as RTM_GETROUTE: of every family and table ({@code ip route show table all}), or,
 * with an index, those of the main table through one device ({@code ip route show dev X}), which
 * puts the table in rtm_table and the device in RTA_OIF. Kernels since 4.20 honour that filter on a
 * socket with NETLINK_GET_STRICT_CHK, so the answer does not grow with the host's other routes;
 * older ones dump everything, so the caller filters again.
 *
 * @param index the device's interface index, 0 for every route of every table
 */
public record RouteDump(int index) implements Request {
  /** Every route of every table. */
  public static RouteDump all() {
    return new RouteDump(0);
  }

  /** The main table's routes through the device with this index. */
  public static RouteDump through(int index) {
    if (index <= 0) {
      throw new IllegalArgumentException("interface index must be positive, not " + index);
    }
    return new RouteDump(index);
  }

  @Override
  public String operation() {
    return "RTM_GETROUTE";
  }

  @Override
  public String device() {
    return "";
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, sequence);
    new RtMsg(AF_UNSPEC, 0, index > 0 ? RT_TABLE_MAIN : 0, 0, 0, 0).write(out);
    if (index > 0) {
      out.attributeU32(RTA_OIF, index);
    }
    out.endMessage(start);
  }
}
