package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Derived device names, owner tags, and network names kept in the catalog. */
class NamesAndCatalogTest {

  @Test
  void shortGroupsGetReadableNamesLongOnesAStableHash() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(host);
    Topology t =
        Topology.builder()
            .adapterGroup("storage-fabric-a", "eth0")
            .adapterGroup("storage-fabric-b", "eth1")
            .build();
    net.apply(t);
    List<String> ours =
        host.state().devices().values().stream()
            .filter(d -> d.isBond() || d.isBridge())
            .map(Device::name)
            .toList();
    assertEquals(4, ours.size(), ours::toString);
    for (String name : ours) {
      assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 15, name);
      assertTrue(name.matches("g[bv]-stora-[0-9a-f]{6}"), name);
    }
    assertEquals(
        ours,
        HostNetwork.of(InMemoryHost.withAdapters("eth0", "eth1")).plan(t).changes().stream()
            .filter(c -> c instanceof Change.CreateBond || c instanceof Change.CreateBridge)
            .map(Change::device)
            .sorted()
            .toList(),
        "the same names on another host, in another run");
    assertNotEquals(ours.get(0), ours.get(1));
    assertEquals(t, net.observe(), "the group names come back from the owner tags");
    Device bridge =
        host.state().devices().values().stream()
            .filter(d -> d.alias().equals(Optional.of("gallium-net:bridge:storage-fabric-a")))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("storage-fabric-a"), bridge.altNames());
  }

  @Test
  void aVlanTheCatalogDoesNotKnowGetsADerivedName() {
    InMemoryHost host = QuickStartTest.host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(QuickStartTest.quickStart());
    host.changeByOthers(new Change.AddPortVlans("gb-uplink", List.of(VlanRange.tagged(300, 300))));
    Topology seen = net.observe();
    assertEquals(Optional.of("uplink"), seen.network("uplink.vlan300").map(n -> n.adapterGroup()));
    assertEquals(
        QuickStartTest.quickStart().toBuilder()
            .vlanNetwork("uplink.vlan300", "uplink", 300)
            .build(),
        seen);
  }

  @Test
  void theCatalogIsSharedByEveryHostNetworkOnTheHost() {
    InMemoryHost host = QuickStartTest.host();
    HostNetwork.of(host).apply(QuickStartTest.quickStart());
    assertEquals(QuickStartTest.quickStart(), HostNetwork.of(host).observe());
  }

  @Test
  void aHostNetworkNeedsADriver() {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> HostNetwork.builder().build());
    assertEquals("driver is required: HostNetwork.builder().driver(host).build()", e.getMessage());
  }
}
