package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.AF_UNSPEC;
import static io.gallium.net.linux.internal.Kernel.IFLA_INFO_DATA;
import static io.gallium.net.linux.internal.Kernel.IFLA_INFO_KIND;
import static io.gallium.net.linux.internal.Kernel.IFLA_LINKINFO;
import static io.gallium.net.linux.internal.Kernel.NLM_F_ACK;
import static io.gallium.net.linux.internal.Kernel.NLM_F_REQUEST;
import static io.gallium.net.linux.internal.Kernel.RTM_DELLINK;
import static io.gallium.net.linux.internal.Kernel.RTM_DELLINKPROP;
import static io.gallium.net.linux.internal.Kernel.RTM_GETLINK;
import static io.gallium.net.linux.internal.Kernel.RTM_NEWLINK;
import static io.gallium.net.linux.internal.Kernel.RTM_NEWLINKPROP;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;

/**
 * The skeleton every request about one device shares, written in this one place: nlmsghdr,
 * ifinfomsg, and the device (its index in the header, or its name in IFLA_IFNAME, or
 * IFLA_ALT_IFNAME when only an alternative name can be that long). Each request, one small record
 * per message, says only what differs: its message type and flags, and its own attributes.
 */
interface LinkRequest extends Request {

  /** The device the request is about. */
  LinkRef link();

  /** The message type; RTM_NEWLINK unless the request says otherwise. */
  default int messageType() {
    return RTM_NEWLINK;
  }

  /** Flags besides NLM_F_REQUEST and NLM_F_ACK, e.g. NLM_F_CREATE | NLM_F_EXCL for a new device. */
  default int extraFlags() {
    return 0;
  }

  /** The ifinfomsg's ifi_flags; only those in {@link #changeMask()} are changed. */
  default int interfaceFlags() {
    return 0;
  }

  /** The ifinfomsg's ifi_change: which of {@link #interfaceFlags()} to set or clear. */
  default int changeMask() {
    return 0;
  }

  /** Writes the request's own attributes, after the device's name; none by default. */
  default void writeAttributes(MessageWriter out) {}

  /**
   * Opens IFLA_LINKINFO and names the device kind in it (IFLA_INFO_KIND, without a NUL, as iproute2
   * sends it); the caller adds IFLA_INFO_DATA if any and closes the nest it returns.
   */
  static int beginLinkInfo(MessageWriter out, LinkKind kind) {
    int linkInfo = out.beginNested(IFLA_LINKINFO);
    out.attributeString(IFLA_INFO_KIND, kind.kernelName(), false);
    return linkInfo;
  }

  /**
   * Writes IFLA_LINKINFO naming {@code kind}, with one u32 setting in its IFLA_INFO_DATA: how a
   * single setting of an existing bond is changed ({@code ip link set BOND type bond SETTING N}).
   */
  static void writeInfoDataU32(MessageWriter out, LinkKind kind, int attribute, int value) {
    int linkInfo = beginLinkInfo(out, kind);
    int data = out.beginNested(IFLA_INFO_DATA);
    out.attributeU32(attribute, value);
    out.endNested(data);
    out.endNested(linkInfo);
  }

  @Override
  default String operation() {
    return switch (messageType()) {
      case RTM_DELLINK -> "RTM_DELLINK";
      case RTM_GETLINK -> "RTM_GETLINK";
      case RTM_NEWLINKPROP -> "RTM_NEWLINKPROP";
      case RTM_DELLINKPROP -> "RTM_DELLINKPROP";
      default -> "RTM_NEWLINK";
    };
  }

  @Override
  default String device() {
    return link().name();
  }

  @Override
  default void encode(MessageWriter out, int sequence) {
    LinkRef link = link();
    int start = out.beginMessage(messageType(), NLM_F_REQUEST | NLM_F_ACK | extraFlags(), sequence);
    IfInfoMsg.write(out, AF_UNSPEC, link.headerIndex(), interfaceFlags(), changeMask());
    link.writeName(out);
    writeAttributes(out);
    out.endMessage(start);
  }
}
