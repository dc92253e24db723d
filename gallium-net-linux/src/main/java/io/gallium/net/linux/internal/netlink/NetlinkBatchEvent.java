package io.gallium.net.linux.internal.netlink;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A flight-recorder event for one batch of requests the {@link RequestPipeline} ran: how long the
 * kernel took to answer them all, how many were in flight at most, and how they ended. Free when
 * the event is not enabled in a recording: the pipeline only counts, and commits nothing.
 */
@Name("io.gallium.net.NetlinkBatch")
@Category("gallium-net")
@Label("Netlink Batch")
@Description(
    "Requests sent pipelined over one rtnetlink socket, from the first send to the last ack")
@StackTrace(false)
public final class NetlinkBatchEvent extends Event {
  /** Requests in the batch. */
  @Label("Requests")
  public int requests;

  /** The most requests sent and not yet answered at one time. */
  @Label("Most In Flight")
  public int maxInFlight;

  /** Requests the kernel acknowledged as done. */
  @Label("Acks")
  public int acks;

  /** Requests the kernel answered with an error. */
  @Label("Errors")
  public int errors;

  /** Bytes of requests written to the socket. */
  @Label("Bytes Sent")
  @DataAmount
  public long bytesSent;

  /** Datagrams the requests went out in. */
  @Label("Datagrams")
  public int datagrams;
}
