package io.gallium.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.TopologyError.Code;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random builder call sequences, valid and invalid, checked against an oracle written independently
 * of the builder: a brute-force reading of the model's rules.
 */
class TopologyPropertiesTest {

  /** One builder call. */
  sealed interface Call permits Group, Vlan, Untagged, Port, RemoveNetwork {
    void applyTo(Topology.Builder builder);
  }

  record Group(String name, List<String> adapters) implements Call {
    public void applyTo(Topology.Builder b) {
      b.adapterGroup(name, adapters.toArray(String[]::new));
    }
  }

  record Vlan(String name, String group, int vlan) implements Call {
    public void applyTo(Topology.Builder b) {
      b.vlanNetwork(name, group, vlan);
    }
  }

  record Untagged(String name, String group) implements Call {
    public void applyTo(Topology.Builder b) {
      b.untaggedNetwork(name, group);
    }
  }

  record Port(String name, String network) implements Call {
    public void applyTo(Topology.Builder b) {
      b.vmPort(name, network);
    }
  }

  record RemoveNetwork(String name) implements Call {
    public void applyTo(Topology.Builder b) {
      b.removeNetwork(name);
    }
  }

  // Small pools so that names collide, adapters are shared and VLAN IDs clash often.
  private static final List<String> GROUPS = List.of("uplink", "storage", "g3", "bad group", "");
  private static final List<String> ADAPTERS =
      List.of("eth0", "eth1", "eth2", "eth3", "a/b", "sixteen-bytes-xx");
  private static final List<String> NETWORKS = List.of("prod", "dev", "mgmt", "n-4", "-bad");
  private static final List<String> PORTS = List.of("tap0", "tap1", "tap2", "eth1", "bad:port");
  private static final List<Integer> VLANS = List.of(-1, 0, 1, 2, 100, 200, 4094, 4095, 4096);

  @Provide
  Arbitrary<List<Call>> calls() {
    Arbitrary<Call> group =
        Combinators.combine(Arbitraries.of(GROUPS), Arbitraries.of(ADAPTERS).list().ofMaxSize(3))
            .as(Group::new);
    Arbitrary<Call> vlan =
        Combinators.combine(Arbitraries.of(NETWORKS), Arbitraries.of(GROUPS), Arbitraries.of(VLANS))
            .as(Vlan::new);
    Arbitrary<Call> untagged =
        Combinators.combine(Arbitraries.of(NETWORKS), Arbitraries.of(GROUPS)).as(Untagged::new);
    Arbitrary<Call> port =
        Combinators.combine(Arbitraries.of(PORTS), Arbitraries.of(NETWORKS)).as(Port::new);
    Arbitrary<Call> remove = Arbitraries.of(NETWORKS).map(RemoveNetwork::new);
    return Arbitraries.frequencyOf(
            List.of(
                Tuple.of(4, group),
                Tuple.of(5, vlan),
                Tuple.of(2, untagged),
                Tuple.of(4, port),
                Tuple.of(1, remove)))
        .list()
        .ofMaxSize(14);
  }

  /** Valid topologies: mostly correct sequences, so that the valid side is well covered too. */
  @Provide
  Arbitrary<List<Call>> validCalls() {
    return Arbitraries.integers()
        .between(0, 4)
        .flatMap(
            groupCount -> {
              List<Call> calls = new ArrayList<>();
              for (int g = 0; g < groupCount; g++) {
                calls.add(
                    new Group(
                        "g" + g,
                        g % 2 == 0
                            ? List.of("eth" + (2 * g), "eth" + (2 * g + 1))
                            : List.of("eth" + (2 * g))));
              }
              return Arbitraries.integers()
                  .between(0, 30)
                  .list()
                  .ofMaxSize(groupCount == 0 ? 0 : 12)
                  .map(
                      vlans -> {
                        List<Call> all = new ArrayList<>(calls);
                        for (int i = 0; i < vlans.size(); i++) {
                          String group = "g" + (i % groupCount);
                          all.add(
                              i == 0
                                  ? new Untagged("net" + i, group)
                                  : new Vlan("net" + i, group, 2 + i * 31 + vlans.get(i)));
                          if (vlans.get(i) % 3 == 0) {
                            all.add(new Port("tap" + i, "net" + i));
                          }
                        }
                        return all;
                      });
            });
  }

  /** The same calls in two orders. */
  record Orders(List<Call> inOrder, List<Call> shuffled) {}

  /** Calls, and the same with the declarations shuffled; removals stay last in both. */
  @Provide
  Arbitrary<Orders> callsInTwoOrders() {
    return calls()
        .flatMap(
            calls -> {
              // Removals depend on order by nature (remove, then declare again): they stay last.
              List<Call> declarations = new ArrayList<>(calls);
              declarations.removeIf(c -> c instanceof RemoveNetwork);
              List<Call> removals = new ArrayList<>(calls);
              removals.removeAll(declarations);
              List<Call> inOrder = new ArrayList<>(declarations);
              inOrder.addAll(removals);
              return permutations(declarations)
                  .map(
                      shuffled -> {
                        List<Call> all = new ArrayList<>(shuffled);
                        all.addAll(removals);
                        return new Orders(inOrder, all);
                      });
            });
  }

