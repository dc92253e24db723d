package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.Topology;
import io.gallium.net.core.TopologyArbitraries.ChangeShape;
import io.gallium.net.core.TopologyArbitraries.HostShape;
import io.gallium.net.core.internal.Catalog;
import io.gallium.net.core.internal.KernelRules;
import io.gallium.net.core.internal.StateCodec;
import io.gallium.net.core.internal.Undo;
import io.gallium.net.core.internal.VlanFlags;
import io.gallium.net.core.spi.BondSettings;
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
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every change's inverse undoes it; states and catalogs survive the journal's text form; VLAN
 * ranges are canonical.
 */
class ChangePropertiesTest {

  @Provide
  Arbitrary<HostShape> hosts() {
    return TopologyArbitraries.hosts();
  }

  @Provide
  Arbitrary<Topology> topologies() {
    return TopologyArbitraries.topologies();
  }

  /** Twenty changes on average, as many as the sequences of fixed length this replaced. */
  @Provide
  Arbitrary<List<ChangeShape>> changeSequences() {
    return TopologyArbitraries.changes()
        .list()
        .ofMaxSize(40)
        .withSizeDistribution(RandomDistribution.uniform());
  }

  @Property(tries = 400)
  void everyChangeIsUndoneByItsInverse(
      @ForAll("hosts") HostShape hostShape,
      @ForAll("topologies") Topology topology,
      @ForAll("changeSequences") List<ChangeShape> changes)
      throws Exception {
    InMemoryHost host = hostShape.create();
    TopologyArbitraries.network(host).apply(topology);
    HostState s = host.state();
    for (ChangeShape shape : changes) {
      Change c = shape.on(s);
      HostState after;
      try {
        after = KernelRules.apply(s, c);
      } catch (KernelRules.Rejection refused) {
        continue;
      }
      HostState undone = after;
      for (Change u : inverse(c, s)) {
        undone = KernelRules.apply(undone, u);
      }
      assertEquals(withoutActive(s), withoutActive(undone), "undo of " + c + ": " + inverse(c, s));
      s = after;
    }
  }

  /** The one call of the engine's undo logic, whose home may move. */
  private static List<Change> inverse(Change change, HostState before) {
    return Undo.of(change, before);
  }

  /**
   * Without a primary that can be active (one that is up with carrier), which slave a bond keeps
   * active depends on history, as in the kernel: an undo cannot restore it. (A bond whose primary
   * has its link and is its slave has that primary active, so that is restored, unless it fails
   * back only on failure: then history decides again.)
   */
  private static HostState withoutActive(HostState s) {
    return HostState.of(
        s.devices().values().stream()
            .map(
                d ->
                    d.bond()
                        .filter(
                            b ->
                                BondSettings.RESELECT_FAILURE.equals(b.primaryReselect())
                                    || b.primary()
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

  @Property(tries = 200)
  void hostStatesSurviveTheJournal(
      @ForAll("hosts") HostShape hostShape,
      @ForAll("topologies") Topology topology,
      @ForAll @Size(max = 3)
          List<@net.jqwik.api.constraints.StringLength(max = 40) String> aliases) {
    InMemoryHost host = hostShape.create();
    TopologyArbitraries.network(host).apply(topology);
    HostState s = host.state();
    for (int i = 0; i < aliases.size(); i++) {
      String alias = aliases.get(i);
      host.addDevice(
          Device.builder("odd" + i, DeviceKind.PORT)
              .alias(alias)
              .addAltName("a,b " + i)
              .addAddress("fe80::1/64")
              .permanentMac("02:00:00:00:0d:0" + i)
              .build());
    }
    s = host.state();
    assertEquals(s, StateCodec.decode(Arrays.asList(StateCodec.encode(s).split("\n"))));
  }

  @Property(tries = 200)
  void catalogsSurviveTheirTextForm(
      @ForAll("hosts") HostShape hostShape, @ForAll("topologies") Topology topology) {
    InMemoryHost host = hostShape.create();
    HostNetwork net = TopologyArbitraries.network(host);
    net.apply(topology);
    Catalog c =
        host.defaultStore()
            .read(Catalog.KEY)
            .map(b -> Catalog.decode(b, "catalog"))
            .orElse(Catalog.empty());
    assertEquals(c, Catalog.decode(c.encode(), "catalog"));
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
    List<VlanRange> normal = VlanFlags.normalize(ranges);
    assertEquals(normal, VlanFlags.normalize(normal), "normalizing twice changes nothing");
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
