package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.AdapterFacts;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link HostNetwork#adapters()}: what a product shows when the administrator picks a group's
 * adapters, and why an adapter cannot be picked, in the words an apply would refuse it with.
 */
class AdaptersTest {

  private static final AdapterFacts ETH0 =
      new AdapterFacts(
          "eth0",
          true,
          Optional.of("ixgbe"),
          Optional.of("0000:3b:00.0"),
          OptionalInt.of(10000),
          Optional.of(PhysicalAdapter.Duplex.FULL));

  private final InMemoryHost host =
      InMemoryHost.withAdapters("eth1", "eth9", "mgmt0")
          .addDevice(
              Device.builder("eth0", DeviceKind.ADAPTER)
                  .up(true)
                  .carrier(true)
                  .mac("3c:fd:fe:00:00:01")
                  .permanentMac("3c:fd:fe:00:00:01")
                  .maxMtu(9702)
                  .build())
          .describeAdapter(ETH0);

  AdaptersTest() {
    host.addAddress("mgmt0", "192.0.2.10/24");
    host.addDevice(Device.builder("br0", DeviceKind.BRIDGE).up(true).build());
    host.changeByOthers(new Change.SetMaster("eth9", "br0"));
    host.addPort("tap1");
  }

  private static PhysicalAdapter named(List<PhysicalAdapter> adapters, String name) {
    return adapters.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> names(List<PhysicalAdapter> adapters) {
    return adapters.stream().map(PhysicalAdapter::name).toList();
  }

  @Test
  void listsTheNicsSortedWithWhatTheHostReports() {
    List<PhysicalAdapter> adapters = HostNetwork.of(host).adapters();

    assertEquals(List.of("eth0", "eth1", "eth9", "mgmt0"), names(adapters), "no bridge, no tap");
    PhysicalAdapter eth0 = named(adapters, "eth0");
    assertEquals(host.state().device("eth0").get().mac().get(), eth0.mac());
    assertEquals(Optional.of("3c:fd:fe:00:00:01"), eth0.permanentMac());
    assertTrue(eth0.physical());
    assertTrue(eth0.carrier());
    assertEquals(1500, eth0.mtu());
    assertEquals(OptionalInt.of(9702), eth0.maxMtu());
    assertEquals(Optional.of("ixgbe"), eth0.driver());
    assertEquals(Optional.of("0000:3b:00.0"), eth0.busAddress());
    assertEquals(OptionalInt.of(10000), eth0.speedMbps());
    assertEquals(Optional.of(PhysicalAdapter.Duplex.FULL), eth0.duplex());
    assertEquals(Optional.empty(), eth0.group());
    assertEquals(Optional.empty(), eth0.role());
    assertTrue(eth0.eligible());

    PhysicalAdapter eth1 = named(adapters, "eth1");
    assertEquals(Optional.empty(), eth1.driver(), "nothing declared: unknown, not made up");
    assertEquals(OptionalInt.empty(), eth1.maxMtu());
  }

  @Test
  void eligibilityIsWhatApplyWouldRefuseInTheSameWords() {
    HostNetwork net = HostNetwork.of(host);
    List<PhysicalAdapter> adapters = net.adapters();

    for (String name : List.of("eth9", "mgmt0")) {
      PhysicalAdapter a = named(adapters, name);
      assertFalse(a.eligible(), name);
      RefusedTopologyException e =
          assertThrows(
              RefusedTopologyException.class,
              () -> net.plan(Topology.builder().adapterGroup("g", name).build()));
      assertEquals(1, a.refusals().size());
      assertEquals(
          e.refusals().get(0).message(),
          a.refusals()
              .get(0)
              .message()
              .replace("adapter '" + name + "'", "adapter '" + name + "' of group 'g'"),
          "the same sentence, only without a group");
      assertEquals(name, a.refusals().get(0).device());
    }
    assertEquals(
        "adapter 'eth9' is enslaved to 'br0', which gallium-net does not own; release it from"
            + " there first",
        named(adapters, "eth9").refusals().get(0).message());
  }

  @Test
  void anAllowedAdapterWithAddressesIsEligible() {
    HostNetwork net = HostNetwork.builder().driver(host).allowAdapterAddresses("mgmt0").build();
    assertTrue(named(net.adapters(), "mgmt0").eligible());
  }

  @Test
  void aGroupsAdaptersHaveItsNameAndTheirRoles() {
    host.addPort("veth-a");
    HostNetwork net = HostNetwork.of(host);
    net.apply(Topology.builder().adapterGroup("uplink", "eth0", "veth-a").build());

    List<PhysicalAdapter> adapters = net.adapters();
    assertEquals(List.of("eth0", "eth1", "eth9", "mgmt0", "veth-a"), names(adapters));
    PhysicalAdapter eth0 = named(adapters, "eth0");
    assertEquals(Optional.of("uplink"), eth0.group());
    assertEquals(Optional.of(PhysicalAdapter.Role.ACTIVE), eth0.role());
    assertTrue(eth0.eligible(), "in a group of ours: taken again by it");
    PhysicalAdapter veth = named(adapters, "veth-a");
    assertFalse(veth.physical(), "listed because the group uses it");
    assertEquals(Optional.of(PhysicalAdapter.Role.STANDBY), veth.role());

    net.apply(Topology.builder().build());
    assertEquals(
        List.of("eth0", "eth1", "eth9", "mgmt0"),
        names(net.adapters()),
        "released, a virtual device is no adapter any more");
  }

  @Test
  void aDriverWithoutFactsStillListsItsAdapters() {
    Driver plain =
        new Driver() {
          @Override
          public io.gallium.net.core.spi.HostState observe() {
            return host.observe();
          }

          @Override
          public List<io.gallium.net.core.spi.ChangeOutcome> execute(List<Change> changes) {
            return host.execute(changes);
          }

          @Override
          public io.gallium.net.core.spi.StateStore defaultStore() {
            return host.defaultStore();
          }
        };
    HostNetwork net = HostNetwork.of(plain);
    PhysicalAdapter eth0 = named(net.adapters(), "eth0");
    assertEquals(Optional.empty(), eth0.driver(), "the default derives from observe()");
    assertTrue(eth0.physical());
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, net::counters);
    assertTrue(e.getMessage().contains("cannot read traffic counters"), e.getMessage());
  }

