package io.gallium.net.core;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.Macs;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * The core tests' generators: valid topologies, hosts with devices we do not own, and changes.
 * Built from jqwik combinators, so that a failing case shrinks: each choice shrinks towards "left
 * out", "first", or "as listed" (fewer groups, networks and ports; adapters in their listed order).
 */
final class TopologyArbitraries {

  static final List<String> ADAPTERS = List.of("eth0", "eth1", "eth2", "eth3", "eth4");
  static final List<String> PORTS = List.of("tap0", "tap1", "tap2", "tap3", "vnet-long-name1");
  static final List<String> GROUPS = List.of("uplink", "storage", "a-group-with-a-long-name");
  static final int[] VIDS = {2, 3, 4, 5, 100, 101, 102, 4094};

  private TopologyArbitraries() {}

  /**
   * The host the topologies are made for: adapters (eth3 carries an address, allowed; mgmt0 carries
   * one, never used), VM port devices, and devices gallium-net does not own: a bridge br0 with eth9
   * in it, a bond bond0, a veth. What varies is the state of the veth and of eth1's link.
   *
   * <p>A shape, not a host: tests that replay one case (a fault at every request) need a fresh host
   * each time.
   */
  record HostShape(boolean vethUp, boolean eth1WithoutCarrier) {
    InMemoryHost create() {
      List<String> adapters = new ArrayList<>(ADAPTERS);
      adapters.add("eth9");
      adapters.add("mgmt0");
      InMemoryHost host = InMemoryHost.withAdapters(adapters.toArray(String[]::new));
      host.addAddress("mgmt0", "192.0.2.10/24");
      host.addAddress("eth3", "198.51.100.7/24");
      for (String p : PORTS) {
        host.addPort(p);
      }
      host.addDevice(
          Device.builder("br0", DeviceKind.BRIDGE)
              .mac(Macs.derived("br0"))
              .up(true)
              .alias("the host's own bridge")
              .addAltName("lan")
              .build());
      host.changeByOthers(new Change.SetMaster("eth9", "br0"));
      host.addDevice(
          Device.builder("bond0", DeviceKind.BOND).mac(Macs.derived("bond0")).mtu(9000).build());
      host.addDevice(Device.builder("veth-x", DeviceKind.PORT).up(vethUp).carrier(true).build());
      if (eth1WithoutCarrier) {
        host.setCarrier("eth1", false);
      }
      return host;
    }
  }

  /** A host, and two topologies to apply on it one after the other. */
  record Transition(HostShape host, Topology a, Topology b) {}

  static HostNetwork network(InMemoryHost host) {
    return HostNetwork.builder().driver(host).allowAdapterAddresses("eth3").build();
  }

  /** Hosts as {@link HostShape} describes them, each variation half of the time. */
  static Arbitrary<HostShape> hosts() {
    return Combinators.combine(chance(1, 2), chance(1, 2)).as(HostShape::new);
  }

  /** A host and two topologies for it, drawn independently. */
  static Arbitrary<Transition> transitions() {
    return Combinators.combine(hosts(), topologies(), topologies()).as(Transition::new);
  }

  /**
   * Valid topologies over a {@link HostShape}'s adapters and VM ports: each of {@link #GROUPS} in
   * two cases of three, with one or two adapters while there are free ones; each of {@link #VIDS}
   * on a group in one case of three (named for the VID, or in one case of four a name that says it
   * was renamed); an untagged network on half of the groups; each port on some network in two cases
   * of three.
   */
  static Arbitrary<Topology> topologies() {
    Arbitrary<GroupShape> group =
        Combinators.combine(
                chance(2, 3),
                Arbitraries.integers().between(1, 2),
                chance(1, 3).list().ofSize(VIDS.length),
                chance(1, 4).list().ofSize(VIDS.length),
                chance(1, 2))
            .as(GroupShape::new);
    Arbitrary<PortShape> port = Combinators.combine(chance(2, 3), picks()).as(PortShape::new);
    return Combinators.combine(
            permutations(ADAPTERS),
            group.list().ofSize(GROUPS.size()),
            port.list().ofSize(PORTS.size()))
        .as(TopologyArbitraries::topology);
  }

  private record GroupShape(
      boolean present, int adapters, List<Boolean> vids, List<Boolean> renamed, boolean untagged) {}

  /** A port on a network, picked by index modulo the number of networks. */
  private record PortShape(boolean attached, int network) {}

