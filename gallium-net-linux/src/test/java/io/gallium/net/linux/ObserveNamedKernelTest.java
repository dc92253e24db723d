package io.gallium.net.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link LinuxHost#observe(Set)} gives exactly what {@link LinuxHost#observe()} gives for those
 * names, on this machine's kernel: bridges, ports, free veths, addresses, an alias, an alternative
 * name, and names the host lacks. This kernel has no bridge VLAN database, so the AF_BRIDGE dump
 * fallback runs here; the lane runs the RTM_GETVLAN path ({@code ObserveNamedLaneTest}).
 */
class ObserveNamedKernelTest {
  private static final int SETS = 60;

  /** Two bridges with ports (one port's peer carries addresses), free veths, an alias, altnames. */
  static void build(TestNamespace ns) {
    ns.ipBatch(
        List.of(
            "link add gb-a type bridge",
            "link add gb-b type bridge",
            "link add gv-a0 type veth peer name gv-p0",
            "link add gv-a1 type veth peer name gv-p1",
            "link add gv-b0 type veth peer name gv-q0",
            "link add gv-free type veth peer name gv-peer",
            "link set gv-a0 master gb-a",
            "link set gv-a1 master gb-a",
            "link set gv-b0 master gb-b",
            "link set gb-a up",
            "link set gv-a0 up",
            "link set gv-p0 up",
            "link set gv-free up",
            "link set gb-b alias gallium-net:group:b",
            "link property add dev gv-a1 altname gv-alt-name",
            "addr add 192.0.2.7/24 dev gv-p0",
            "addr add 198.51.100.1/25 dev gv-p0",
            "addr add 2001:db8::7/64 dev gv-p0 nodad",
            "addr add 203.0.113.9/24 dev gb-a"));
  }

  @Test
  void namedDevicesAreTheWholeObservationNarrowed() {
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      build(ns);
      HostState all = host.observe();
      List<String> pool = new ArrayList<>(all.devices().keySet());
      pool.addAll(List.of("gv-missing", "gone", "gv-alt-name", "a-name-longer-than-15"));
      long seed = new Random().nextLong();
      Random random = new Random(seed);
      for (int i = 0; i < SETS; i++) {
        Set<String> names = new TreeSet<>();
        int size = random.nextInt(6);
        while (names.size() < size) {
          names.add(pool.get(random.nextInt(pool.size())));
        }
        assertEquals(narrowed(all, names), host.observe(names), "seed " + seed + ", " + names);
      }
      assertEquals(all, host.observe(all.devices().keySet()), "every device at once");
    }
  }

  @Test
  void aPortNamedAloneComesWithItsMastersNameAndItsAddresses() {
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      build(ns);
      HostState some = host.observe(Set.of("gv-a0", "gv-p0", "gv-missing"));
      assertEquals(Set.of("gv-a0", "gv-p0"), some.devices().keySet());
      assertEquals("gb-a", some.device("gv-a0").orElseThrow().master().orElseThrow());
      List<String> addresses = some.device("gv-p0").orElseThrow().addresses();
      assertEquals(3, addresses.size(), addresses.toString());
      assertEquals(List.of("192.0.2.7/24", "198.51.100.1/25"), addresses.subList(0, 2));
      assertTrue(host.observe(Set.of()).devices().isEmpty());
    }
  }

  static HostState narrowed(HostState all, Set<String> names) {
    List<Device> devices = new ArrayList<>();
    for (String name : names) {
      all.device(name).ifPresent(devices::add);
    }
    return HostState.of(devices);
  }
}