  @Provide
  Arbitrary<Orders> validCallsInTwoOrders() {
    return validCalls().flatMap(calls -> permutations(calls).map(s -> new Orders(calls, s)));
  }

  /**
   * Orders of {@code items}, by sorting them on random keys: shrinks towards the order given (all
   * keys equal), unlike {@link Arbitraries#shuffle}, whose orders do not shrink.
   */
  private static <T> Arbitrary<List<T>> permutations(List<T> items) {
    return Arbitraries.integers()
        .between(0, 1_000_000)
        .withDistribution(RandomDistribution.uniform())
        .list()
        .ofSize(items.size())
        .map(
            keys ->
                IntStream.range(0, items.size())
                    .boxed()
                    .sorted(Comparator.comparing(keys::get))
                    .map(items::get)
                    .toList());
  }

  private static Topology.Builder builderOf(List<Call> calls) {
    Topology.Builder builder = Topology.builder();
    calls.forEach(c -> c.applyTo(builder));
    return builder;
  }

  @Property
  void errorsAreExactlyTheBrokenRules(@ForAll("calls") List<Call> calls) {
    Validation<Seq<TopologyError>, Topology> result = builderOf(calls).validate();
    Set<String> expected = Oracle.broken(calls);
    Set<String> reported =
        result.isValid()
            ? Set.of()
            : new TreeSet<>(result.getError().map(e -> e.code() + " " + e.subject()).asJava());
    assertEquals(expected, reported);
    assertEquals(expected.isEmpty(), result.isValid());
  }

  @Property
  void buildThrowsTheSameNonEmptyErrorsThatValidateReturns(@ForAll("calls") List<Call> calls) {
    Topology.Builder builder = builderOf(calls);
    Validation<Seq<TopologyError>, Topology> result = builder.validate();
    if (result.isValid()) {
      assertEquals(result.get(), builder.build());
      return;
    }
    InvalidTopologyException e = assertThrows(InvalidTopologyException.class, builder::build);
    assertFalse(e.errors().isEmpty());
    assertEquals(result.getError().asJava(), e.errors());
    e.errors().forEach(err -> assertFalse(err.message().isBlank()));
  }

  @Property
  void errorsDoNotDependOnCallOrder(@ForAll("callsInTwoOrders") Orders orders) {
    assertEquals(builderOf(orders.inOrder()).validate(), builderOf(orders.shuffled()).validate());
  }

  @Property
  void aBuiltTopologySatisfiesEveryRule(@ForAll("validCalls") List<Call> calls) {
    Topology t = builderOf(calls).build();
    assertTrue(Oracle.broken(calls).isEmpty());
    Set<String> adapters = new HashSet<>();
    for (AdapterGroup g : t.adapterGroups()) {
      assertTrue(g.adapters().size() == 1 || g.adapters().size() == 2);
      g.adapters().forEach(a -> assertTrue(adapters.add(a), "adapter in two groups: " + a));
    }
    Map<String, Set<Integer>> tags = new TreeMap<>();
    for (Network n : t.networks()) {
      assertTrue(t.adapterGroup(n.adapterGroup()).isPresent());
      int tag = n.vlanId().map(VlanId::value).orElse(-1);
      assertTrue(tag == -1 || (tag >= 2 && tag <= 4094));
      assertTrue(tags.computeIfAbsent(n.adapterGroup(), k -> new HashSet<>()).add(tag));
    }
    t.vmPorts()
        .forEach(
            p -> {
              assertTrue(t.network(p.network()).isPresent());
              assertFalse(adapters.contains(p.name()));
            });
  }

  @Property
  void toBuilderThenBuildIsIdentity(@ForAll("validCalls") List<Call> calls) {
    Topology t = builderOf(calls).build();
    assertEquals(t, t.toBuilder().build());
    assertEquals(t.toString(), t.toBuilder().build().toString());
  }

  @Property
  void validSequencesStayValidInAnyOrder(@ForAll("validCallsInTwoOrders") Orders orders) {
    assertEquals(builderOf(orders.inOrder()).build(), builderOf(orders.shuffled()).build());
  }

  /** The generators make valid and invalid sequences alike, and orders other than the given. */
  @Property
  void callsAreValidAndInvalidInManyOrders(@ForAll("callsInTwoOrders") Orders orders) {
    Statistics.label("valid")
        .collect(Oracle.broken(orders.inOrder()).isEmpty())
        .coverage(
            c -> {
              c.check(true).percentage(p -> p > 5);
              c.check(false).percentage(p -> p > 50);
            });
    Statistics.label("reordered")
        .collect(!orders.inOrder().equals(orders.shuffled()))
        .coverage(c -> c.check(true).percentage(p -> p > 50));
  }

