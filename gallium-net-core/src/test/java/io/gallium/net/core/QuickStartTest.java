package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import org.junit.jupiter.api.Test;

class QuickStartTest {

  static Topology quickStart() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .vlanNetwork("prod", "uplink", 100)
        .untaggedNetwork("mgmt", "uplink")
        .vmPort("tap-vm1", "prod")
        .build();
  }

  @Test
  void printsPlan() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    host.addPort("tap-vm1");
    HostNetwork net = HostNetwork.of(host);
    Plan plan = net.plan(quickStart());
    System.out.println(plan);
    ApplyResult r = net.apply(quickStart());
    System.out.println(host.state());
    assertEquals(quickStart(), net.observe());
    assertTrue(net.plan(quickStart()).isEmpty());
  }
}
