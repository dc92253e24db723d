package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.AdapterGroup;
import io.gallium.net.FailoverPolicy;
import io.gallium.net.Lacp;
import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.TopologyArbitraries.HostShape;
import io.gallium.net.core.internal.DeviceNames;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Changing the settings of running groups (MTU, failover policy, LACP) is the minimal set of
 * changes, and never creates a bridge again; a bond only when its mode or LACP rate changes, which
 * Linux changes only on a bond without slaves.
 */
class GroupSettingsPropertiesTest {

  /** One group's settings. */
  record Settings(int mtu, FailoverPolicy failover, Optional<Lacp> lacp) {
    /** LACP takes no ARP monitoring: such a draw keeps link monitoring. */
    Settings {
      if (lacp.isPresent() && failover.arpMonitoring()) {
        failover = FailoverPolicy.DEFAULT;
      }
    }
  }

  @Provide
  Arbitrary<HostShape> hosts() {
    return TopologyArbitraries.hosts();
  }

  @Provide
  Arbitrary<Topology> topologies() {
    return TopologyArbitraries.topologies();
  }

  @Provide
  Arbitrary<List<Settings>> settings() {
    Arbitrary<Integer> mtu = Arbitraries.of(1500, 9000, 4000);
    Arbitrary<FailoverPolicy> policy =
        Arbitraries.of(
            FailoverPolicy.DEFAULT,
            FailoverPolicy.DEFAULT.withFailback(false),
            FailoverPolicy.DEFAULT.withLinkCheckMillis(50).withDelays(200, 50),
            FailoverPolicy.DEFAULT.withArpTargets("192.0.2.1", "192.0.2.2"));
    Arbitrary<Optional<Lacp>> lacp =
        Arbitraries.of(
            Optional.empty(),
            Optional.of(Lacp.DEFAULT),
            Optional.of(new Lacp(Lacp.TransmitHash.LAYER3_4, Lacp.Rate.FAST)),
            Optional.of(new Lacp(Lacp.TransmitHash.LAYER2, Lacp.Rate.SLOW)));
    return Combinators.combine(mtu, policy, lacp)
        .as(Settings::new)
        .list()
        .ofSize(TopologyArbitraries.GROUPS.size());
  }

  private static Topology with(Topology t, List<Settings> settings) {
    Topology.Builder b = t.toBuilder();
    for (int i = 0; i < TopologyArbitraries.GROUPS.size(); i++) {
      String g = TopologyArbitraries.GROUPS.get(i);
      if (t.adapterGroup(g).isEmpty()) {
        continue;
      }
      Settings s = settings.get(i);
      b.mtu(g, s.mtu()).failover(g, s.failover()).activeBackup(g);
      s.lacp().ifPresent(l -> b.lacp(g, l.transmitHash(), l.rate()));
    }
    return b.build();
  }

  private static boolean recreated(AdapterGroup a, AdapterGroup b) {
    return !a.mode().equals(b.mode())
        || (b.lacp().isPresent() && !a.lacp().get().rate().equals(b.lacp().get().rate()));
  }

  @Property(tries = 200)
  void changingSettingsOfRunningGroupsIsMinimalAndKeepsTheirDevices(
      @ForAll("hosts") HostShape shape,
      @ForAll("topologies") Topology topology,
      @ForAll("settings") List<Settings> first,
      @ForAll("settings") List<Settings> second) {
    InMemoryHost host = shape.create();
    HostNetwork net = TopologyArbitraries.network(host);
    Topology a = with(topology, first);
    Topology b = with(topology, second);
    net.apply(a);
    Plan plan = net.plan(b);

    List<Change> expected = new ArrayList<>();
    Set<String> recreatedBonds = new HashSet<>();
    for (AdapterGroup gb : b.adapterGroups()) {
      AdapterGroup ga = a.adapterGroup(gb.name()).orElseThrow();
      String bond = DeviceNames.bond(gb.name());
      String bridge = DeviceNames.bridge(gb.name());
      if (recreated(ga, gb)) {
        recreatedBonds.add(bond);
        continue;
      }
      if (ga.mtu() != gb.mtu()) {
        expected.add(new Change.SetMtu(bond, gb.mtu()));
        expected.add(new Change.SetMtu(bridge, gb.mtu()));
        for (VmPort p : b.vmPorts()) {
          if (b.network(p.network()).get().adapterGroup().equals(gb.name())) {
            expected.add(new Change.SetMtu(p.name(), gb.mtu()));
          }
        }
      }
      boolean liveSettings =
          !ga.failover().equals(gb.failover())
              || !ga.lacp().map(Lacp::transmitHash).equals(gb.lacp().map(Lacp::transmitHash));
      if (liveSettings) {
        expected.add(new Change.SetBondSettings(bond, bondOf(host, bond)));
      }
    }
    for (Change c : plan.changes()) {
      boolean ofRecreated =
          recreatedBonds.contains(c.device())
              || host.state()
                  .device(c.device())
                  .flatMap(d -> d.master())
                  .filter(recreatedBonds::contains)
                  .isPresent();
      assertTrue(
          !(c instanceof Change.CreateBridge)
              && !(c instanceof Change.DeleteDevice d && !ofRecreated),
          "no bridge is created again, no device deleted but a bond whose mode changes: " + plan);
    }
    List<Object> kept =
        plan.changes().stream()
            .filter(
                c ->
                    recreatedBonds.stream()
                        .noneMatch(
                            bond ->
                                c.device().equals(bond)
                                    || host.state()
                                        .device(c.device())
                                        .flatMap(d -> d.master())
                                        .filter(bond::equals)
                                        .isPresent()
                                    || (c instanceof Change.SetMaster m
                                        && m.master().equals(bond))))
            .map(GroupSettingsPropertiesTest::settingsOnly)
            .toList();
    if (recreatedBonds.isEmpty()) {
      assertEquals(
          new HashSet<>(expected.stream().map(GroupSettingsPropertiesTest::settingsOnly).toList()),
          new HashSet<>(kept),
          "only the settings that changed: " + plan);
      assertEquals(expected.size(), plan.size(), plan::toString);
    }
    net.apply(b);
    assertEquals(b, net.observe(), "the settings read back");
    assertTrue(net.plan(b).isEmpty());
  }

  /** A settings change compared by what it sets (SetBondMiimon counts as one too). */
  private static Object settingsOnly(Change c) {
    if (c instanceof Change.SetBondSettings || c instanceof Change.SetBondMiimon) {
      return "bond settings of " + c.device();
    }
    return c;
  }

  private static io.gallium.net.core.spi.BondSettings bondOf(InMemoryHost host, String bond) {
    return host.state().device(bond).orElseThrow().bond().orElseThrow();
  }
}
