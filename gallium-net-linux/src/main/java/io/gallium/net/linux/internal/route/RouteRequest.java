package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Adds or removes one route of the main table through a device: {@code ip route add|del DEST via
 * GATEWAY dev NAME [metric N]}, with the bytes iproute2 sends (an add is exclusive and says
 * protocol "boot"; a delete matches any protocol and scope; an IPv6 destination is always given, an
 * IPv4 one only when it is not the default route).
 *
 * @param add true to add, false to remove
 * @param name the device's name, for errors
 * @param index the device's interface index (RTA_OIF)
 * @param destination the destination's network address
 * @param prefixLength its prefix length, 0 for the default route
 * @param gateway the gateway, or null for a route onto the link
 * @param metric the metric (RTA_PRIORITY), 0 for none
 * @param append add it next to a route to the same destination at the same metric through another
 *     device ({@code ip route append}: NLM_F_APPEND instead of NLM_F_EXCL), as the move of the
 *     host's routes does while the adapter still has its own; a route with the same next hop is
 *     still refused (EEXIST)
 */
public record RouteRequest(
    boolean add,
    String name,
    int index,
    InetAddress destination,
    int prefixLength,
    InetAddress gateway,
    int metric,
    boolean append)
    implements Request {
  /** Checks the index, the prefix length and that the gateway is of the destination's family. */
  public RouteRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(destination, "destination");
    int bytes = destination.getAddress().length;
    if (index <= 0 || prefixLength < 0 || prefixLength > bytes * 8 || metric < 0) {
      throw new IllegalArgumentException(name + ": invalid route to " + destination);
    }
    if (gateway != null && gateway.getAddress().length != bytes) {
      throw new IllegalArgumentException(
          name + ": gateway " + gateway.getHostAddress() + " is of another family");
    }
  }

  @Override
  public String operation() {
    return add ? "RTM_NEWROUTE" : "RTM_DELROUTE";
  }

  @Override
  public String device() {
    return name;
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    boolean v6 = destination instanceof Inet6Address;
    int flags =
        NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | (append ? NLM_F_APPEND : NLM_F_EXCL) : 0);
    int start = out.beginMessage(add ? RTM_NEWROUTE : RTM_DELROUTE, flags, sequence);
    new RtMsg(
            v6 ? AF_INET6 : AF_INET,
            prefixLength,
            RT_TABLE_MAIN,
            add ? RTPROT_BOOT : RTPROT_UNSPEC,
            add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE,
            add ? RTN_UNICAST : 0)
        .write(out);
    if (v6 || prefixLength > 0) {
      out.attributeBytes(RTA_DST, destination.getAddress());
    }
    if (gateway != null) {
      out.attributeBytes(RTA_GATEWAY, gateway.getAddress());
    }
    out.attributeU32(RTA_OIF, index);
    if (metric != 0) {
      out.attributeU32(RTA_PRIORITY, metric);
    }
    out.endMessage(start);
  }
}
