package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Sets an existing neighbour entry of a device back to NUD_NONE (RTM_NEWNEIGH replacing its state,
 * no link-layer address): the kernel stops waiting for its retransmission timer and keeps the
 * packets queued on it, so that a {@link NeighbourProbe} right after solicits it at once, with a
 * queued packet's source address (IPv6 needs one while the device's link-local address is still
 * tentative), and sends the queue when the neighbour answers.
 *
 * @param name the device's name, for errors
 * @param index the device's interface index
 * @param address the neighbour's address
 */
public record NeighbourReset(String name, int index, InetAddress address) implements Request {
  /** Checks the index. */
  public NeighbourReset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (index <= 0) {
      throw new IllegalArgumentException(name + ": interface index must be positive");
    }
  }

  @Override
  public String operation() {
    return "RTM_NEWNEIGH";
  }

  @Override
  public String device() {
    return name;
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE, sequence);
    NdMsg.write(out, address instanceof Inet6Address ? AF_INET6 : AF_INET, index, NUD_NONE, 0);
    out.attributeBytes(NDA_DST, address.getAddress());
    out.endMessage(start);
  }
}
