package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The quick start of the README, end to end on an in-memory host. */
class QuickStartTest {

  static Topology quickStart() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .vlanNetwork("prod", "uplink", 100)
        .untaggedNetwork("mgmt", "uplink")
        .vmPort("tap-vm1", "prod")
        .build();
  }

  static InMemoryHost host() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    host.addPort("tap-vm1");
    return host;
  }

  @Test
  void thePlanReadsAsWhatWillHappenInOrder() {
    Plan plan = HostNetwork.of(host()).plan(quickStart());
    assertEquals(
        """
        plan: 17 changes in 6 stages
          stage 1: take adapters down before they join a bond
            set eth0 down
            set eth1 down
          stage 2: create bonds and bridges
            create bond gb-uplink (active-backup, miimon 100, mtu 1500)
            create bridge gv-uplink (vlan_filtering 1, default_pvid 0, mtu 1500)
          stage 3: set aliases, alternative names and MTUs
            set gb-uplink alias "gallium-net:bond:uplink"
            set gv-uplink alias "gallium-net:bridge:uplink"
            add gv-uplink altname uplink
          stage 4: enslave
            enslave eth0 to gb-uplink
            enslave eth1 to gb-uplink
            enslave gb-uplink to gv-uplink
            enslave tap-vm1 to gv-uplink
          stage 5: set VLANs and bond primaries
            add gb-uplink vlan 1 pvid untagged, 100
            set bond gb-uplink primary eth0
            add tap-vm1 vlan 100 pvid untagged
          stage 6: bring up (ports carry their VLANs by now)
            set gb-uplink up
            set gv-uplink up
            set tap-vm1 up""",
        plan.toString());
    assertEquals(17, plan.changes().size());
    assertFalse(plan.isEmpty());
  }

  @Test
  void applyBuildsTheDevicesAndObserveReadsTheTopologyBack() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    ApplyResult result = net.apply(quickStart());

    assertTrue(result.changed());
    HostState s = host.state();
    Device bond = s.device("gb-uplink").orElseThrow();
    assertEquals(Optional.of("gv-uplink"), bond.master());
    assertEquals(Optional.of("eth0"), bond.bond().orElseThrow().primary());
    assertEquals(Optional.of("eth0"), bond.bond().orElseThrow().activeAdapter());
    assertEquals(List.of(VlanRange.access(1), VlanRange.tagged(100, 100)), bond.vlans());
    Device bridge = s.device("gv-uplink").orElseThrow();
    assertEquals(BridgeSettings.vlanAware(), bridge.bridge().orElseThrow());
    assertEquals(List.of("uplink"), bridge.altNames());
    assertEquals(List.of(VlanRange.access(100)), s.device("tap-vm1").orElseThrow().vlans());
    assertTrue(s.device("tap-vm1").orElseThrow().up());
    assertEquals(
        Optional.empty(),
        s.device("eth2").orElseThrow().master(),
        "eth2 is not ours and stays alone");

    assertEquals(quickStart(), net.observe());
    assertEquals(
        quickStart(), HostNetwork.of(host).observe(), "a second HostNetwork reads the same names");
    assertTrue(net.plan(quickStart()).isEmpty());
    assertFalse(net.apply(quickStart()).changed(), "applying again changes nothing");
  }

  @Test
  void removingEverythingGivesTheAdaptersBackAsTheyWere() {
    Applied a = Applied.to(host(), quickStart());
    a.net().apply(Topology.empty());
    assertEquals(a.before().devices().keySet(), a.host().state().devices().keySet());
    assertTrue(a.host().state().device("eth0").orElseThrow().up());
    assertEquals(Optional.empty(), a.host().state().device("tap-vm1").orElseThrow().master());
    assertEquals(Topology.empty(), a.net().observe());
  }
}
