package io.gallium.net.linux.lane;

import static io.gallium.net.linux.lane.QuickStartLaneTest.data;
import static io.gallium.net.linux.lane.QuickStartLaneTest.link;
import static io.gallium.net.linux.lane.QuickStartLaneTest.vidFlags;
import static io.gallium.net.linux.lane.QuickStartLaneTest.vlans;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.Plan;
import io.gallium.net.core.Subscription;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge's VLAN filtering and default PVID and a bond's link monitoring, changed by someone else
 * with iproute2 on a real kernel, are drift that apply puts back without recreating anything,
 * checked with {@code ip -d -j link show} and {@code bridge -j vlan show} (#12 item 2).
 */
@Tag("lane")
class ManagedSettingsLaneTest {

  @Test
  void settingsOthersChangeArePlannedBackAndRestored(@TempDir Path journal) throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, false)) {
      bench.tap("tap-vm1");
      bench.vmPort("vm2", "eth-vm2", null).wire();
      Topology topology = QuickStartLaneTest.quickStart();
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      network.apply(topology);
      TestNamespace host = bench.host();
      assertTrue(
          network.plan(topology).isEmpty(),
          "the settings the kernel reports of an untouched bond and bridge are what we want");

      List<NetworkEvent> events = new CopyOnWriteArrayList<>();
      try (Subscription sub = network.subscribe(events::add)) {
        host.ipOk("link", "set", "gv-uplink", "type", "bridge", "vlan_filtering", "0");
        host.ipOk("link", "set", "gb-uplink", "type", "bond", "miimon", "0");
        assertEquals(0L, data(link(host, "gv-uplink"), "info_data").get("vlan_filtering"));
        assertEquals(0L, data(link(host, "gb-uplink"), "info_data").get("miimon"));
        awaitDrift(events, "gv-uplink: bridge vlan_filtering is 0, expected 1");
        awaitDrift(events, "gb-uplink: bond miimon is 0, expected 100");
      }
      assertEquals(topology, network.observe(), "the topology still reads back");
      Plan plan = network.plan(topology);
      assertEquals(
          List.of(
              new Change.SetBondMiimon("gb-uplink", 100),
              new Change.SetBridgeSettings("gv-uplink", BridgeSettings.vlanAware())),
          plan.changes());
      assertTrue(network.apply(topology).changed());
      assertEquals(1L, data(link(host, "gv-uplink"), "info_data").get("vlan_filtering"));
      assertEquals(0L, data(link(host, "gv-uplink"), "info_data").get("vlan_default_pvid"));
      assertEquals(100L, data(link(host, "gb-uplink"), "info_data").get("miimon"));
      assertTrue(network.plan(topology).isEmpty());

      // A default PVID: the kernel gives it to every port without that VLAN, as PVID untagged,
      // so the VM of VLAN 100 lands in the untagged network; apply takes it back out.
      host.ipOk("link", "set", "gv-uplink", "type", "bridge", "vlan_default_pvid", "1");
      assertEquals(
          Map.of(1L, Set.of("PVID", "Egress Untagged"), 100L, Set.of("Egress Untagged")),
          vidFlags(vlans(host).get("tap-vm1")));
      assertTrue(network.apply(topology).changed());
      assertEquals(0L, data(link(host, "gv-uplink"), "info_data").get("vlan_default_pvid"));
      assertEquals(
          Map.of(100L, Set.of("PVID", "Egress Untagged")), vidFlags(vlans(host).get("tap-vm1")));
      assertEquals(Map.of(1L, Set.of("PVID", "Egress Untagged")), vidFlags(vlans(host).get("vm2")));
      assertTrue(network.plan(topology).isEmpty());
    }
  }

  private static void awaitDrift(List<NetworkEvent> events, String line) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (events.stream()
        .noneMatch(e -> e instanceof NetworkEvent.Drift d && d.differences().contains(line))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no drift event '" + line + "' in " + events);
      }
      Thread.sleep(20);
    }
  }
}
