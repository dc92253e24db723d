package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A request about one neighbour entry of a device (RTM_NEWNEIGH): {@link #probe} or {@link #reset}.
 *
 * @param action what the request does
 * @param name the device's name, for errors
 * @param index the device's interface index
 * @param address the neighbour's address
 */
public record NeighbourRequest(Action action, String name, int index, InetAddress address)
    implements Request {

  /** What a {@link NeighbourRequest} does. */
  public enum Action {
    /** See {@link NeighbourRequest#probe}. */
    PROBE,
    /** See {@link NeighbourRequest#reset}. */
    RESET
  }

  /** Checks the index. */
  public NeighbourRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (index <= 0) {
      throw new IllegalArgumentException(name + ": interface index must be positive");
    }
  }

  /**
   * Asks the kernel to resolve a neighbour on a device now (NTF_USE, creating the entry if there is
   * none): it sends an ARP request (IPv4) or a neighbour solicitation (IPv6), and the entry becomes
   * REACHABLE when the neighbour answers. An entry the kernel is resolving already (INCOMPLETE)
   * waits for its retransmission timer instead: {@link #reset} it first.
   */
  public static NeighbourRequest probe(String name, int index, InetAddress address) {
    return new NeighbourRequest(Action.PROBE, name, index, address);
  }

  /**
   * Sets an existing entry back to NUD_NONE (replacing its state, no link-layer address): the
   * kernel stops waiting for its retransmission timer and keeps the packets queued on it, so that a
   * {@link #probe} right after solicits it at once, with a queued packet's source address (IPv6
   * needs one while the device's link-local address is still tentative), and sends the queue when
   * the neighbour answers.
   */
  public static NeighbourRequest reset(String name, int index, InetAddress address) {
    return new NeighbourRequest(Action.RESET, name, index, address);
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
    boolean probe = action == Action.PROBE;
    int flags = NLM_F_REQUEST | NLM_F_ACK | (probe ? NLM_F_CREATE : NLM_F_REPLACE);
    int start = out.beginMessage(RTM_NEWNEIGH, flags, sequence);
    int family = address instanceof Inet6Address ? AF_INET6 : AF_INET;
    NdMsg.write(out, family, index, NUD_NONE, probe ? NTF_USE : 0);
    out.attributeBytes(NDA_DST, address.getAddress());
    out.endMessage(start);
  }
}