  private static Topology topology(
      List<String> adapterOrder, List<GroupShape> groups, List<PortShape> ports) {
    Topology.Builder b = Topology.builder();
    List<String> free = new ArrayList<>(adapterOrder);
    List<String> networks = new ArrayList<>();
    for (int i = 0; i < GROUPS.size(); i++) {
      String g = GROUPS.get(i);
      GroupShape shape = groups.get(i);
      if (free.isEmpty() || !shape.present()) {
        continue;
      }
      int n = Math.min(free.size(), shape.adapters());
      List<String> mine = new ArrayList<>(free.subList(0, n));
      free.subList(0, n).clear();
      b.adapterGroup(g, mine.toArray(String[]::new));
      for (int v = 0; v < VIDS.length; v++) {
        if (shape.vids().get(v)) {
          String name =
              g.substring(0, 3) + "-" + VIDS[v] + (shape.renamed().get(v) ? "-renamed" : "");
          b.vlanNetwork(name, g, VIDS[v]);
          networks.add(name);
        }
      }
      if (shape.untagged()) {
        String name = g.substring(0, 3) + "-native";
        b.untaggedNetwork(name, g);
        networks.add(name);
      }
    }
    if (!networks.isEmpty()) {
      for (int p = 0; p < PORTS.size(); p++) {
        PortShape shape = ports.get(p);
        if (shape.attached()) {
          b.vmPort(PORTS.get(p), networks.get(shape.network() % networks.size()));
        }
      }
    }
    return b.build();
  }

  /**
   * A change to a device of a state, not yet bound to one: which devices it names is known only
   * once the state it applies to is (the state of the previous changes). The fifteen kinds come
   * equally often; a device is picked by index modulo the state's devices plus one new name.
   */
  record ChangeShape(
      int kind, int device, int other, int vid, boolean flag, boolean flag2, int tag, int span) {

    Change on(HostState s) {
      List<String> names = new ArrayList<>(s.devices().keySet());
      names.add("new0");
      String d = names.get(device % names.size());
      String o = names.get(other % names.size());
      switch (kind) {
        case 0:
          return new Change.CreateBond(d, flag ? 9000 : 1500, 100);
        case 1:
          return new Change.CreateBridge(d, 1500);
        case 2:
          // Plans delete only bonds and bridges, after releasing their ports.
          boolean deletable =
              s.device(d).filter(x -> x.isBond() || x.isBridge()).isPresent()
                  && s.portsOf(d).isEmpty();
          return deletable ? new Change.DeleteDevice(d) : new Change.SetUp(d, false);
        case 3:
          return new Change.SetMaster(d, o);
        case 4:
          return new Change.ReleaseMaster(d);
        case 5:
          return new Change.SetUp(d, flag);
        case 6:
          return new Change.SetMtu(d, flag ? 9000 : 1500);
        case 7:
          return new Change.SetAlias(d, flag ? Optional.of("tag " + tag) : Optional.empty());
        case 8:
          return flag
              ? new Change.AddAltName(d, "alt" + tag)
              : new Change.RemoveAltName(d, "alt" + tag);
        case 9:
          return new Change.SetBondPrimary(d, flag ? Optional.of(o) : Optional.empty());
        case 10:
          return new Change.AddPortVlans(
              d,
              flag
                  ? List.of(new VlanRange(vid, vid + span, false, flag2))
                  : List.of(VlanRange.access(vid)));
        case 11:
          return new Change.RemovePortVlans(d, List.of(VlanRange.tagged(vid, vid + span)));
        case 12:
          return new Change.SetBondMiimon(d, flag ? 0 : 100);
        case 13:
          return new Change.SetBridgeSettings(d, new BridgeSettings(flag, flag2 ? vid : 0));
        default:
          return new Change.SetBondSettings(
              d,
              new BondSettings(
                  BondSettings.ACTIVE_BACKUP,
                  flag ? 0 : 100,
                  Optional.empty(),
                  Optional.empty(),
                  flag ? 0 : 200 * span,
                  flag2 ? 100 : 0,
                  flag2 ? BondSettings.RESELECT_FAILURE : BondSettings.RESELECT_ALWAYS,
                  flag ? 100 : 0,
                  flag ? List.of("192.0.2." + (tag + 1)) : List.of(),
                  flag2 ? "layer3+4" : BondSettings.HASH_LAYER2,
                  BondSettings.LACP_SLOW));
      }
    }
  }

  /** Changes as {@link ChangeShape} describes them: VIDs 1 to 20, ranges of up to five. */
  static Arbitrary<ChangeShape> changes() {
    return Combinators.combine(
            // Uniform: jqwik's default favours small numbers, and some kinds came too rarely.
            Arbitraries.integers().between(0, 14).withDistribution(RandomDistribution.uniform()),
            picks(),
            picks(),
            Arbitraries.integers().between(1, 20),
            chance(1, 2),
            chance(1, 2),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 4))
        .as(ChangeShape::new);
  }

  /** An index to take modulo a size not known yet: even over sizes up to some tens, 0 shrunk. */
  private static Arbitrary<Integer> picks() {
    return Arbitraries.integers().between(0, 999).withDistribution(RandomDistribution.uniform());
  }

  /**
   * {@code in} of {@code of} cases true; shrinks to false (a choice left out is the smaller case).
   */
  static Arbitrary<Boolean> chance(int in, int of) {
    return Arbitraries.integers()
        .between(1, of)
        .withDistribution(RandomDistribution.uniform())
        .map(i -> i > of - in);
  }

  /**
   * Orders of {@code items}, by sorting them on random keys: shrinks towards the order given (all
   * keys equal), unlike {@link Arbitraries#shuffle}, whose orders do not shrink.
   */
  static <T> Arbitrary<List<T>> permutations(List<T> items) {
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
}
