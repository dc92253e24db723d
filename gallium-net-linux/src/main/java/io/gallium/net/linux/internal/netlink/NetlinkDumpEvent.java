package io.gallium.net.linux.internal.netlink;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A flight-recorder event for one dump the {@link RequestPipeline} ran (one attempt: a dump the
 * kernel flagged inconsistent and that is started over counts twice): what was asked and how much
 * came back. With {@link NetlinkBatchEvent} it accounts for every request the socket sends.
 */
@Name("io.gallium.net.NetlinkDump")
@Category("gallium-net")
@Label("Netlink Dump")
@Description("One rtnetlink dump request and its answer, from the send to NLMSG_DONE")
@StackTrace(false)
public final class NetlinkDumpEvent extends Event {
  /** The request, e.g. RTM_GETVLAN. */
  @Label("Operation")
  public String operation;

  /** Bytes of the request written to the socket. */
  @Label("Bytes Sent")
  @DataAmount
  public long bytesSent;

  /** Messages of the answer, NLMSG_DONE included. */
  @Label("Messages")
  public int messages;

  /** Bytes of the answer. */
  @Label("Bytes Received")
  @DataAmount
  public long bytesReceived;
}
