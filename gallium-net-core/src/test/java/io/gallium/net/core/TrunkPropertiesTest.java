package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Network;
import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.TopologyArbitraries.HostShape;
import io.gallium.net.core.internal.VlanFlags;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Trunks changing on a running host, generated so that they shrink: one set of groups and networks,
 * and two ways (A, then B) of putting the VM ports on them, each port an access port, a trunk over
 * some of one group's networks (with or without native network), or on no network.
 *
 * <p>What is checked, for every VM port device P, with old = the (bridge, VID) entries P carries
 * after A and new = those it carries after B, on the state the in-memory kernel has after <em>each
 * single change</em> of applying B (the driver below runs a batch one change at a time):
 *
 * <ol>
 *   <li>P carries no (bridge, VID) outside old ∪ new;
 *   <li>once P carries an entry of new that old lacks, it carries none outside new;
 *   <li>P's PVID is old's, new's or none, and the VIDs it sends untagged are untagged in old or in
 *       new: untagged frames never cross into a third network;
 *   <li>a running trunk (or access port) that stays on its bridge and stays up changes minimally:
 *       at most one RemovePortVlans, of exactly the VIDs of old \ new, and one AddPortVlans, of
 *       exactly the entries of new whose flags differ from old; no re-enslave, no down/up;
 *   <li>observe() gives back A, then B.
 * </ol>
 *
 * The same checks hold for {@code attachTrunk}/{@code attachTaggedTrunk} of a random trunk on a
 * host at A, and a fault at every request (or a crash after every request, then {@code recover()})
 * of either way of changing trunks leaves the host exactly as it was.
 */
class TrunkPropertiesTest {

  /** How one port is put on the networks: left as the base topology has it, or a trunk. */
  record TrunkShape(boolean trunk, int group, List<Boolean> networks, int nativePick) {}

  /** A host, a topology, and two ways of putting its ports on its networks. */
  record Change2(HostShape host, Topology base, List<TrunkShape> a, List<TrunkShape> b) {
    Topology topologyA() {
      return withTrunks(base, a);
    }

    Topology topologyB() {
      return withTrunks(base, b);
    }
  }

  @Provide
  Arbitrary<Change2> changes() {
    Arbitrary<TrunkShape> shape =
        Combinators.combine(
                TopologyArbitraries.chance(2, 3),
                Arbitraries.integers().between(0, 2),
                TopologyArbitraries.chance(1, 2).list().ofSize(TopologyArbitraries.VIDS.length + 1),
                Arbitraries.integers().between(0, TopologyArbitraries.VIDS.length + 1))
            .as(TrunkShape::new);
    Arbitrary<List<TrunkShape>> shapes = shape.list().ofSize(TopologyArbitraries.PORTS.size());
    return Combinators.combine(
            TopologyArbitraries.hosts(), TopologyArbitraries.topologies(), shapes, shapes)
        .as(Change2::new);
  }

  /**
   * {@code base} with each port whose shape says so made a trunk over the picked networks of the
   * picked group: native the picked one (none for pick 0), or the group's untagged network when the
   * trunk carries it (a port carries it only as native network).
   */
  static Topology withTrunks(Topology base, List<TrunkShape> shapes) {
    Topology.Builder b = base.toBuilder();
    for (int p = 0; p < TopologyArbitraries.PORTS.size(); p++) {
      String port = TopologyArbitraries.PORTS.get(p);
      trunkOf(base, shapes.get(p))
          .ifPresent(
              t -> {
                b.removeVmPort(port);
                if (t.nativeNetwork() == null) {
                  b.taggedTrunkPort(port, t.tagged().get(0), t.moreTagged());
                } else {
                  b.trunkPort(port, t.nativeNetwork(), t.tagged().toArray(String[]::new));
                }
              });
    }
    return b.build();
  }

  /** A trunk's networks: its native network (null for none) and its tagged ones (not empty). */
  record Trunk(String nativeNetwork, List<String> tagged) {
    String[] moreTagged() {
      return tagged.subList(1, tagged.size()).toArray(String[]::new);
    }
  }

