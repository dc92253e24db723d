package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;

import java.net.InetAddress;

/**
 * One route from a RTM_GETROUTE dump.
 *
 * @param header its rtmsg
 * @param table the table (RTA_TABLE when present, else the rtmsg's)
 * @param outputIndex the device it goes out through (RTA_OIF), 0 when none (or several)
 * @param destination the destination (RTA_DST), null for the default route
 * @param gateway the gateway (RTA_GATEWAY), null when none
 * @param metric the metric (RTA_PRIORITY), 0 when none
 * @param multipath whether it has several next hops (RTA_MULTIPATH)
 */
public record RouteMessage(
    RtMsg header,
    int table,
    int outputIndex,
    InetAddress destination,
    InetAddress gateway,
    int metric,
    boolean multipath) {
  /**
   * Whether someone added it to the main table as a plain unicast route through one device: not one
   * the kernel derived from an address, nor one router advertisements gave (those are the kernel's
   * to keep).
   */
  public boolean isAddedToMainTable() {
    return table == RT_TABLE_MAIN
        && header.type() == RTN_UNICAST
        && header.protocol() != RTPROT_KERNEL
        && header.protocol() != RTPROT_RA
        && outputIndex > 0
        && !multipath;
  }
}
