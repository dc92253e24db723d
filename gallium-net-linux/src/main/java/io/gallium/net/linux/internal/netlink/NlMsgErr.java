package io.gallium.net.linux.internal.netlink;

import static io.gallium.net.linux.internal.Kernel.NLMSGERR_ATTR_MSG;
import static io.gallium.net.linux.internal.Kernel.NLMSGERR_ATTR_OFFS;
import static io.gallium.net.linux.internal.Kernel.NLMSGERR_ERROR;
import static io.gallium.net.linux.internal.Kernel.NLMSGERR_MSG;
import static io.gallium.net.linux.internal.Kernel.NLMSG_HDRLEN;
import static io.gallium.net.linux.internal.Kernel.NLM_F_ACK_TLVS;
import static io.gallium.net.linux.internal.Kernel.NLM_F_CAPPED;
import static io.gallium.net.linux.internal.Kernel.align;

import java.nio.ByteBuffer;

/**
 * {@code struct nlmsgerr} (netlink.h): the answer to a request sent with NLM_F_ACK. Error 0 is
 * success; otherwise a negative errno, the original request's header, and with NETLINK_EXT_ACK the
 * kernel's explanation (NLMSGERR_ATTR_MSG) and the offset of the offending attribute in our request
 * (NLMSGERR_ATTR_OFFS, -1 when absent).
 *
 * @param errno the positive errno, 0 for success
 * @param request the header of the request this answers
 * @param kernelMessage the extended-ack text, or null
 * @param attributeOffset offset of the rejected attribute in the request, or -1
 */
public record NlMsgErr(int errno, NlMsgHdr request, String kernelMessage, int attributeOffset) {
  /**
   * Decodes the body of an NLMSG_ERROR message whose header is {@code header}, found at {@code
   * offset}.
   */
  public static NlMsgErr read(ByteBuffer buffer, int offset, NlMsgHdr header) {
    int body = offset + NLMSG_HDRLEN;
    int end = offset + header.length();
    if (end - body < NLMSGERR_MSG + NLMSG_HDRLEN) {
      throw new MalformedMessageException(
          "NLMSG_ERROR body of " + (end - body) + " bytes, shorter than struct nlmsgerr", body);
    }
    int error = buffer.getInt(body + NLMSGERR_ERROR);
    if (error > 0 || error == Integer.MIN_VALUE) {
      throw new MalformedMessageException(
          "NLMSG_ERROR with error " + error + ", not 0 or a negative errno", body);
    }
    int requestAt = body + NLMSGERR_MSG;
    // The echoed request may be only its header (CAP_ACK) though its length says more.
    NlMsgHdr request =
        new NlMsgHdr(
            buffer.getInt(requestAt),
            buffer.getShort(requestAt + NlMsgHdr.TYPE) & 0xffff,
            buffer.getShort(requestAt + NlMsgHdr.FLAGS) & 0xffff,
            buffer.getInt(requestAt + NlMsgHdr.SEQUENCE),
            buffer.getInt(requestAt + NlMsgHdr.PORT_ID));
    String message = null;
    int attributeOffset = -1;
    if (header.has(NLM_F_ACK_TLVS)) {
      int tlvs;
      if (header.has(NLM_F_CAPPED)) {
        tlvs = requestAt + NLMSG_HDRLEN;
      } else {
        long echoed = Integer.toUnsignedLong(request.length());
        if (echoed < NLMSG_HDRLEN || echoed > end - requestAt) {
          throw new MalformedMessageException(
              "echoed request length "
                  + echoed
                  + " outside "
                  + NLMSG_HDRLEN
                  + ".."
                  + (end - requestAt),
              requestAt);
        }
        tlvs = Math.min(end, requestAt + align((int) echoed));
      }
      AttributeCursor attributes = new AttributeCursor(buffer, tlvs, end);
      while (attributes.next()) {
        if (attributes.type() == NLMSGERR_ATTR_MSG) {
          message = attributes.string();
        } else if (attributes.type() == NLMSGERR_ATTR_OFFS) {
          attributeOffset = attributes.u32();
        }
      }
    }
    return new NlMsgErr(-error, request, message, attributeOffset);
  }

  /** Whether this is a plain ack: error 0. */
  public boolean isSuccess() {
    return errno == 0;
  }
}