  @Test
  void countersOfEveryDeviceByName() {
    Counters eth0 = new Counters(1000, 10, 0, 1, 500, 5, 0, 0);
    host.setCounters("eth0", eth0);
    Map<String, Counters> all = HostNetwork.of(host).counters();

    assertEquals(
        List.of("br0", "eth0", "eth1", "eth9", "mgmt0", "tap1"), List.copyOf(all.keySet()));
    assertEquals(eth0, all.get("eth0"));
    assertEquals(Counters.ZERO, all.get("tap1"));
    assertThrows(UnsupportedOperationException.class, () -> all.put("x", Counters.ZERO));
    assertEquals(
        Map.of("eth0", eth0, "tap1", Counters.ZERO),
        HostNetwork.of(host).counters(Set.of("tap1", "eth0", "gone")),
        "the named devices the host has");
  }

  @Test
  void adapterEventsForNicsAndGroupAdaptersOnly() throws Exception {
    host.addPort("veth-a");
    HostNetwork net = HostNetwork.of(host);
    net.apply(Topology.builder().adapterGroup("uplink", "veth-a").build());
    List<NetworkEvent> events = new ArrayList<>();
    try (Subscription s = net.subscribe(events::add)) {
      host.addDevice(Device.builder("eth5", DeviceKind.ADAPTER).mac("02:00:00:00:00:05").build());
      host.addPort("tap2");
      host.removeDevice("eth5");
      host.removeDevice("tap2");
      host.removeDevice("veth-a");
      assertTrue(s.awaitDelivered(java.time.Duration.ofMinutes(1)), "the listener got its events");
    }
    List<NetworkEvent> adapterEvents =
        events.stream()
            .filter(
                e ->
                    e instanceof NetworkEvent.AdapterAdded
                        || e instanceof NetworkEvent.AdapterRemoved)
            .toList();
    assertEquals(
        List.of(
            new NetworkEvent.AdapterAdded("eth5"),
            new NetworkEvent.AdapterRemoved("eth5", Optional.empty()),
            new NetworkEvent.AdapterRemoved("veth-a", Optional.of("uplink"))),
        adapterEvents);
    assertEquals(
        "adapter removed: veth-a, an adapter of group uplink", adapterEvents.get(2).toString());
  }

  @Test
  void aDriverReloadIsTheSameNicAgainAndAVirtualAdapterKindIsNone() throws Exception {
    HostNetwork net = HostNetwork.of(host);
    host.describeAdapter(AdapterFacts.unknown("vxlan7", false));
    List<NetworkEvent> events = new ArrayList<>();
    try (Subscription s = net.subscribe(events::add)) {
      host.removeDevice("eth0");
      host.addDevice(Device.builder("eth0", DeviceKind.ADAPTER).mac("02:00:00:00:00:09").build());
      host.addDevice(Device.builder("vxlan7", DeviceKind.ADAPTER).mac("02:00:00:00:00:07").build());
      assertTrue(s.awaitDelivered(java.time.Duration.ofMinutes(1)), "the listener got its events");
    }
    assertEquals(
        List.of(
            new NetworkEvent.AdapterRemoved("eth0", Optional.empty()),
            new NetworkEvent.AdapterAdded("eth0")),
        events);
    List<PhysicalAdapter> adapters = net.adapters();
    assertEquals(List.of("eth0", "eth1", "eth9", "mgmt0"), names(adapters), "no vxlan7");
    assertEquals(
        Optional.of("ixgbe"), named(adapters, "eth0").driver(), "its facts are the NIC's again");
  }
}