  /** The trunk a shape describes on {@code base}'s networks, if it describes one. */
  static Optional<Trunk> trunkOf(Topology base, TrunkShape s) {
    if (base.adapterGroups().isEmpty() || !s.trunk()) {
      return Optional.empty();
    }
    String group = base.adapterGroups().get(s.group() % base.adapterGroups().size()).name();
    List<Network> of = base.networksOf(group);
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < of.size(); i++) {
      if (s.networks().get(i)) {
        picked.add(of.get(i).name());
      }
    }
    if (picked.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> untagged =
        of.stream()
            .filter(Network::isUntagged)
            .map(Network::name)
            .filter(picked::contains)
            .findFirst();
    String nativeNetwork =
        untagged.orElse(s.nativePick() == 0 ? null : picked.get(s.nativePick() % picked.size()));
    picked.remove(nativeNetwork);
    if (nativeNetwork == null || !picked.isEmpty()) {
      return Optional.of(new Trunk(nativeNetwork, picked));
    }
    return Optional.empty();
  }

  /** Runs every batch one change at a time and keeps the host's state after each change. */
  private static final class EveryStep extends ForwardingDriver {
    final InMemoryHost host;
    final List<HostState> states = new ArrayList<>();

    EveryStep(InMemoryHost host) {
      super(host);
      this.host = host;
    }

    @Override
    public List<ChangeOutcome> execute(List<Change> changes) {
      List<ChangeOutcome> outcomes = new ArrayList<>();
      for (Change c : changes) {
        outcomes.addAll(delegate.execute(List.of(c)));
        states.add(host.state());
      }
      return outcomes;
    }
  }

  /** (bridge, VID) entries of a port on one of our bridges, with their flags. */
  private static Map<String, Integer> carried(HostState s, String port) {
    Map<String, Integer> out = new TreeMap<>();
    Optional<Device> d = s.device(port);
    Optional<Device> master = d.flatMap(Device::master).flatMap(s::device);
    if (master
        .filter(Device::isBridge)
        .flatMap(Device::alias)
        .filter(a -> a.startsWith("gallium-net:"))
        .isEmpty()) {
      return out;
    }
    VlanFlags.of(d.get().vlans()).forEach((vid, f) -> out.put(master.get().name() + "/" + vid, f));
    return out;
  }

  private static Set<String> withFlag(Map<String, Integer> entries, int flag) {
    Set<String> out = new TreeSet<>();
    entries.forEach(
        (k, f) -> {
          if ((f & flag) != 0) {
            out.add(k);
          }
        });
    return out;
  }

  @Property(tries = 200)
  void aPortNeverCarriesAVlanItIsNotGivenNotEvenWhileChanging(@ForAll("changes") Change2 c) {
    InMemoryHost host = c.host().create();
    EveryStep driver = new EveryStep(host);
    HostNetwork net = HostNetwork.builder().driver(driver).allowAdapterAddresses("eth3").build();
    Topology a = c.topologyA();
    Topology b = c.topologyB();
    net.apply(a);
    assertEquals(a, net.observe());
    HostState before = host.state();
    driver.states.clear();
    ApplyResult result = net.apply(b);
    HostState after = host.state();
    assertEquals(b, net.observe());

    for (String port : TopologyArbitraries.PORTS) {
      checkEveryStep(before, after, driver.states, port, result.plan());
      Statistics.label("port")
          .collect(
              kindOf(a.vmPort(port)) + " -> " + kindOf(b.vmPort(port)),
              sameBridge(before, after, port));
    }
  }

  /** A trunk attached with attachTrunk/attachTaggedTrunk on a host at A: the same checks. */
  @Property(tries = 300)
  void attachTrunkKeepsThePortWithinItsOldAndNewVlans(@ForAll("attaches") AttachCase c) {
    InMemoryHost host = c.change().host().create();
    EveryStep driver = new EveryStep(host);
    HostNetwork net = HostNetwork.builder().driver(driver).allowAdapterAddresses("eth3").build();
    Topology a = c.change().topologyA();
    net.apply(a);
    HostState before = host.state();
    driver.states.clear();
    ApplyResult result = attach(net, c.port(), c.trunk());
    HostState after = host.state();
    assertEquals(expected(a, c), net.observe());
    for (String port : TopologyArbitraries.PORTS) {
      checkEveryStep(before, after, driver.states, port, result.plan());
    }
    Statistics.label("attached")
        .collect(
            kindOf(a.vmPort(c.port())), c.trunk().nativeNetwork() == null ? "no native" : "native");
  }

