package io.gallium.net.core;

import static io.gallium.net.core.RefusalTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A device another network manager of the host configures is refused before anything is touched,
 * naming the device, the manager, what claims it and how to mark it unmanaged there; the builder's
 * {@code allowOtherManagers} lets a product that knows better take it.
 */
class ClaimRefusalTest {

  private static final Claim NETWORKD =
      new Claim(
          "systemd-networkd",
          "/run/systemd/netif/links/3, network file /etc/systemd/network/10-eth1.network",
          "a .network file with [Match] Name=eth1 and [Link] Unmanaged=yes",
          true);

  private static final Claim NM_UNREADABLE =
      new Claim(
          "NetworkManager",
          "/run/NetworkManager/devices/7 could not be read: Permission denied",
          "nmcli device set tap-vm1 managed no",
          false);

  private final InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");

  private final Topology topology =
      Topology.builder()
          .adapterGroup("uplink", "eth0", "eth1")
          .vlanNetwork("prod", "uplink", 100)
          .vmPort("tap-vm1", "prod")
          .build();

  ClaimRefusalTest() {
    host.addPort("tap-vm1");
  }

  @Test
  void anAdapterAnotherManagerConfiguresIsRefusedWithWhatToDo() {
    host.setClaim("eth1", NETWORKD);
    RefusedTopologyException e = refused(host, HostNetwork.of(host), topology);
    assertEquals(1, e.refusals().size(), e::getMessage);
    Refusal r = e.refusals().get(0);
    assertEquals("eth1", r.device());
    assertEquals(
        "adapter 'eth1' of group 'uplink' is configured by systemd-networkd"
            + " (/run/systemd/netif/links/3, network file"
            + " /etc/systemd/network/10-eth1.network), which would undo what gallium-net sets on"
            + " it, take it down or detach it. Mark it unmanaged there: a .network file with"
            + " [Match] Name=eth1 and [Link] Unmanaged=yes; or allow it explicitly with"
            + " HostNetwork.builder().allowOtherManagers(\"eth1\")",
        r.message());
  }

  @Test
  void anUncertainClaimRefusesAlikeAndSaysItIsUncertain() {
    host.setClaim("tap-vm1", NM_UNREADABLE);
    Refusal r = refused(host, HostNetwork.of(host), topology).refusals().get(0);
    assertEquals("tap-vm1", r.device());
    assertTrue(
        r.message()
            .startsWith(
                "VM port 'tap-vm1' of network 'prod' may be configured by NetworkManager"
                    + " (/run/NetworkManager/devices/7 could not be read: Permission denied)"),
        r.message());
    assertTrue(r.message().contains("nmcli device set tap-vm1 managed no"), r.message());
  }

  @Test
  void everyClaimedDeviceAtOnceWithTheOtherReasons() {
    host.setClaim("eth1", NETWORKD);
    host.setClaim("tap-vm1", NM_UNREADABLE);
    host.addAddress("eth0", "192.0.2.10/24");
    RefusedTopologyException e = refused(host, HostNetwork.of(host), topology);
    assertEquals(
        List.of("eth0", "eth1", "tap-vm1"),
        e.refusals().stream().map(Refusal::device).sorted().toList(),
        e::getMessage);
  }

  @Test
  void allowOtherManagersTakesTheNamedDevicesOnly() {
    host.setClaim("eth1", NETWORKD);
    host.setClaim("tap-vm1", NM_UNREADABLE);
    RefusedTopologyException e =
        refused(
            host, HostNetwork.builder().driver(host).allowOtherManagers("eth1").build(), topology);
    assertEquals(
        List.of("tap-vm1"), e.refusals().stream().map(Refusal::device).toList(), e::getMessage);

    HostNetwork net =
        HostNetwork.builder().driver(host).allowOtherManagers("eth1", "tap-vm1").build();
    net.apply(topology);
    assertEquals(topology, net.observe());
  }

  @Test
  void anAttachRefusesAClaimedPortUnlessAllowed() {
    Topology noPorts = topology.toBuilder().removeVmPort("tap-vm1").build();
    HostNetwork.of(host).apply(noPorts);
    host.setClaim("tap-vm1", NM_UNREADABLE);
    HostState before = host.state();
    long requests = host.requestCount();

    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class, () -> HostNetwork.of(host).attach("tap-vm1", "prod"));
    assertEquals("tap-vm1", e.refusals().get(0).device());
    assertTrue(e.getMessage().contains("may be configured by NetworkManager"), e::getMessage);
    assertEquals(before, host.state(), "nothing was touched");
    assertEquals(requests, host.requestCount(), "no request was sent");

    HostNetwork allowed = HostNetwork.builder().driver(host).allowOtherManagers("tap-vm1").build();
    allowed.attach("tap-vm1", "prod");
    assertEquals(topology, allowed.observe());
  }

  @Test
  void aTrunkAttachRefusesAClaimedPortUnlessAllowed() {
    Topology noPorts =
        topology.toBuilder().removeVmPort("tap-vm1").vlanNetwork("dev", "uplink", 200).build();
    HostNetwork.of(host).apply(noPorts);
    host.setClaim("tap-vm1", NM_UNREADABLE);
    HostState before = host.state();

    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class,
            () -> HostNetwork.of(host).attachTrunk("tap-vm1", "prod", "dev"));
    assertEquals("tap-vm1", e.refusals().get(0).device());
    assertTrue(e.getMessage().contains("may be configured by NetworkManager"), e::getMessage);
    assertEquals(before, host.state(), "nothing was touched");

    HostNetwork.builder()
        .driver(host)
        .allowOtherManagers("tap-vm1")
        .build()
        .attachTrunk("tap-vm1", "prod", "dev");
    assertTrue(HostNetwork.of(host).observe().vmPort("tap-vm1").orElseThrow().isTrunk());
  }

  @Test
  void theAdapterListSaysWhyAClaimedAdapterCannotBeChosenInTheRefusalsWords() {
    host.setClaim("eth1", NETWORKD);
    PhysicalAdapter eth1 =
        HostNetwork.of(host).adapters().stream()
            .filter(a -> a.name().equals("eth1"))
            .findFirst()
            .orElseThrow();
    assertEquals(false, eth1.eligible());
    assertEquals(
        "adapter 'eth1' is configured by systemd-networkd (/run/systemd/netif/links/3, network"
            + " file /etc/systemd/network/10-eth1.network), which would undo what gallium-net sets"
            + " on it, take it down or detach it. Mark it unmanaged there: a .network file with"
            + " [Match] Name=eth1 and [Link] Unmanaged=yes; or allow it explicitly with"
            + " HostNetwork.builder().allowOtherManagers(\"eth1\")",
        eth1.refusals().get(0).message());

    PhysicalAdapter allowed =
        HostNetwork.builder().driver(host).allowOtherManagers("eth1").build().adapters().stream()
            .filter(a -> a.name().equals("eth1"))
            .findFirst()
            .orElseThrow();
    assertTrue(allowed.eligible(), allowed::toString);
  }
}
