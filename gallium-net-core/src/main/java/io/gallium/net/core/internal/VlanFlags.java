package io.gallium.net.core.internal;

import io.gallium.net.core.VlanRange;
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

  private VlanFlags() {}

  /** The flags of a single entry. */
  public static int of(VlanRange r) {
    return (r.pvid() ? PVID : 0) | (r.untagged() ? UNTAGGED : 0);
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
   * The canonical form of {@code ranges} (what {@code toRanges(of(ranges))} returns): the list
   * itself when it is canonical already, as every device rebuilt from another's values is; else
   * computed on an array indexed by VID. Devices are rebuilt on every simulated change, and a
   * bond's trunk holds up to 4094 VIDs.
   */
  public static List<VlanRange> normalize(Collection<VlanRange> ranges) {
    if (isCanonical(ranges)) {
      return List.copyOf(ranges);
    }
    int[] flags = new int[VlanRange.MAX_VID + 1];
    java.util.Arrays.fill(flags, -1);
    for (VlanRange r : ranges) {
      java.util.Arrays.fill(flags, r.first(), r.last() + 1, of(r));
    }
    List<VlanRange> out = new ArrayList<>();
    int start = -1;
    for (int v = VlanRange.MIN_VID; v <= VlanRange.MAX_VID + 1; v++) {
      boolean extend = start >= 0 && v <= VlanRange.MAX_VID && flags[v] == flags[start] && (flags[v] & PVID) == 0;
      if (extend) {
        continue;
      }
      if (start >= 0) {
        out.add(range(start, v - 1, flags[start]));
        start = -1;
      }
      if (v <= VlanRange.MAX_VID && flags[v] >= 0) {
        start = v;
      }
    }
    return List.copyOf(out);
  }

  /** Sorted, disjoint, and no two neighbours that {@link #toRanges} would merge. */
  private static boolean isCanonical(Collection<VlanRange> ranges) {
    VlanRange prev = null;
    for (VlanRange r : ranges) {
      if (prev != null) {
        if (r.first() <= prev.last()) {
          return false;
        }
        boolean mergeable = r.first() == prev.last() + 1 && of(r) == of(prev) && (of(r) & PVID) == 0;
        if (mergeable) {
          return false;
        }
      }
      prev = r;
    }
    return true;
  }

  /** The fewest ranges holding exactly these VIDs and flags, sorted (a PVID entry is always alone). */
  public static List<VlanRange> toRanges(TreeMap<Integer, Integer> flags) {
    List<VlanRange> out = new ArrayList<>();
    int start = -1;
    int prev = -1;
    int prevFlags = -1;
    for (var e : flags.entrySet()) {
      int v = e.getKey();
      int f = e.getValue();
      boolean extend = start >= 0 && v == prev + 1 && f == prevFlags && (f & PVID) == 0;
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

  private static VlanRange range(int first, int last, int flags) {
    return new VlanRange(first, last, (flags & PVID) != 0, (flags & UNTAGGED) != 0);
  }
}
