package io.gallium.net.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.GroupStatus;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.Subscription;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * How a product tests its own topologies: no root, no kernel, no VM. Copy this class, put your
 * topology in {@link #productTopology()} and your host's adapters and VM ports in {@link
 * #freshHost()}.
 *
 * <p>{@link InMemoryHost} behaves like the Linux kernel for the devices gallium-net uses (it
 * refuses what the kernel refuses, fails over like a bond), and injects faults by request number.
 */
class TopologyInTestsExampleTest {

  private InMemoryHost host;
  private HostNetwork net;

  /** What the product would configure on a host: two groups, four networks, two VMs. */
  static Topology productTopology() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .adapterGroup("storage", "eth2")
        .untaggedNetwork("mgmt", "uplink")
        .vlanNetwork("web", "uplink", 10)
        .vlanNetwork("db", "uplink", 20)
        .untaggedNetwork("iscsi", "storage")
        .vmPort("tap-web1", "web")
        .vmPort("tap-db1", "db")
        .build();
  }

  @BeforeEach
  void freshHost() {
    host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    host.addPort("tap-web1").addPort("tap-db1"); // the hypervisor made the VMs' taps
    net = HostNetwork.of(host);
  }

  @Test
  void theHostCarriesExactlyTheAppliedTopology() {
    ApplyResult result = net.apply(productTopology());

    assertTrue(result.changed());
    assertEquals(
        productTopology(), net.observe(), "observe() rebuilds the topology from the host alone");
    assertTrue(net.plan(productTopology()).isEmpty(), "applying it again would change nothing");
  }

  /** The groups and networks alone, as the admin configures them; VMs bring their ports. */
  static Topology networksOnly() {
    return productTopology().toBuilder().removeVmPort("tap-web1").removeVmPort("tap-db1").build();
  }

  @Test
  void aVmStartingOrStoppingAttachesOrDetachesItsPortOnly() {
    net.apply(networksOnly()); // at boot: groups and networks

    assertTrue(net.attach("tap-web1", "web").changed()); // VM web1 starts
    net.attach("tap-db1", "db");
    assertEquals(productTopology(), net.observe(), "the same host as applying it whole");

    ApplyResult stop = net.detach("tap-db1"); // VM db1 stops
    assertTrue(
        stop.plan().changes().stream().allMatch(c -> c.device().equals("tap-db1")),
        () -> "a stop touches only the VM's port: " + stop.plan());
    assertEquals(productTopology().toBuilder().removeVmPort("tap-db1").build(), net.observe());
  }

  /** A VM port's attach, move or detach, from the state {@code before} leaves it in. */
  private record PortStep(String name, Runnable before, Runnable step) {}

  private List<PortStep> portSteps() {
    return List.of(
        new PortStep("attach", () -> {}, () -> net.attach("tap-web1", "web")),
        new PortStep(
            "move", () -> net.attach("tap-web1", "web"), () -> net.attach("tap-web1", "db")),
        new PortStep("detach", () -> net.attach("tap-web1", "web"), () -> net.detach("tap-web1")));
  }

  /**
   * One test per request of a VM port's attach, move and detach: a fault there leaves the port (its
   * bridge, VLANs, up/down state and MTU) and the rest of the host exactly as they were.
   */
  @TestFactory
  Stream<DynamicTest> aFaultAtAnyRequestOfAttachMoveOrDetachLeavesThePortAsItWas() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < portSteps().size(); i++) {
      int index = i;
      freshHost();
      net.apply(networksOnly());
      PortStep dry = portSteps().get(index);
      dry.before().run();
      long start = host.requestCount();
      dry.step().run();
      long requests = host.requestCount() - start;
      for (int n = 1; n <= requests; n++) {
        int at = n;
        tests.add(
            DynamicTest.dynamicTest(
                dry.name() + ": fault at request " + at + " of " + requests,
                () -> {
                  freshHost();
                  net.apply(networksOnly());
                  PortStep s = portSteps().get(index);
                  s.before().run();
                  HostState before = host.state();
                  Topology carried = net.observe();
                  host.failOnRequest(at);

                  ApplyException e = assertThrows(ApplyException.class, () -> s.step().run());

                  assertTrue(e.rolledBack(), e::getMessage);
                  assertEquals(before, host.state(), "the port and the host as they were");
                  assertEquals(carried, net.observe());
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void eachGroupRunsOnItsFirstAdapter() {
    net.apply(productTopology());

    assertEquals(Optional.of("eth0"), activeAdapterOf("uplink"));
    assertEquals(Optional.of("eth2"), activeAdapterOf("storage"));
  }

  @Test
  void addingANetworkOnlyAddsAVlanAndLeavesEveryVmAlone() {
    net.apply(productTopology());
    Topology more = productTopology().toBuilder().vlanNetwork("backup", "uplink", 30).build();

    List<Change> changes = net.plan(more).changes();

    assertEquals(1, changes.size(), () -> "one change expected, got " + changes);
    assertTrue(
        changes.get(0) instanceof Change.AddPortVlans,
        () -> "a VLAN added to the uplink, got " + changes);
  }

  /** One test per request of the plan: a fault there must leave the host exactly as it was. */
  @TestFactory
  Stream<DynamicTest> aFaultAtAnyRequestLeavesTheHostAsItWas() {
    int requests = net.plan(productTopology()).size();
    return IntStream.rangeClosed(1, requests)
        .mapToObj(
            n ->
                DynamicTest.dynamicTest(
                    "fault at request " + n + " of " + requests,
                    () -> {
                      freshHost();
                      HostState before = host.state();
                      host.failOnRequest(n);

                      ApplyException e =
                          assertThrows(ApplyException.class, () -> net.apply(productTopology()));

                      assertTrue(e.rolledBack(), e::getMessage);
                      assertEquals(
                          before, host.state(), "nothing changed, unowned devices included");
                      assertEquals(Topology.empty(), net.observe());
                    }));
  }

  @Test
  void aFaultWhileChangingKeepsTheTopologyThatWasThere() {
    net.apply(productTopology());
    HostState before = host.state();
    Topology next =
        productTopology().toBuilder()
            .removeVmPort("tap-db1")
            .vlanNetwork("backup", "uplink", 30)
            .build();
    host.failOnRequest(2);

    assertThrows(ApplyException.class, () -> net.apply(next));

    assertEquals(before, host.state());
    assertEquals(productTopology(), net.observe());
  }

  @Test
  void aCrashHalfwayIsUndoneByRecoverInTheNextProcess() {
    HostState before = host.state();
    host.crashAfterRequests(5);

    assertThrows(InMemoryHost.Crash.class, () -> net.apply(productTopology()));
    assertNotEquals(before, host.state(), "the crash left the host half-changed");

    HostNetwork restarted = HostNetwork.of(host); // a new process, same host and journal
    assertThrows(
        IllegalStateException.class,
        () -> restarted.apply(productTopology()),
        "no apply before recover()");
    assertTrue(restarted.recover());
    assertEquals(before, host.state());
    assertFalse(restarted.recover(), "nothing left to recover");

    restarted.apply(productTopology());
    assertEquals(productTopology(), restarted.observe());
  }

  @Test
  void whenTheActiveAdapterLosesItsLinkTheStandbyTakesOver() throws InterruptedException {
    net.apply(productTopology());
    List<NetworkEvent> events = new ArrayList<>();

    try (Subscription subscription = net.subscribe(events::add)) {
      host.setCarrier("eth0", false); // the cable is pulled
      // The listener runs on a thread of the subscription's own: wait for it before looking.
      assertTrue(subscription.awaitDelivered(Duration.ofMinutes(1)));
    }

    assertTrue(
        events.contains(
            new NetworkEvent.Failover("uplink", Optional.of("eth0"), Optional.of("eth1"))),
        events::toString);
    assertTrue(
        events.contains(new NetworkEvent.CarrierChanged("uplink", "eth0", false)),
        events::toString);
    assertEquals(Optional.of("eth1"), activeAdapterOf("uplink"));
  }

  @Test
  void anAdapterWithAddressesIsRefusedBeforeAnythingIsTouched() {
    host.addAddress("eth2", "192.0.2.10/24"); // e.g. the management NIC
    HostState before = host.state();

    RefusedTopologyException e =
        assertThrows(RefusedTopologyException.class, () -> net.apply(productTopology()));

    assertEquals("eth2", e.refusals().get(0).device());
    assertTrue(e.getMessage().contains("allowAdapterAddresses"), e::getMessage);
    assertEquals(before, host.state());
  }

  private Optional<String> activeAdapterOf(String group) {
    return net.status().stream()
        .filter(g -> g.group().equals(group))
        .findFirst()
        .flatMap(GroupStatus::activeAdapter);
  }
}
