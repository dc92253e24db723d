package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Dumps the neighbour entries of a family: {@code ip neigh show}, as RTM_GETNEIGH.
 *
 * @param family AF_INET or AF_INET6
 */
public record NeighbourDump(int family) implements Request {
  @Override
  public String operation() {
    return "RTM_GETNEIGH";
  }

  @Override
  public String device() {
    return "";
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, sequence);
    NdMsg.write(out, family, 0, 0, 0);
    out.endMessage(start);
  }
}
