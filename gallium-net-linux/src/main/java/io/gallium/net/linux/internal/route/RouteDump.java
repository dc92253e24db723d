package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/** Dumps the routes of every family: {@code ip route show table all}, as RTM_GETROUTE. */
public record RouteDump() implements Request {
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
    new RtMsg(AF_UNSPEC, 0, 0, 0, 0, 0).write(out);
    out.endMessage(start);
  }
}
