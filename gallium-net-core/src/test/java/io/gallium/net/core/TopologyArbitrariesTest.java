package io.gallium.net.core;

import io.gallium.net.Network;
import io.gallium.net.Topology;
import io.gallium.net.core.TopologyArbitraries.ChangeShape;
import io.gallium.net.core.TopologyArbitraries.HostShape;
import io.gallium.net.core.internal.KernelRules;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The generators still make every kind of case the seeded generators made before them: the
 * properties that use them are only as good as that.
 */
class TopologyArbitrariesTest {

  @Provide
  Arbitrary<Topology> topologies() {
    return TopologyArbitraries.topologies();
  }

  @Provide
  Arbitrary<HostShape> hosts() {
    return TopologyArbitraries.hosts();
  }

  @Provide
  Arbitrary<ChangeShape> changes() {
    return TopologyArbitraries.changes();
  }

  @Property(tries = 1000)
  void topologiesRangeFromEmptyToEveryGroupWithBondsPortsAndRenames(
      @ForAll("topologies") Topology t) {
    List<Network> networks = t.networks();
    Statistics.label("groups")
        .collect(t.adapterGroups().size())
        .coverage(
            c -> {
              c.check(0).percentage(p -> p > 1);
              c.check(1).percentage(p -> p > 10);
              c.check(3).percentage(p -> p > 15);
            });
    Statistics.label("a bond")
        .collect(t.adapterGroups().stream().anyMatch(g -> g.adapters().size() == 2))
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("ports")
        .collect(t.vmPorts().size())
        .coverage(
            c -> {
              c.check(0).percentage(p -> p > 5);
              c.check(5).percentage(p -> p > 5);
            });
    Statistics.label("untagged")
        .collect(networks.stream().anyMatch(n -> n.vlanId().isEmpty()))
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("renamed")
        .collect(networks.stream().anyMatch(n -> n.name().endsWith("-renamed")))
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("VID 4094")
        .collect(
            networks.stream().anyMatch(n -> n.vlanId().filter(v -> v.value() == 4094).isPresent()))
        .coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("shuffled adapters")
        .collect(
            t.adapterGroups().stream()
                .flatMap(g -> g.adapters().stream())
                .anyMatch(a -> !a.equals("eth0") && !a.equals("eth1")))
        .coverage(c -> c.check(true).percentage(p -> p > 30));
  }

  @Property(tries = 200)
  void hostsComeInEveryVariation(@ForAll("hosts") HostShape h) {
    Statistics.label("host")
        .collect(h.vethUp(), h.eth1WithoutCarrier())
        .coverage(
            c -> {
              c.check(false, false).percentage(p -> p > 10);
              c.check(true, true).percentage(p -> p > 10);
            });
  }

  @Property(tries = 1000)
  void changesAreOfEveryKindAndSomeAreRefused(
      @ForAll("hosts") HostShape h,
      @ForAll("topologies") Topology t,
      @ForAll("changes") ChangeShape change) {
    InMemoryHost host = h.create();
    TopologyArbitraries.network(host).apply(t);
    HostState s = host.state();
    boolean refused;
    try {
      KernelRules.apply(s, change.on(s));
      refused = false;
    } catch (KernelRules.Rejection e) {
      refused = true;
    }
    Statistics.label("kind")
        .collect(change.kind())
        .coverage(
            c -> {
              // Every kind is drawn (1/15 each, uniform); the bound is loose so that a run's
              // spread (edge cases mixed in, a replayed seed) cannot fail it.
              for (int kind = 0; kind < 15; kind++) {
                c.check(kind).percentage(p -> p > 1);
              }
            });
    Statistics.label("refused")
        .collect(refused)
        .coverage(
            c -> {
              c.check(true).percentage(p -> p > 10);
              c.check(false).percentage(p -> p > 10);
            });
  }
}
