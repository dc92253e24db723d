package io.gallium.net.core;

/**
 * A device's traffic counters at one moment, as the kernel keeps them (Linux {@code IFLA_STATS64}):
 * frames and bytes received ("in") and sent ("out"), and those that failed or were dropped. Counts
 * since the device was made; they start again from zero when it is made again (a VM's tap that
 * comes back, a driver reloaded), so a UI drawing rates takes the difference of two polls and
 * treats a negative one as a restart. Immutable.
 *
 * @param bytesIn bytes received
 * @param packetsIn frames received
 * @param errorsIn received frames that were bad (CRC, length, overrun, ...)
 * @param dropsIn received frames the host dropped (no buffer, no one to take them, filtered)
 * @param bytesOut bytes sent
 * @param packetsOut frames sent
 * @param errorsOut frames that failed to go out
 * @param dropsOut frames dropped on their way out (queue full, the peer gone)
 */
public record Counters(
    long bytesIn,
    long packetsIn,
    long errorsIn,
    long dropsIn,
    long bytesOut,
    long packetsOut,
    long errorsOut,
    long dropsOut) {

  /** A device that has seen no traffic. */
  public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * The traffic between {@code earlier} and this reading, counter by counter, for a rate: {@code
   * now.since(before).bytesIn() / seconds}.
   *
   * @param earlier a reading of the same device taken before this one
   * @return the differences; negative where the device was made again in between (its counters
   *     restarted), which a caller should read as "unknown for this interval"
   */
  public Counters since(Counters earlier) {
    return new Counters(
        bytesIn - earlier.bytesIn,
        packetsIn - earlier.packetsIn,
        errorsIn - earlier.errorsIn,
        dropsIn - earlier.dropsIn,
        bytesOut - earlier.bytesOut,
        packetsOut - earlier.packetsOut,
        errorsOut - earlier.errorsOut,
        dropsOut - earlier.dropsOut);
  }

  /** Compact, e.g. {@code in 1200 B/10 pkts (0 err, 0 drop), out 800 B/8 pkts (0 err, 1 drop)}. */
  @Override
  public String toString() {
    return "in "
        + bytesIn
        + " B/"
        + packetsIn
        + " pkts ("
        + errorsIn
        + " err, "
        + dropsIn
        + " drop), out "
        + bytesOut
        + " B/"
        + packetsOut
        + " pkts ("
        + errorsOut
        + " err, "
        + dropsOut
        + " drop)";
  }
}
