package io.gallium.net.linux.internal.route;

/**
 * Consecutive VLAN IDs with the same flags on one bridge port, as the kernel keeps and reports them
 * ({@code bridge vlan}: vid 2-4094, or one vid with pvid/untagged).
 *
 * @param first the first VLAN ID (1..4094)
 * @param last the last VLAN ID, {@code >= first}
 * @param pvid whether untagged ingress frames are assigned this VLAN (only for one VLAN)
 * @param untagged whether egress frames leave without a tag
 */
public record VlanRange(int first, int last, boolean pvid, boolean untagged) {
  /** 802.1q: VLAN IDs 0 and 4095 are reserved. */
  private static final int MIN_VID = 1;

  private static final int MAX_VID = 4094;

  public VlanRange {
    if (first < MIN_VID || last > MAX_VID || first > last) {
      throw new IllegalArgumentException(
          "VLAN range "
              + first
              + "-"
              + last
              + " is not within "
              + MIN_VID
              + ".."
              + MAX_VID
              + " with first <= last");
    }
    if (pvid && first != last) {
      throw new IllegalArgumentException(
          "PVID needs a single VLAN, not the range " + first + "-" + last);
    }
  }

  /** One VLAN. */
  public static VlanRange of(int vid, boolean pvid, boolean untagged) {
    return new VlanRange(vid, vid, pvid, untagged);
  }

  /** A tagged range (e.g. 2-4094). */
  public static VlanRange tagged(int first, int last) {
    return new VlanRange(first, last, false, false);
  }

  /** Whether this is more than one VLAN (sent as RANGE_BEGIN/RANGE_END). */
  public boolean isRange() {
    return first != last;
  }
}
