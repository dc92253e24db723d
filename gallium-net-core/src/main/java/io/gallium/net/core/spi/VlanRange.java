package io.gallium.net.core.spi;

/**
 * A run of bridge VLAN IDs on one bridge port, with the flags they share: {@code pvid} (untagged
 * ingress frames get this VLAN; only ever a single VID) and {@code untagged} (egress frames of this
 * VLAN leave without a tag). Ranges are how the kernel takes VLANs in one message ({@code
 * BRIDGE_VLAN_INFO_RANGE_BEGIN/END}), and how {@link HostState} stores them.
 *
 * @param first the first VID, 1..4094
 * @param last the last VID, {@code first..4094}
 * @param pvid whether this VID is the port's PVID (then {@code first == last})
 * @param untagged whether frames of these VLANs leave the port untagged
 */
public record VlanRange(int first, int last, boolean pvid, boolean untagged)
    implements Comparable<VlanRange> {

  /** The smallest VID a bridge port can carry. */
  public static final int MIN_VID = 1;

  /** The largest VID a bridge port can carry. */
  public static final int MAX_VID = 4094;

  /** Checks the bounds; a PVID range must be a single VID. */
  public VlanRange {
    if (first < MIN_VID || last > MAX_VID || first > last) {
      throw new IllegalArgumentException(
          "VLAN range " + first + "-" + last + " is not within " + MIN_VID + ".." + MAX_VID);
    }
    if (pvid && first != last) {
      throw new IllegalArgumentException(
          "VLAN range " + first + "-" + last + ": a PVID is a single VLAN, not a range");
    }
  }

  /** A tagged VLAN range without flags. */
  public static VlanRange tagged(int first, int last) {
    return new VlanRange(first, last, false, false);
  }

  /** One VLAN that is both the port's PVID and untagged: how an access port carries its network. */
  public static VlanRange access(int vid) {
    return new VlanRange(vid, vid, true, true);
  }

  /** Whether {@code vid} lies in this range. */
  public boolean contains(int vid) {
    return vid >= first && vid <= last;
  }

  /** How many VIDs this range holds. */
  public int size() {
    return last - first + 1;
  }

  @Override
  public int compareTo(VlanRange o) {
    return first != o.first ? Integer.compare(first, o.first) : Integer.compare(last, o.last);
  }

  /** {@code 10-20}, {@code 1 pvid untagged}. */
  @Override
  public String toString() {
    return (first == last ? Integer.toString(first) : first + "-" + last)
        + (pvid ? " pvid" : "")
        + (untagged ? " untagged" : "");
  }
}
