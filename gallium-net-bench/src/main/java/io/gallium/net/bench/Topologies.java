package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.HostState;
import io.gallium.net.core.InMemoryHost;

/**
 * The topologies the benchmarks plan and apply: one adapter group of two adapters carrying
 * {@code n} networks (the untagged one and VLANs from 2 up, so 4094 is every VLAN a group can
 * carry) with one VM port on each.
 */
public final class Topologies {
    /** The largest group: the untagged network and VLANs 2..4094. */
    public static final int MAX_NETWORKS = 4094;
    static final String GROUP = "uplink";
    static final String ACTIVE = "eth0";
    static final String STANDBY = "eth1";
    /** A port device that exists on the host but is in no topology, for the attach benchmark. */
    static final String SPARE_PORT = "vp-spare";

    private Topologies() {
    }

    /** A group of {@code networks} networks (1..4094) with one VM port each. */
    public static Topology group(int networks) {
        return builder(networks).build();
    }

    /** The builder of {@link #group(int)}, to add or remove a port from. */
    public static Topology.Builder builder(int networks) {
        if (networks < 1 || networks > MAX_NETWORKS) {
            throw new IllegalArgumentException("a group carries 1.." + MAX_NETWORKS + " networks, not " + networks);
        }
        Topology.Builder b = Topology.builder().adapterGroup(GROUP, ACTIVE, STANDBY);
        b.untaggedNetwork(network(0), GROUP).vmPort(port(0), network(0));
        for (int i = 1; i < networks; i++) {
            b.vlanNetwork(network(i), GROUP, i + 1).vmPort(port(i), network(i));
        }
        return b;
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

    /** An in-memory host with both adapters, the port devices of {@code ports} VM ports and a spare one. */
    public static InMemoryHost hostFor(int ports) {
        InMemoryHost host = InMemoryHost.withAdapters(ACTIVE, STANDBY);
        for (int i = 0; i < ports; i++) {
            host.addPort(port(i));
        }
        host.addPort(SPARE_PORT);
        return host;
    }

    /** The state a host reaches once {@code topology} is applied to a fresh {@link #hostFor} host. */
    public static HostState applied(Topology topology, int ports) {
        InMemoryHost host = hostFor(ports);
        HostNetwork.of(host).apply(topology);
        return host.state();
    }
}
