package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.internal.ManagedDiff;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bridge's MAC is gallium-net's only where the bridge is a host interface: any other bridge takes
 * the lowest of its ports' MACs as VM ports come and go (the real kernel does; the in-memory one
 * does not), and that must fail neither the verification of an attach nor read as drift.
 */
class BridgeMacTest {

  private static Device bridge(String mac, List<VlanRange> self) {
    return Device.builder("gv-uplink", DeviceKind.BRIDGE)
        .bridge(BridgeSettings.vlanAware())
        .up(true)
        .mac(mac)
        .vlans(self)
        .build();
  }

  @Test
  void aPlainBridgeWhoseMacFollowsItsPortsIsAsPlanned() {
    assertEquals(
        List.of(),
        ManagedDiff.between(
            HostState.of(List.of(bridge("02:00:00:00:00:01", List.of()))),
            HostState.of(List.of(bridge("02:00:00:00:00:09", List.of())))));
  }

  @Test
  void aHostInterfaceBridgeKeepsTheMacItWasGiven() {
    List<VlanRange> self = List.of(VlanRange.access(1));
    assertEquals(
        List.of("gv-uplink: mac is 02:00:00:00:00:01, expected 02:00:00:00:00:09"),
        ManagedDiff.between(
            HostState.of(List.of(bridge("02:00:00:00:00:01", self))),
            HostState.of(List.of(bridge("02:00:00:00:00:09", self)))));
  }
}
