package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/** Dumps every address of a family (AF_UNSPEC for all): {@code ip addr show}. */
public record AddressDump(int family) implements Request {
  public static AddressDump all() {
    return new AddressDump(AF_UNSPEC);
  }

  @Override
  public String operation() {
    return "RTM_GETADDR";
  }

  @Override
  public String device() {
    return "";
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, sequence);
    IfAddrMsg.write(out, family, 0, 0, 0, 0);
    out.endMessage(start);
  }
}
