package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Dumps every address of a family (AF_UNSPEC for all): {@code ip addr show}; or, with an index,
 * those of one device: {@code ip addr show dev X}, which puts the index in ifa_index. Kernels since
 * 4.20 honour that filter on a socket with NETLINK_GET_STRICT_CHK; older ones dump everything, so
 * the caller filters again.
 *
 * @param family the address family, AF_UNSPEC for all
 * @param index the device's interface index, 0 for every device
 */
public record AddressDump(int family, int index) implements Request {
  /** Every address of every device. */
  public static AddressDump all() {
    return new AddressDump(AF_UNSPEC, 0);
  }

  /** Every address of the device with this index. */
  public static AddressDump of(int index) {
    if (index <= 0) {
      throw new IllegalArgumentException("interface index must be positive, not " + index);
    }
    return new AddressDump(AF_UNSPEC, index);
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
    IfAddrMsg.write(out, family, 0, 0, 0, index);
    out.endMessage(start);
  }
}
