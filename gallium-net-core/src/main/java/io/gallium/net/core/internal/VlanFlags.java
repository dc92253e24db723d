package io.gallium.net.core.internal;

import io.gallium.net.core.spi.VlanRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Bridge VLAN entries as a map from VID to flags (bit {@link #PVID}, bit {@link #UNTAGGED}): the
 * form in which sets of entries are compared and changed; {@link VlanRange} lists are the form in
 * which they are stored and sent.
 */
public final class VlanFlags {
  /** The entry is the port's PVID. */
  public static final int PVID = 1;

  /** The entry's frames leave untagged. */
  public static final int UNTAGGED = 2;

  /**
   * A tagged entry that is not the PVID; also the flags of an entry to remove, which do not count.
   */
  public static final int NONE = 0;

  private VlanFlags() {}

  /** The flags of a single entry. */
  public static int of(VlanRange r) {
    return (r.pvid() ? PVID : 0) | (r.untagged() ? UNTAGGED : 0);
  }

  /** Whether flags {@code f} make the entry the port's PVID. */
  public static boolean isPvid(int f) {
    return (f & PVID) != 0;
  }

  /** Flags {@code f} without the PVID bit: what an entry keeps when another takes the PVID. */
  public static int withoutPvid(int f) {
    return f & ~PVID;
  }

  /** Every VID of these ranges with its flags; a later range wins for a VID in two. */
  public static TreeMap<Integer, Integer> of(Collection<VlanRange> ranges) {
    TreeMap<Integer, Integer> flags = new TreeMap<>();
    for (VlanRange r : ranges) {
      for (int v = r.first(); v <= r.last(); v++) {
        flags.put(v, of(r));
      }
    }
    return flags;
  }

  /**
   * The fewest ranges holding exactly these VIDs and flags, sorted (a PVID entry is always alone).
   */
  public static List<VlanRange> toRanges(TreeMap<Integer, Integer> flags) {
    List<VlanRange> out = new ArrayList<>();
    int start = -1;
    int prev = -1;
    int prevFlags = -1;
    for (var e : flags.entrySet()) {
      int v = e.getKey();
      int f = e.getValue();
      boolean extend = start >= 0 && v == prev + 1 && f == prevFlags && !isPvid(f);
      if (!extend) {
        if (start >= 0) {
          out.add(range(start, prev, prevFlags));
        }
        start = v;
      }
      prev = v;
      prevFlags = f;
    }
    if (start >= 0) {
      out.add(range(start, prev, prevFlags));
    }
    return List.copyOf(out);
  }

  /**
   * The canonical form of a set of entries: sorted, overlapping entries resolved (the later one
   * wins per VID), adjacent runs with equal flags merged.
   */
  public static List<VlanRange> normalize(Collection<VlanRange> ranges) {
    List<VlanRange> list = List.copyOf(ranges);
    return isCanonical(list) ? list : toRanges(of(list));
  }

  /**
   * Whether the list is sorted, without overlaps, and without neighbours that could be one range.
   */
  private static boolean isCanonical(List<VlanRange> list) {
    for (int i = 1; i < list.size(); i++) {
      VlanRange a = list.get(i - 1);
      VlanRange b = list.get(i);
      if (a.last() >= b.first()) {
        return false;
      }
      if (a.last() + 1 == b.first() && !a.pvid() && !b.pvid() && a.untagged() == b.untagged()) {
        return false;
      }
    }
    return true;
  }

  private static VlanRange range(int first, int last, int flags) {
    return new VlanRange(first, last, isPvid(flags), (flags & UNTAGGED) != 0);
  }
}
