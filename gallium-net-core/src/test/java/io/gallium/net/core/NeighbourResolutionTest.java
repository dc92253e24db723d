package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.DriverException;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An apply asks the driver to resolve the neighbours of a host interface again right after an
 * adapter with carrier joins the bond under it: until then its bridge could not send, and Linux
 * would leave a neighbour it failed to reach meanwhile unresolved for a second, the host's answers
 * waiting. Only then: a VM port's attach, a group without host interface and an adapter without
 * carrier ask nothing.
 */
class NeighbourResolutionTest {

  /** Records, in order, each stage sent to the host and each request to resolve neighbours. */
  private static final class Recording extends ForwardingDriver {
    final List<Object> calls = new ArrayList<>();
    RuntimeException failure;

    Recording(InMemoryHost host) {
      super(host);
    }

    @Override
    public List<ChangeOutcome> execute(List<Change> changes) {
      calls.add(List.copyOf(changes));
      return super.execute(changes);
    }

    @Override
    public void resolveNeighboursAgain(Set<String> devices) {
      calls.add(Set.copyOf(devices));
      if (failure != null) {
        throw failure;
      }
    }

    List<Object> requests() {
      return calls.stream().filter(c -> c instanceof Set<?>).toList();
    }

    /** The stage sent right before the request to resolve neighbours. */
    Object stageBeforeRequest() {
      for (int i = 1; i < calls.size(); i++) {
        if (calls.get(i) instanceof Set<?>) {
          return calls.get(i - 1);
        }
      }
      throw new AssertionError("no request to resolve neighbours in " + calls);
    }
  }

  @Test
  void theMoveOfTheHostsAddressAsksForTheBridgeRightAfterEth0Joins() {
    Recording driver = new Recording(BootedHosts.managedThroughEth0());
    HostNetwork.builder().driver(driver).build().apply(MgmtTopologies.untaggedWithGateway());
    assertEquals(List.of(Set.of("gv-uplink")), driver.requests());
    assertTrue(
        ((List<?>) driver.stageBeforeRequest()).contains(new Change.SetMaster("eth0", "gb-uplink")),
        "the stage before the request: " + driver.stageBeforeRequest());
  }

  @Test
  void aNewGroupWithTheHostOnVlan100AsksForTheVlanDevice() {
    Recording driver = new Recording(InMemoryHost.withAdapters("eth0", "eth1"));
    HostNetwork.builder()
        .driver(driver)
        .build()
        .apply(MgmtTopologies.vlan100Mgmt().hostInterface("mgmt", "192.0.2.10/24").build());
    assertEquals(List.of(Set.of("gi100-uplink")), driver.requests());
  }

  @Test
  void anAttachAGroupWithoutHostInterfaceAndAnAdapterWithoutCarrierAskNothing() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    host.addPort("tap-vm1");
    Recording driver = new Recording(host);
    HostNetwork net = HostNetwork.builder().driver(driver).build();
    net.apply(MgmtTopologies.untaggedMgmt().build());
    net.attach("tap-vm1", "mgmt");
    assertEquals(List.of(), driver.requests(), "no host interface");

    Recording cableless =
        new Recording(BootedHosts.withAdapters(d -> d.toBuilder().carrier(false).build(), "eth0"));
    HostNetwork.builder()
        .driver(cableless)
        .build()
        .apply(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .untaggedNetwork("mgmt", "uplink")
                .hostInterface("mgmt", "192.0.2.10/24")
                .build());
    assertEquals(List.of(), cableless.requests(), "an adapter without carrier");
  }

  @Test
  void aDriverThatCannotResolveCostsTheApplyNothing() {
    Recording driver = new Recording(BootedHosts.managedThroughEth0());
    driver.failure = new DriverException("netlink socket closed");
    HostNetwork net = HostNetwork.builder().driver(driver).build();
    ApplyResult result = net.apply(MgmtTopologies.untaggedWithGateway());
    assertTrue(result.changed());
    assertEquals(MgmtTopologies.untaggedWithGateway(), net.observe());
    assertEquals(1, driver.requests().size());
  }
}
