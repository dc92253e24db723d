package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.testing.InMemoryHost;
import org.junit.jupiter.api.Test;

/**
 * A device is gallium-net's only when its kind, its name and its owner tag all agree: a bridge
 * someone else made with a copy of our alias, under another name, is theirs and is never touched.
 */
class ForeignTagTest {

  @Test
  void aBridgeWithOurTagButAnotherNameIsNotOurs() {
    InMemoryHost host = QuickStartTest.host();
    Device copy =
        Device.builder("br-copy", DeviceKind.BRIDGE).alias("gallium-net:bridge:uplink").build();
    host.addDevice(copy);
    HostNetwork net = HostNetwork.of(host);

    assertEquals(Topology.builder().build(), net.observe(), "not read as a group");
    net.apply(QuickStartTest.quickStart());
    net.apply(Topology.builder().build());

    assertEquals(copy, host.state().device("br-copy").orElseThrow(), "left exactly as it was");
    assertTrue(host.state().device("gv-uplink").isEmpty(), "ours is gone");
  }
}
