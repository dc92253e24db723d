package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.IFINFOMSG_SIZE;
import static io.gallium.net.linux.internal.Kernel.IFI_CHANGE;
import static io.gallium.net.linux.internal.Kernel.IFI_FAMILY;
import static io.gallium.net.linux.internal.Kernel.IFI_FLAGS;
import static io.gallium.net.linux.internal.Kernel.IFI_INDEX;
import static io.gallium.net.linux.internal.Kernel.IFI_TYPE;
import static io.gallium.net.linux.internal.Kernel.NLMSG_HDRLEN;

import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;

/**
 * {@code struct ifinfomsg} (rtnetlink.h), the fixed header of every link message: family, device
 * type, index, flags and the mask of flags to change.
 */
public record IfInfoMsg(int family, int type, int index, int flags, int change) {
  /**
   * Writes the 16 bytes in field order ({@code IFI_FAMILY} .. {@code IFI_CHANGE}): u8 family, u8
   * pad, u16 type (0: the kernel fills it in), s32 index, u32 flags, u32 change.
   */
  public static void write(MessageWriter out, int family, int index, int flags, int change) {
    out.u8(family).u8(0).u16(0).u32(index).u32(flags).u32(change);
  }

  /** Reads the header following the nlmsghdr of the message at {@code offset}. */
  public static IfInfoMsg read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    int at = offset + NLMSG_HDRLEN;
    if (header.length() < NLMSG_HDRLEN + IFINFOMSG_SIZE) {
      throw new MalformedMessageException(
          "link message of " + header.length() + " bytes has no room for its ifinfomsg", at);
    }
    return new IfInfoMsg(
        buffer.get(at + IFI_FAMILY) & 0xff,
        buffer.getShort(at + IFI_TYPE) & 0xffff,
        buffer.getInt(at + IFI_INDEX),
        buffer.getInt(at + IFI_FLAGS),
        buffer.getInt(at + IFI_CHANGE));
  }

  /** Offset of the first attribute of the link message at {@code offset}. */
  public static int attributes(int offset) {
    return offset + NLMSG_HDRLEN + IFINFOMSG_SIZE;
  }
}
