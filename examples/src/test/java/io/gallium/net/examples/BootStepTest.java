package io.gallium.net.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import org.junit.jupiter.api.Test;

/** The boot step on a host that has just booted: nothing of gallium-net's is left on it. */
class BootStepTest {

  private static final Topology DESIRED =
      Topology.builder()
          .adapterGroup("uplink", "eth0", "eth1")
          .vlanNetwork("prod", "uplink", 100)
          .untaggedNetwork("mgmt", "uplink")
          .build();

  @Test
  void afterARebootItRecoversNothingAndAppliesTheDesiredTopology() {
    InMemoryHost booted = InMemoryHost.withAdapters("eth0", "eth1");
    HostNetwork net = HostNetwork.of(booted);
    BootStep.run(net, () -> DESIRED);
    assertEquals(DESIRED, net.observe());

    HostState after = booted.state();
    long requests = booted.requestCount();
    BootStep.run(net, () -> DESIRED);
    assertEquals(after, booted.state(), "a second run changes nothing");
    assertEquals(requests, booted.requestCount());
  }

  @Test
  void anAdapterAnotherManagerStillConfiguresStopsTheBootBeforeAnythingIsTouched() {
    InMemoryHost booted = InMemoryHost.withAdapters("eth0", "eth1");
    booted.setClaim(
        "eth1",
        new Claim(
            "NetworkManager",
            "/run/NetworkManager/devices/3, managed=true",
            "nmcli device set eth1 managed no",
            true));
    HostState before = booted.state();
    RefusedTopologyException e =
        assertThrows(
            RefusedTopologyException.class,
            () -> BootStep.run(HostNetwork.of(booted), () -> DESIRED));
    assertTrue(e.getMessage().contains("configured by NetworkManager"), e::getMessage);
    assertEquals(before, booted.state());
  }
}
