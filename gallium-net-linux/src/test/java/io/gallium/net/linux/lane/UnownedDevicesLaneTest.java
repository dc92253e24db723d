package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.linux.testing.LinkSnapshot;
import io.gallium.net.linux.testing.SwitchedHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices gallium-net does not own stay exactly as they are, in iproute2's eyes, through an apply
 * and the removal of everything applied: an adapter-like NIC with an address (as the host's
 * management NIC would be), and a foreign VLAN-filtering bridge with a port and VLANs of its own.
 * The adapters a group took are given back as they were, too.
 */
@Tag("lane")
class UnownedDevicesLaneTest {
  private static final Set<String> UNOWNED =
      Set.of("lo", "mgmt0", "br-foreign", "fport", "fport-p");
  private static final Set<String> ADAPTERS = Set.of("nic0", "nic1");

  @Test
  void unownedDevicesAreUntouchedByApplyAndRemoval(@TempDir Path journal) {
    try (SwitchedHost bench = SwitchedHost.create(2, false)) {
      bench.tap("tap-vm1").vmPort("vm2", "eth-vm2", null).cable("mgmt0", "swp9").wire();
      bench
          .host()
          .ipBatch(
              List.of(
                  "addr add 192.0.2.10/24 dev mgmt0",
                  "link set mgmt0 up",
                  "link add br-foreign type bridge vlan_filtering 1",
                  "link set br-foreign alias someone-elses-bridge",
                  "link add fport type veth peer name fport-p",
                  "link set fport master br-foreign",
                  "link set fport up",
                  "link set br-foreign up"));
      bench.host().bridgeOk("vlan", "add", "vid", "300", "dev", "fport", "pvid", "untagged");
      LinkSnapshot unowned = LinkSnapshot.of(bench.host(), UNOWNED::contains);
      LinkSnapshot adapters = LinkSnapshot.of(bench.host(), ADAPTERS::contains);
      assertEquals(UNOWNED, unowned.links().keySet());

      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      RefusedTopologyException refused =
          assertThrows(
              RefusedTopologyException.class,
              () -> network.apply(Topology.builder().adapterGroup("uplink", "mgmt0").build()));
      assertTrue(refused.getMessage().contains("mgmt0"), refused.getMessage());
      assertUnchanged(
          unowned, LinkSnapshot.of(bench.host(), UNOWNED::contains), "after the refused topology");

      network.apply(QuickStartLaneTest.quickStart());
      assertUnchanged(unowned, LinkSnapshot.of(bench.host(), UNOWNED::contains), "after the apply");

      network.apply(Topology.empty());
      assertEquals(Topology.empty(), network.observe());
      assertUnchanged(
          unowned, LinkSnapshot.of(bench.host(), UNOWNED::contains), "after the removal");
      assertUnchanged(
          adapters,
          LinkSnapshot.of(bench.host(), ADAPTERS::contains),
          "adapters given back after the removal");
    }
  }

  private static void assertUnchanged(LinkSnapshot before, LinkSnapshot after, String when) {
    assertEquals(before, after, when + ": " + before.differencesFrom(after));
  }
}
