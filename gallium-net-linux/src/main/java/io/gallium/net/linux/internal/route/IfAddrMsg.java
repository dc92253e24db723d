package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.IFADDRMSG_SIZE;
import static io.gallium.net.linux.internal.Kernel.IFA_FAMILY_OFFSET;
import static io.gallium.net.linux.internal.Kernel.IFA_FLAGS_OFFSET;
import static io.gallium.net.linux.internal.Kernel.IFA_INDEX_OFFSET;
import static io.gallium.net.linux.internal.Kernel.IFA_PREFIXLEN_OFFSET;
import static io.gallium.net.linux.internal.Kernel.IFA_SCOPE_OFFSET;
import static io.gallium.net.linux.internal.Kernel.NLMSG_HDRLEN;

import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;

/**
 * {@code struct ifaddrmsg} (if_addr.h), the fixed header of address messages: family, prefix
 * length, flags, scope, interface index.
 */
public record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index) {
  /** Writes the 8 bytes. */
  public static void write(
      MessageWriter out, int family, int prefixLength, int flags, int scope, int index) {
    out.u8(family).u8(prefixLength).u8(flags).u8(scope).u32(index);
  }

  public static IfAddrMsg read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    int at = offset + NLMSG_HDRLEN;
    if (header.length() < NLMSG_HDRLEN + IFADDRMSG_SIZE) {
      throw new MalformedMessageException(
          "address message of " + header.length() + " bytes has no room for its ifaddrmsg", at);
    }
    return new IfAddrMsg(
        buffer.get(at + IFA_FAMILY_OFFSET) & 0xff,
        buffer.get(at + IFA_PREFIXLEN_OFFSET) & 0xff,
        buffer.get(at + IFA_FLAGS_OFFSET) & 0xff,
        buffer.get(at + IFA_SCOPE_OFFSET) & 0xff,
        buffer.getInt(at + IFA_INDEX_OFFSET));
  }

  public static int attributes(int offset) {
    return offset + NLMSG_HDRLEN + IFADDRMSG_SIZE;
  }
}
