package io.gallium.net.core;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.Macs;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Random valid topologies over one random-ish host, from a seed. */
final class TopologyArbitraries {

  static final List<String> ADAPTERS = List.of("eth0", "eth1", "eth2", "eth3", "eth4");
  static final List<String> PORTS = List.of("tap0", "tap1", "tap2", "tap3", "vnet-long-name1");
  static final List<String> GROUPS = List.of("uplink", "storage", "a-group-with-a-long-name");
  static final int[] VIDS = {2, 3, 4, 5, 100, 101, 102, 4094};

  private TopologyArbitraries() {}

  /**
   * A host with adapters (eth3 carries an address, allowed; mgmt0 carries one, never used), VM port
   * devices, and devices gallium-net does not own: a bridge br0 with eth9 in it, a bond bond0, a
   * veth.
   */
  static InMemoryHost host(long seed) {
    Random r = new Random(seed);
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
    host.addDevice(
        Device.builder("veth-x", DeviceKind.PORT).up(r.nextBoolean()).carrier(true).build());
    if (r.nextBoolean()) {
      host.setCarrier("eth1", false);
    }
    return host;
  }

  static HostNetwork network(InMemoryHost host) {
    return HostNetwork.builder().driver(host).allowAdapterAddresses("eth3").build();
  }

  /** A random valid topology over {@link #host}. */
  static Topology topology(Random r) {
    Topology.Builder b = Topology.builder();
    List<String> free = new ArrayList<>(ADAPTERS);
    Collections.shuffle(free, r);
    List<String> networks = new ArrayList<>();
    for (String g : GROUPS) {
      if (free.isEmpty() || r.nextInt(3) == 0) {
        continue;
      }
      int n = Math.min(free.size(), 1 + r.nextInt(2));
      List<String> mine = new ArrayList<>(free.subList(0, n));
      free.subList(0, n).clear();
      b.adapterGroup(g, mine.toArray(String[]::new));
      for (int vid : VIDS) {
        if (r.nextInt(3) == 0) {
          String name = g.substring(0, 3) + "-" + vid + (r.nextInt(4) == 0 ? "-renamed" : "");
          b.vlanNetwork(name, g, vid);
          networks.add(name);
        }
      }
      if (r.nextBoolean()) {
        String name = g.substring(0, 3) + "-native";
        b.untaggedNetwork(name, g);
        networks.add(name);
      }
    }
    if (!networks.isEmpty()) {
      for (String p : PORTS) {
        if (r.nextInt(3) > 0) {
          b.vmPort(p, networks.get(r.nextInt(networks.size())));
        }
      }
    }
    return b.build();
  }
}
