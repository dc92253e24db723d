package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;

/**
 * The topologies the benchmarks plan and apply: {@code n} networks with one VM port each, on
 * adapter groups of two adapters. A Linux bridge takes at most 1023 ports and a group's bond is one
 * of them, so a group carries at most {@value #PORTS_PER_GROUP} VM ports: up to that many networks
 * are one group (the untagged network and VLANs from 2 up), more are spread over several groups of
 * {@value #PORTS_PER_GROUP} (4094 networks and ports: five groups). The layout comparison's {@link
 * #networksOnly} has no ports and keeps one group of up to 4094.
 */
public final class Topologies {
  /** The largest group: the untagged network and VLANs 2..4094. */
  public static final int MAX_NETWORKS = 4094;

  /** The VM ports one group takes: a bridge's 1023 ports less the bond. */
  public static final int PORTS_PER_GROUP = 1022;

  static final String GROUP = "uplink";
  static final String ACTIVE = "eth0";
  static final String STANDBY = "eth1";

  /** A port device that exists on the host but is in no topology, for the attach benchmark. */
  static final String SPARE_PORT = "vp-spare";

  private Topologies() {}

  /** {@code networks} networks (1..4094) with one VM port each, over {@link #groups} groups. */
  public static Topology group(int networks) {
    return builder(networks).build();
  }

  /** The builder of {@link #group(int)}, to add or remove a port from. */
  public static Topology.Builder builder(int networks) {
    return builder(networks, PORTS_PER_GROUP);
  }

  /**
   * The networks a group of {@link #vmHost} carries: the host of 4 groups × 1 000 networks
   * × 1 000 ports leaves each group's bridge room for 22 more VM ports.
   */
  public static final int VM_HOST_NETWORKS_PER_GROUP = 1000;

  /**
   * A hypervisor's host of {@code ports} VM ports, one on each of as many networks, {@value
   * #VM_HOST_NETWORKS_PER_GROUP} networks a group: 10 ports are one group of 10 networks, 4 000
   * ports four groups of 1 000 networks. What the attach benchmarks attach one port more to.
   */
  public static Topology vmHost(int ports) {
    return builder(ports, VM_HOST_NETWORKS_PER_GROUP).build();
  }

  /** How many adapter groups {@link #vmHost} spreads {@code ports} ports over. */
  public static int vmHostGroups(int ports) {
    return (ports + VM_HOST_NETWORKS_PER_GROUP - 1) / VM_HOST_NETWORKS_PER_GROUP;
  }

  /** The network of group {@code g} of {@link #vmHost} that an attach benchmark attaches to. */
  public static String vmHostNetwork(int ports, int g) {
    int first = g * VM_HOST_NETWORKS_PER_GROUP;
    return network(first + Math.min(ports - first, VM_HOST_NETWORKS_PER_GROUP) / 2);
  }

  private static Topology.Builder builder(int networks, int perGroup) {
    if (networks < 1 || networks > MAX_NETWORKS) {
      throw new IllegalArgumentException("1.." + MAX_NETWORKS + " networks, not " + networks);
    }
    Topology.Builder b = Topology.builder();
    for (int g = 0; g < (networks + perGroup - 1) / perGroup; g++) {
      b.adapterGroup(groupName(g), adapter(2 * g), adapter(2 * g + 1));
    }
    for (int i = 0; i < networks; i++) {
      String group = groupName(i / perGroup);
      int j = i % perGroup;
      if (j == 0) {
        b.untaggedNetwork(network(i), group);
      } else {
        b.vlanNetwork(network(i), group, j + 1);
      }
      b.vmPort(port(i), network(i));
    }
    return b;
  }

  /**
   * How many adapter groups {@link #group(int)} spreads {@code networks} networks and their ports
   * over.
   */
  public static int groups(int networks) {
    return (networks + PORTS_PER_GROUP - 1) / PORTS_PER_GROUP;
  }

  private static String groupName(int g) {
    return g == 0 ? GROUP : GROUP + g;
  }

  private static String adapter(int i) {
    return "eth" + i;
  }

  /** The group of networks only, no VM ports (the layout comparison). */
  public static Topology networksOnly(int networks) {
    Topology.Builder b = Topology.builder().adapterGroup(GROUP, ACTIVE, STANDBY);
    b.untaggedNetwork(network(0), GROUP);
    for (int i = 1; i < networks; i++) {
      b.vlanNetwork(network(i), GROUP, i + 1);
    }
    return b.build();
  }

  /** The name of the {@code i}-th network. */
  public static String network(int i) {
    return "net" + i;
  }

  /** The device name of the {@code i}-th VM port (short: kernel names have at most 15 bytes). */
  public static String port(int i) {
    return "vp" + i;
  }

  /**
   * An in-memory host with the adapters of {@link #group(int)}, the port devices of {@code ports}
   * VM ports and a spare one.
   */
  public static InMemoryHost hostFor(int ports) {
    InMemoryHost host = withAdaptersAndPorts(Math.max(1, groups(ports)), ports);
    host.addPort(SPARE_PORT);
    return host;
  }

  /**
   * An in-memory host for {@link #vmHost}{@code (ports)}: its adapters, its port devices and {@code
   * spares} more ({@link #spare}), on no network yet.
   */
  public static InMemoryHost vmHostFor(int ports, int spares) {
    InMemoryHost host = withAdaptersAndPorts(vmHostGroups(ports), ports);
    for (int i = 0; i < spares; i++) {
      host.addPort(spare(i));
    }
    return host;
  }

  /**
   * An in-memory host with the two adapters of each of {@code groups} groups and {@code ports} VM
   * port devices.
   */
  private static InMemoryHost withAdaptersAndPorts(int groups, int ports) {
    String[] adapters = new String[2 * groups];
    for (int i = 0; i < adapters.length; i++) {
      adapters[i] = adapter(i);
    }
    InMemoryHost host = InMemoryHost.withAdapters(adapters);
    for (int i = 0; i < ports; i++) {
      host.addPort(port(i));
    }
    return host;
  }

  /** The device name of the {@code i}-th spare port, which attach benchmarks attach. */
  public static String spare(int i) {
    return "vs" + i;
  }

  /** The state a host reaches once {@code topology} is applied to a fresh {@link #hostFor} host. */
  public static HostState applied(Topology topology, int ports) {
    InMemoryHost host = hostFor(ports);
    HostNetwork.of(host).apply(topology);
    return host.state();
  }
}
