package io.gallium.net.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.VlanRange;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast canonical form of VLAN entries is the one the map-based definition gives. */
class VlanNormalizeTest {

  @Property(tries = 300)
  void normalizeAgreesWithTheMapForm(@ForAll("entries") List<VlanRange> ranges) {
    assertEquals(VlanFlags.toRanges(VlanFlags.of(ranges)), VlanFlags.normalize(ranges));
  }

  @Property(tries = 100)
  void canonicalInputComesBackEqual(@ForAll("entries") List<VlanRange> ranges) {
    List<VlanRange> canonical = VlanFlags.toRanges(VlanFlags.of(ranges));
    assertEquals(canonical, VlanFlags.normalize(new ArrayList<>(canonical)));
  }

  @Provide
  Arbitrary<List<VlanRange>> entries() {
    Arbitrary<Integer> vid = Arbitraries.oneOf(Arbitraries.integers().between(1, 40),
        Arbitraries.integers().between(VlanRange.MIN_VID, VlanRange.MAX_VID));
    Arbitrary<VlanRange> range = Combinators.combine(vid, Arbitraries.integers().between(0, 30),
        Arbitraries.integers().between(0, 3)).as((first, length, flags) -> {
          boolean pvid = (flags & VlanFlags.PVID) != 0;
          int last = pvid ? first : Math.min(VlanRange.MAX_VID, first + length);
          return new VlanRange(first, last, pvid, (flags & VlanFlags.UNTAGGED) != 0);
        });
    return range.list().ofMaxSize(12);
  }
}
