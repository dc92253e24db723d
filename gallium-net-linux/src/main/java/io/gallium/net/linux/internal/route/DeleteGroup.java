package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * Deletes every device of a device group in one request: {@code ip link del group G}. Not used yet;
 * kept for the issue that removes a group's VM ports at once: deleting veths by group is 23x faster
 * than one request each (DESIGN.md, "Kernel costs"). Its bytes are held to iproute2's by the golden
 * test link-del-group.
 */
public record DeleteGroup(int group) implements Request {
  public DeleteGroup {
    if (group <= 0) {
      throw new IllegalArgumentException(
          "group " + group + ": group 0 is every device's default and is never deleted");
    }
  }

  @Override
  public String operation() {
    return "RTM_DELLINK";
  }

  @Override
  public String device() {
    return "group " + group;
  }

  @Override
  public void encode(MessageWriter out, int sequence) {
    int start = out.beginMessage(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, sequence);
    IfInfoMsg.write(out, AF_UNSPEC, 0, 0, 0);
    out.attributeU32(IFLA_GROUP, group);
    out.endMessage(start);
  }
}
