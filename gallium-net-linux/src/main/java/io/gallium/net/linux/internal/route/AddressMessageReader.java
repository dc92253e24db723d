package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.IFA_ADDRESS;
import static io.gallium.net.linux.internal.Kernel.IFA_LOCAL;
import static io.gallium.net.linux.internal.Kernel.RTM_NEWADDR;

import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Decodes RTM_NEWADDR messages into {@link AddressMessage}s. */
public final class AddressMessageReader {
  private AddressMessageReader() {}

  /** Decodes the message at {@code offset}; null for other types or addresses without one. */
  public static AddressMessage read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    if (header.type() != RTM_NEWADDR) {
      return null;
    }
    IfAddrMsg info = IfAddrMsg.read(buffer, offset, header);
    byte[] local = null;
    byte[] address = null;
    AttributeCursor attributes =
        new AttributeCursor(buffer, IfAddrMsg.attributes(offset), offset + header.length());
    while (attributes.next()) {
      if (attributes.type() == IFA_LOCAL) {
        local = attributes.bytes();
      } else if (attributes.type() == IFA_ADDRESS) {
        address = attributes.bytes();
      }
    }
    byte[] chosen = local != null ? local : address;
    if (chosen == null) {
      return null;
    }
    try {
      return new AddressMessage(
          info.index(),
          info.family(),
          info.prefixLength(),
          info.scope(),
          InetAddress.getByAddress(chosen));
    } catch (UnknownHostException e) {
      throw new MalformedMessageException(
          "address of " + chosen.length + " bytes is neither IPv4 nor IPv6", offset);
    }
  }
}
