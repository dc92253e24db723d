package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trunks on the in-memory host: their bridge VLANs, observe, changes, attach and detach. */
class TrunkTest {

  /** uplink: mgmt untagged, prod 100, web 300; storage: dev 200. */
  private static Topology.Builder networks() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .adapterGroup("storage", "eth2")
        .untaggedNetwork("mgmt", "uplink")
        .vlanNetwork("prod", "uplink", 100)
        .vlanNetwork("web", "uplink", 300)
        .vlanNetwork("dev", "storage", 200);
  }

  private static InMemoryHost host() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    host.addPort("tap-r1");
    host.addPort("tap-r2");
    return host;
  }

  private static List<Change> of(String device, List<Change> changes) {
    return changes.stream().filter(c -> c.device().equals(device)).toList();
  }

  @Test
  void aTrunkIsItsVidsTaggedAndItsNativeAsPvidAndObserveGivesItBack() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    Topology t =
        networks()
            .trunkPort("tap-r1", "mgmt", "prod", "web")
            .taggedTrunkPort("tap-r2", "prod")
            .build();

    net.apply(t);

    Device r1 = host.state().device("tap-r1").orElseThrow();
    assertEquals(Optional.of("gv-uplink"), r1.master());
    assertEquals(
        List.of(VlanRange.access(1), VlanRange.tagged(100, 100), VlanRange.tagged(300, 300)),
        r1.vlans());
    assertTrue(r1.up());
    assertEquals(
        List.of(VlanRange.tagged(100, 100)), host.state().device("tap-r2").orElseThrow().vlans());
    assertEquals(t, net.observe(), "one tagged VLAN, or several, is read back as a trunk");
    assertFalse(net.apply(t).changed());
  }

  @Test
  void aVlanNetworkAsNativeIsItsVidAsPvidUntagged() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    Topology t = networks().trunkPort("tap-r1", "web", "prod").build();
    net.apply(t);
    assertEquals(
        List.of(VlanRange.tagged(100, 100), VlanRange.access(300)),
        host.state().device("tap-r1").orElseThrow().vlans());
    assertEquals(t, net.observe());
  }

  @Test
  void changingARunningTrunkRemovesWhatGoesFirstThenAddsAndNeverBouncesIt() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(networks().trunkPort("tap-r1", "mgmt", "prod").build());

    Topology next = networks().trunkPort("tap-r1", "prod", "web").build();
    List<Change> changes = of("tap-r1", net.apply(next).plan().changes());

    assertEquals(
        List.of(
            new Change.RemovePortVlans("tap-r1", List.of(VlanRange.tagged(1, 1))),
            new Change.AddPortVlans(
                "tap-r1", List.of(VlanRange.access(100), VlanRange.tagged(300, 300)))),
        changes);
    assertEquals(next, net.observe());
  }

  @Test
  void attachOnATrunkMakesItAnAccessPortOfThatNetwork() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(networks().trunkPort("tap-r1", "mgmt", "prod", "web").build());

    List<Change> changes = of("tap-r1", net.attach("tap-r1", "prod").plan().changes());

    assertEquals(
        List.of(
            new Change.RemovePortVlans(
                "tap-r1", List.of(VlanRange.tagged(1, 1), VlanRange.tagged(300, 300))),
            new Change.AddPortVlans("tap-r1", List.of(VlanRange.access(100)))),
        changes,
        "it leaves the VLANs it no longer carries before prod becomes untagged");
    VmPort r1 = net.observe().vmPort("tap-r1").orElseThrow();
    assertFalse(r1.isTrunk());
    assertEquals("prod", r1.network());
  }

  @Test
  void attachOnATrunkToAnotherGroupMovesIt() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(networks().trunkPort("tap-r1", "mgmt", "prod").build());

    net.attach("tap-r1", "dev");

    Device r1 = host.state().device("tap-r1").orElseThrow();
    assertEquals(Optional.of("gv-storage"), r1.master());
    assertEquals(List.of(VlanRange.access(200)), r1.vlans());
  }

  @Test
  void detachReleasesATrunk() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    Topology t = networks().trunkPort("tap-r1", "mgmt", "prod").build();
    net.apply(t);

    assertTrue(net.detach("tap-r1").changed());

    Device r1 = host.state().device("tap-r1").orElseThrow();
    assertEquals(Optional.empty(), r1.master());
    assertEquals(List.of(), r1.vlans());
    assertEquals(t.toBuilder().removeVmPort("tap-r1").build(), net.observe());
  }

  @Test
  void aTrunkWhoseDeviceIsMissingIsRefusedNamingItsNetworks() {
    HostNetwork net = HostNetwork.of(host());
    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class,
            () -> net.plan(networks().trunkPort("tap-r9", "mgmt", "prod").build()));
    assertEquals(
        "VM port 'tap-r9' of trunk of networks 'mgmt', 'prod': the host has no such device; the"
            + " port device (e.g. the VM's tap) must exist before it can be attached",
        e.refusals().get(0).message());
  }

  @Test
  void attachTrunkMakesAnAccessPortATrunkInPlaceRemovingFirst() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(networks().build());
    net.attach("tap-r1", "mgmt");

    ApplyResult r = net.attachTrunk("tap-r1", "prod", "web");

    assertEquals(
        List.of(
            new Change.RemovePortVlans("tap-r1", List.of(VlanRange.tagged(1, 1))),
            new Change.AddPortVlans(
                "tap-r1", List.of(VlanRange.access(100), VlanRange.tagged(300, 300)))),
        of("tap-r1", r.plan().changes()));
    assertEquals(networks().trunkPort("tap-r1", "prod", "web").build(), net.observe(), "read back");
    assertFalse(net.attachTrunk("tap-r1", "prod", "web").changed(), "already so: nothing to do");
  }

  @Test
  void attachTaggedTrunkReadsOnlyThePortAndItsGroup() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(networks().build());

    ApplyResult r = net.attachTaggedTrunk("tap-r2", "web", "prod");

    assertEquals(
        java.util.Set.of("tap-r2", "gb-uplink", "gv-uplink"), r.before().devices().keySet());
    assertEquals(
        List.of(VlanRange.tagged(100, 100), VlanRange.tagged(300, 300)),
        host.state().device("tap-r2").orElseThrow().vlans());
    assertEquals(networks().taggedTrunkPort("tap-r2", "prod", "web").build(), net.observe());
  }

  @Test
  void attachTrunkRefusesEveryReasonAtOnceAndTouchesNothing() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(networks().build());
    long requests = host.requestCount();

    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class,
            () -> net.attachTrunk("tap-r1", "prod", "dev", "nope", "mgmt"));

    assertEquals(
        List.of(
            "VM port 'tap-r1' as trunk of networks 'prod', 'dev', 'nope', 'mgmt': network 'mgmt'"
                + " is the untagged network of adapter group 'uplink', which a port carries only"
                + " untagged: make it the native network, or leave it out",
            "VM port 'tap-r1' as trunk of networks 'prod', 'dev', 'nope', 'mgmt': the host has no"
                + " network 'nope'; its networks are those of the last apply (observe() lists"
                + " them)",
            "VM port 'tap-r1' as trunk of networks 'prod', 'dev', 'nope', 'mgmt': its networks are"
                + " on different adapter groups ('dev' on 'storage'; 'mgmt', 'prod' on 'uplink');"
                + " a trunk carries networks of one adapter group"),
        e.refusals().stream().map(Refusal::message).toList());
    assertEquals(requests, host.requestCount(), "nothing was touched");
    RefusedTopologyException missing =
        assertThrows(
            RefusedTopologyException.class, () -> net.attachTrunk("tap-r9", "mgmt", "prod"));
    assertTrue(
        missing
            .refusals()
            .get(0)
            .message()
            .endsWith(
                ": the host has no such device; the port"
                    + " device (e.g. the VM's tap) must exist before it can be attached"),
        missing.getMessage());
  }

  @Test
  void attachTrunkWithoutTaggedNetworksIsAnAttach() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(networks().build());
    net.attachTrunk("tap-r1", "prod");
    assertEquals(networks().vmPort("tap-r1", "prod").build(), net.observe());
  }
}
