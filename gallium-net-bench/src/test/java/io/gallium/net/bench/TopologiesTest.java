package io.gallium.net.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.testing.InMemoryHost;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim: the topologies have the sizes the tables name. */
class TopologiesTest {

  @Test
  void largestGroupCarriesEveryVlanAndOnePortEach() {
    Topology t = Topologies.group(Topologies.MAX_NETWORKS);
    assertEquals(4094, t.networks().size());
    assertEquals(4094, t.vmPorts().size());
  }

  @Test
  void aGroupBeyondEveryVlanIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Topologies.group(4095));
  }

  @Test
  void plannedGroupIsAppliedAndThenNothingIsLeftToPlan() {
    InMemoryHost host = Topologies.hostFor(100);
    HostNetwork net = HostNetwork.of(host);
    net.apply(Topologies.group(100));
    assertEquals(Topologies.group(100), net.observe());
    assertEquals(true, net.plan(Topologies.group(100)).isEmpty());
  }
}
