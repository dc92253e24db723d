package io.gallium.net.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The classic layout the peer comparison drives through {@code ip -batch} is the one it claims: per
 * VLAN network a bridge and a VLAN device, the untagged network's bridge on the bond itself, and
 * its removal deletes exactly what was created.
 */
class ClassicLayoutTest {

  @Test
  void createsABridgeAndAVlanDevicePerVlanNetwork() {
    Set<String> created = created(PeerComparison.classicCreate(100));
    // bond0, br1 (untagged), and for VLANs 2..100 a bridge and a VLAN device each
    assertEquals(2 + 2 * 99, created.size());
  }

  @Test
  void removesEveryDeviceItCreated() {
    for (int n : new int[] {1, 100, 4094}) {
      Set<String> deleted = new TreeSet<>();
      for (String line : PeerComparison.classicRemove(n)) {
        deleted.add(line.substring("link del dev ".length()));
      }
      assertEquals(created(PeerComparison.classicCreate(n)), deleted, "group of " + n);
    }
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, PeerComparison.median(new double[] {4, 1, 3, 2}));
    assertEquals(3.0, PeerComparison.median(new long[] {5, 1, 3}));
  }

  private static Set<String> created(List<String> lines) {
    Set<String> names = new TreeSet<>();
    for (String line : lines) {
      String[] w = line.split(" ");
      if (w[0].equals("link") && w[1].equals("add")) {
        names.add(w[2].equals("link") ? w[5] : w[2]);
      }
    }
    return names;
  }
}