  @Property(tries = 30)
  void aFaultAtEveryRequestOfATrunkChangeLeavesTheHostAsItWas(@ForAll("attaches") AttachCase c) {
    Topology a = c.change().topologyA();
    Topology b = c.change().topologyB();
    for (boolean viaAttach : new boolean[] {true, false}) {
      int requests = requests(c, viaAttach);
      for (int i = 1; i <= requests; i++) {
        InMemoryHost host = c.change().host().create();
        TopologyArbitraries.network(host).apply(a);
        HostState before = host.state();
        host.failOnRequest(i);
        int index = i;
        ApplyException e =
            assertThrows(
                ApplyException.class,
                () -> change(TopologyArbitraries.network(host), c, b, viaAttach),
                () -> "fault at request " + index);
        assertTrue(e.rolledBack(), e::getMessage);
        assertEquals(before, host.state(), () -> "host after a fault at request " + index);
      }
    }
  }

  @Property(tries = 30)
  void aCrashAtEveryRequestOfATrunkChangeThenRecoverLeavesTheHostAsItWas(
      @ForAll("attaches") AttachCase c) {
    Topology a = c.change().topologyA();
    Topology b = c.change().topologyB();
    for (boolean viaAttach : new boolean[] {true, false}) {
      int requests = requests(c, viaAttach);
      for (int i = 0; i < requests; i++) {
        InMemoryHost host = c.change().host().create();
        TopologyArbitraries.network(host).apply(a);
        HostState before = host.state();
        host.crashAfterRequests(i);
        int index = i;
        assertThrows(
            InMemoryHost.Crash.class,
            () -> change(TopologyArbitraries.network(host), c, b, viaAttach),
            () -> "crash after " + index);
        assertTrue(TopologyArbitraries.network(host).recover());
        assertEquals(before, host.state(), () -> "host after a crash after " + index);
      }
    }
  }

  /** How many requests the change (the attach of the case, or applying B) makes from A. */
  private static int requests(AttachCase c, boolean viaAttach) {
    InMemoryHost host = c.change().host().create();
    TopologyArbitraries.network(host).apply(c.change().topologyA());
    long from = host.requestCount();
    change(TopologyArbitraries.network(host), c, c.change().topologyB(), viaAttach);
    return (int) (host.requestCount() - from);
  }

  private static ApplyResult change(HostNetwork net, AttachCase c, Topology b, boolean viaAttach) {
    return viaAttach ? attach(net, c.port(), c.trunk()) : net.apply(b);
  }

  /** A host at A, one of its ports, and a trunk of A's networks to attach it as. */
  record AttachCase(Change2 change, String port, Trunk trunk) {}

