package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Gives an IPv6 address a device has the flags of an address added plainly ({@code ip address
 * change ADDRESS/PREFIX dev NAME}: RTM_NEWADDR with NLM_F_REPLACE, no flag, lifetimes forever). It
 * follows an add without duplicate address detection: the address is usable at once, and then
 * reads, and comes up after a later link down and up, as any address the host was configured with
 * does; the kernel does not start DAD on a change.
 *
 * @param name the device's name, for errors
 * @param index the device's interface index
 * @param address the address (IPv6)
 * @param prefixLength its prefix length
 */
public record AddressFlagsRequest(String name, int index, InetAddress address, int prefixLength)
    implements Request {
  /** Checks the family, the index and the prefix length. */
  public AddressFlagsRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (!(address instanceof Inet6Address)
        || index <= 0
        || prefixLength < 0
        || prefixLength > 128) {
      throw new IllegalArgumentException(
          name + ": address " + address.getHostAddress() + "/" + prefixLength + " is invalid");
    }
  }

  @Override
  public String operation() {
    return "RTM_NEWADDR";
  }

  @Override
  public String device() {
    return name;
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE, sequence);
    IfAddrMsg.write(out, AF_INET6, prefixLength, 0, RT_SCOPE_UNIVERSE, index);
    byte[] bytes = address.getAddress();
    out.attributeBytes(IFA_LOCAL, bytes);
    out.attributeBytes(IFA_ADDRESS, bytes);
    out.endMessage(start);
  }
}
