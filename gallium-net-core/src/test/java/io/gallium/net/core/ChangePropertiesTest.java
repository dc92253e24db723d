package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.internal.Catalog;
import io.gallium.net.core.internal.KernelRules;
import io.gallium.net.core.internal.StateCodec;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every change's inverse undoes it; states and catalogs survive the journal's text form; VLAN
 * ranges are canonical.
 */
class ChangePropertiesTest {

  @Property(tries = 400)
  void everyChangeIsUndoneByItsInverse(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    InMemoryHost host = TopologyArbitraries.host(seed);
    TopologyArbitraries.network(host).apply(TopologyArbitraries.topology(r));
    HostState s = host.state();
    for (int i = 0; i < 20; i++) {
      Change c = randomChange(r, s);
      HostState after;
      try {
        after = KernelRules.apply(s, c);
      } catch (KernelRules.Refusal refused) {
        continue;
      }
      HostState undone = after;
      for (Change u : c.inverse(s)) {
        undone = KernelRules.apply(undone, u);
      }
      assertEquals(withoutActive(s), withoutActive(undone), "undo of " + c + ": " + c.inverse(s));
      s = after;
    }
  }

  /**
   * Without a primary that can be active (one that is up with carrier), which slave a bond keeps
   * active depends on history, as in the kernel: an undo cannot restore it. (A bond whose primary
   * has its link and is its slave has that primary active, so that is restored.)
   */
  private static HostState withoutActive(HostState s) {
    return HostState.of(
        s.devices().values().stream()
            .map(
                d ->
                    d.bond()
                        .filter(
                            b ->
                                b.primary()
                                    .flatMap(s::device)
                                    .filter(
                                        p ->
                                            p.up()
                                                && p.carrier()
                                                && p.master().equals(Optional.of(d.name())))
                                    .isEmpty())
                        .map(b -> d.toBuilder().bond(b.withActiveAdapter(Optional.empty())).build())
                        .orElse(d))
            .toList());
  }

  private static Change randomChange(Random r, HostState s) {
    List<String> names = new ArrayList<>(s.devices().keySet());
    names.add("new0");
    String d = names.get(r.nextInt(names.size()));
    String other = names.get(r.nextInt(names.size()));
    int vid = 1 + r.nextInt(20);
    switch (r.nextInt(12)) {
      case 0:
        return new Change.CreateBond(d, 1500 + r.nextInt(2) * 7500, 100);
      case 1:
        return new Change.CreateBridge(d, 1500);
      case 2:
        // Plans delete only bonds and bridges, after releasing their ports.
        boolean deletable =
            s.device(d).filter(x -> x.isBond() || x.isBridge()).isPresent()
                && s.portsOf(d).isEmpty();
        return deletable ? new Change.DeleteDevice(d) : new Change.SetUp(d, false);
      case 3:
        return new Change.SetMaster(d, other);
      case 4:
        return new Change.ReleaseMaster(d);
      case 5:
        return new Change.SetUp(d, r.nextBoolean());
      case 6:
        return new Change.SetMtu(d, r.nextBoolean() ? 1500 : 9000);
      case 7:
        return new Change.SetAlias(
            d, r.nextBoolean() ? Optional.empty() : Optional.of("tag " + r.nextInt(3)));
      case 8:
        return r.nextBoolean()
            ? new Change.AddAltName(d, "alt" + r.nextInt(3))
            : new Change.RemoveAltName(d, "alt" + r.nextInt(3));
      case 9:
        return new Change.SetBondPrimary(
            d, r.nextBoolean() ? Optional.empty() : Optional.of(other));
      case 10:
        return new Change.AddPortVlans(
            d,
            r.nextBoolean()
                ? List.of(VlanRange.access(vid))
                : List.of(new VlanRange(vid, vid + r.nextInt(5), false, r.nextBoolean())));
      default:
        return new Change.RemovePortVlans(d, List.of(VlanRange.tagged(vid, vid + r.nextInt(5))));
    }
  }

  @Property(tries = 200)
  void hostStatesSurviveTheJournal(
      @ForAll long seed,
      @ForAll @Size(max = 3)
          List<@net.jqwik.api.constraints.StringLength(max = 40) String> aliases) {
    Random r = new Random(seed);
    InMemoryHost host = TopologyArbitraries.host(seed);
    TopologyArbitraries.network(host).apply(TopologyArbitraries.topology(r));
    HostState s = host.state();
    for (int i = 0; i < aliases.size(); i++) {
      String alias = aliases.get(i);
      host.addDevice(
          Device.builder("odd" + i, DeviceKind.PORT)
              .alias(alias)
              .addAltName("a,b " + i)
              .addAddress("fe80::1/64")
              .build());
    }
    s = host.state();
    assertEquals(s, StateCodec.decode(Arrays.asList(StateCodec.encode(s).split("\n"))));
  }

  @Property(tries = 200)
  void catalogsSurviveTheirTextForm(@ForAll long seed) {
    Random r = new Random(seed);
    InMemoryHost host = TopologyArbitraries.host(seed);
    HostNetwork net = TopologyArbitraries.network(host);
    net.apply(TopologyArbitraries.topology(r));
    Catalog c = Catalog.decode(host.defaultStore().read(Catalog.KEY).orElse(new byte[0]));
    assertEquals(c, Catalog.decode(c.encode()));
  }

  @Property
  void vlanRangesAreCanonical(
      @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 60) Integer> vids,
      @ForAll @IntRange(min = 0, max = 60) int pvid) {
    List<VlanRange> ranges = new ArrayList<>();
    TreeMap<Integer, Boolean> expected = new TreeMap<>();
    for (int v : vids) {
      ranges.add(VlanRange.tagged(v, v));
      expected.put(v, false);
    }
    if (pvid > 0) {
      ranges.add(VlanRange.access(pvid));
      expected.put(pvid, true);
    }
    List<VlanRange> normal = VlanRange.normalize(ranges);
    assertEquals(normal, VlanRange.normalize(normal), "normalizing twice changes nothing");
    TreeMap<Integer, Boolean> back = new TreeMap<>();
    for (VlanRange n : normal) {
      for (int v = n.first(); v <= n.last(); v++) {
        back.put(v, n.pvid());
      }
    }
    assertEquals(expected, back, "the same VIDs and flags");
    for (int i = 1; i < normal.size(); i++) {
      VlanRange a = normal.get(i - 1);
      VlanRange b = normal.get(i);
      boolean mergeable =
          a.last() + 1 == b.first() && !a.pvid() && !b.pvid() && a.untagged() == b.untagged();
      assertEquals(false, mergeable, "no two neighbours could be one range: " + normal);
    }
  }
}