  @Provide
  Arbitrary<AttachCase> attaches() {
    Arbitrary<TrunkShape> shape =
        Combinators.combine(
                Arbitraries.just(true),
                Arbitraries.integers().between(0, 2),
                TopologyArbitraries.chance(1, 2).list().ofSize(TopologyArbitraries.VIDS.length + 1),
                Arbitraries.integers().between(0, TopologyArbitraries.VIDS.length + 1))
            .as(TrunkShape::new);
    return Combinators.combine(changes(), Arbitraries.of(TopologyArbitraries.PORTS), shape)
        .as((c, port, s) -> trunkOf(c.topologyA(), s).map(t -> new AttachCase(c, port, t)))
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  private static ApplyResult attach(HostNetwork net, String port, Trunk t) {
    return t.nativeNetwork() == null
        ? net.attachTaggedTrunk(port, t.tagged().get(0), t.moreTagged())
        : net.attachTrunk(port, t.nativeNetwork(), t.tagged().toArray(String[]::new));
  }

  private static Topology expected(Topology a, AttachCase c) {
    Topology.Builder b = a.toBuilder().removeVmPort(c.port());
    Trunk t = c.trunk();
    return (t.nativeNetwork() == null
            ? b.taggedTrunkPort(c.port(), t.tagged().get(0), t.moreTagged())
            : b.trunkPort(c.port(), t.nativeNetwork(), t.tagged().toArray(String[]::new)))
        .build();
  }

  /**
   * Checks 1 to 4 of the class comment for {@code port}, on the states after each change ({@code
   * states}) of the {@code plan} that took the host from {@code before} to {@code after}.
   */
  private static void checkEveryStep(
      HostState before, HostState after, List<HostState> states, String port, Plan plan) {
    Map<String, Integer> oldE = carried(before, port);
    Map<String, Integer> newE = carried(after, port);
    Set<String> allowed = new HashSet<>(oldE.keySet());
    allowed.addAll(newE.keySet());
    Set<String> untaggedAllowed = withFlag(oldE, VlanFlags.UNTAGGED);
    untaggedAllowed.addAll(withFlag(newE, VlanFlags.UNTAGGED));
    Set<String> pvidAllowed = withFlag(oldE, VlanFlags.PVID);
    pvidAllowed.addAll(withFlag(newE, VlanFlags.PVID));
    boolean gotNew = false;
    int step = 0;
    for (HostState s : states) {
      step++;
      Map<String, Integer> now = carried(s, port);
      String where =
          port
              + " at step "
              + step
              + " of "
              + plan
              + ": carries "
              + now
              + ", old "
              + oldE
              + ", new "
              + newE;
      assertTrue(allowed.containsAll(now.keySet()), where);
      gotNew |= now.keySet().stream().anyMatch(e -> newE.containsKey(e) && !oldE.containsKey(e));
      if (gotNew) {
        assertTrue(newE.keySet().containsAll(now.keySet()), where);
      }
      assertTrue(untaggedAllowed.containsAll(withFlag(now, VlanFlags.UNTAGGED)), where);
      assertTrue(pvidAllowed.containsAll(withFlag(now, VlanFlags.PVID)), where);
    }
    checkMinimal(before, after, port, plan.changes());
  }

  private static String kindOf(Optional<VmPort> p) {
    return p.map(x -> x.isTrunk() ? "trunk" : "access").orElse("none");
  }

  private static String sameBridge(HostState before, HostState after, String port) {
    Optional<String> was = before.device(port).flatMap(Device::master);
    return was.isPresent() && was.equals(after.device(port).flatMap(Device::master))
        ? "same bridge"
        : "other";
  }

  /**
   * A port that stays up on its bridge gets one removal of old \ new and one add of what differs.
   */
  private static void checkMinimal(
      HostState before, HostState after, String port, List<Change> plan) {
    Optional<Device> was = before.device(port);
    Optional<Device> is = after.device(port);
    if (was.isEmpty()
        || is.isEmpty()
        || was.get().master().isEmpty()
        || !was.get().master().equals(is.get().master())
        || !was.get().up()
        || !is.get().up()) {
      return;
    }
    TreeMap<Integer, Integer> oldF = VlanFlags.of(was.get().vlans());
    TreeMap<Integer, Integer> newF = VlanFlags.of(is.get().vlans());
    Set<Integer> gone = new TreeSet<>(oldF.keySet());
    gone.removeAll(newF.keySet());
    TreeMap<Integer, Integer> differ = new TreeMap<>();
    newF.forEach(
        (v, f) -> {
          if (!f.equals(oldF.get(v))) {
            differ.put(v, f);
          }
        });
    List<Change> expected = new ArrayList<>();
    if (!gone.isEmpty()) {
      TreeMap<Integer, Integer> none = new TreeMap<>();
      gone.forEach(v -> none.put(v, VlanFlags.NONE));
      expected.add(new Change.RemovePortVlans(port, VlanFlags.toRanges(none)));
    }
    if (!differ.isEmpty()) {
      expected.add(new Change.AddPortVlans(port, VlanFlags.toRanges(differ)));
    }
    List<Change> mine = plan.stream().filter(ch -> ch.device().equals(port)).toList();
    assertEquals(expected, mine, port + " in " + plan);
  }
}