  /** The rules, read as plainly as possible from the model, pair by pair. */
  static final class Oracle {
    static Set<String> broken(List<Call> calls) {
      List<Group> groups = new ArrayList<>();
      List<Call> networks = new ArrayList<>();
      List<Port> ports = new ArrayList<>();
      for (Call c : calls) {
        if (c instanceof Group g) {
          groups.add(g);
        } else if (c instanceof Vlan || c instanceof Untagged) {
          networks.add(c);
        } else if (c instanceof Port p) {
          ports.add(p);
        } else if (c instanceof RemoveNetwork r) {
          networks.removeIf(n -> name(n).equals(r.name()));
        }
      }
      Set<String> out = new TreeSet<>();
      for (int i = 0; i < groups.size(); i++) {
        Group g = groups.get(i);
        if (!entityName(g.name())) {
          out.add(Code.INVALID_NAME + " " + g.name());
        }
        if (g.adapters().isEmpty()) {
          out.add(Code.NO_ADAPTERS + " " + g.name());
        }
        if (g.adapters().size() > 2) {
          out.add(Code.TOO_MANY_ADAPTERS + " " + g.name());
        }
        for (int a = 0; a < g.adapters().size(); a++) {
          String adapter = g.adapters().get(a);
          if (!interfaceName(adapter)) {
            out.add(Code.INVALID_NAME + " " + adapter);
          }
          for (int b = a + 1; b < g.adapters().size(); b++) {
            if (adapter.equals(g.adapters().get(b))) {
              out.add(Code.ADAPTER_REPEATED + " " + adapter);
            }
          }
        }
        for (int j = 0; j < groups.size(); j++) {
          Group h = groups.get(j);
          if (j != i && g.name().equals(h.name())) {
            out.add(Code.DUPLICATE_NAME + " " + g.name());
          }
          if (!g.name().equals(h.name())) {
            g.adapters().stream()
                .filter(h.adapters()::contains)
                .forEach(a -> out.add(Code.ADAPTER_IN_SEVERAL_GROUPS + " " + a));
          }
        }
      }
      Set<String> groupNames = groups.stream().map(Group::name).collect(Collectors.toSet());
      for (int i = 0; i < networks.size(); i++) {
        Call n = networks.get(i);
        if (!entityName(name(n))) {
          out.add(Code.INVALID_NAME + " " + name(n));
        }
        if (!groupNames.contains(group(n))) {
          out.add(Code.UNKNOWN_ADAPTER_GROUP + " " + name(n));
        }
        if (n instanceof Vlan v && (v.vlan() < 2 || v.vlan() > 4094)) {
          out.add(Code.VLAN_ID_OUT_OF_RANGE + " " + name(n));
        }
        for (int j = 0; j < networks.size(); j++) {
          Call m = networks.get(j);
          if (j != i && name(n).equals(name(m))) {
            out.add(Code.DUPLICATE_NAME + " " + name(n));
          }
          // The later name of two (in name order) is the one reported.
          if (!name(n).equals(name(m))
              && group(n).equals(group(m))
              && name(m).compareTo(name(n)) < 0) {
            if (n instanceof Untagged && m instanceof Untagged) {
              out.add(Code.SECOND_UNTAGGED_NETWORK + " " + name(n));
            }
            if (n instanceof Vlan v && m instanceof Vlan w && v.vlan() == w.vlan()) {
              out.add(Code.DUPLICATE_VLAN_ID + " " + name(n));
            }
          }
        }
      }
      Set<String> networkNames = networks.stream().map(Oracle::name).collect(Collectors.toSet());
      Set<String> adapters =
          groups.stream().flatMap(g -> g.adapters().stream()).collect(Collectors.toSet());
      for (int i = 0; i < ports.size(); i++) {
        Port p = ports.get(i);
        if (!interfaceName(p.name())) {
          out.add(Code.INVALID_NAME + " " + p.name());
        }
        if (!networkNames.contains(p.network())) {
          out.add(Code.UNKNOWN_NETWORK + " " + p.name());
        }
        if (adapters.contains(p.name())) {
          out.add(Code.PORT_IS_ADAPTER + " " + p.name());
        }
        for (int j = 0; j < ports.size(); j++) {
          if (j != i && p.name().equals(ports.get(j).name())) {
            out.add(Code.DUPLICATE_NAME + " " + p.name());
          }
        }
      }
      return out;
    }

    private static String name(Call network) {
      return network instanceof Vlan v ? v.name() : ((Untagged) network).name();
    }

    private static String group(Call network) {
      return network instanceof Vlan v ? v.group() : ((Untagged) network).group();
    }

    // The pools hold only ASCII, so these two stay simple on purpose.
    private static boolean entityName(String s) {
      return s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    }

    private static boolean interfaceName(String s) {
      return !s.isEmpty()
          && s.length() <= 15
          && !s.contains("/")
          && !s.contains(":")
          && !s.contains(" ");
    }
  }
}
