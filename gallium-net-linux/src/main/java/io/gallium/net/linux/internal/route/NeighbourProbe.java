package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Asks the kernel to resolve a neighbour on a device now (RTM_NEWNEIGH with NTF_USE, creating the
 * entry if there is none): it sends an ARP request (IPv4) or a neighbour solicitation (IPv6), and
 * the entry becomes REACHABLE when the neighbour answers.
 *
 * @param name the device's name, for errors
 * @param index the device's interface index
 * @param address the neighbour's address
 */
public record NeighbourProbe(String name, int index, InetAddress address) implements Request {
  /** Checks the index. */
  public NeighbourProbe {
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
    int start = out.beginMessage(RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE, sequence);
    NdMsg.write(
        out, address instanceof Inet6Address ? AF_INET6 : AF_INET, index, NUD_NONE, NTF_USE);
    out.attributeBytes(NDA_DST, address.getAddress());
    out.endMessage(start);
  }
}
