package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Adds or removes one IP address of a device: {@code ip address add|del ADDRESS/PREFIX dev NAME}.
 * As iproute2 does, the address goes in both IFA_LOCAL and IFA_ADDRESS (they differ only on a
 * point-to-point link); an add is exclusive (EEXIST for an address the device has).
 *
 * @param add true to add, false to remove
 * @param name the device's name, for errors
 * @param index the device's interface index
 * @param address the address
 * @param prefixLength its prefix length
 * @param noDad whether to add it without duplicate address detection (IFA_F_NODAD; IPv6)
 */
public record AddressRequest(
    boolean add, String name, int index, InetAddress address, int prefixLength, boolean noDad)
    implements Request {
  /** Checks the index and the prefix length. */
  public AddressRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    int max = address.getAddress().length * 8;
    if (index <= 0 || prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException(
          name + ": address " + address.getHostAddress() + "/" + prefixLength + " is invalid");
    }
  }

  @Override
  public String operation() {
    return add ? "RTM_NEWADDR" : "RTM_DELADDR";
  }

  @Override
  public String device() {
    return name;
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
    int start = out.beginMessage(add ? RTM_NEWADDR : RTM_DELADDR, flags, sequence);
    int family = address instanceof Inet6Address ? AF_INET6 : AF_INET;
    IfAddrMsg.write(out, family, prefixLength, noDad ? IFA_F_NODAD : 0, RT_SCOPE_UNIVERSE, index);
    byte[] bytes = address.getAddress();
    out.attributeBytes(IFA_LOCAL, bytes);
    out.attributeBytes(IFA_ADDRESS, bytes);
    out.endMessage(start);
  }
}
