package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every refusal happens before anything is touched, names the device, and says what is allowed. */
class RefusalTest {

  private final InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth9", "mgmt0");

  RefusalTest() {
    host.addAddress("mgmt0", "192.0.2.10/24");
    host.addDevice(Device.builder("br0", DeviceKind.BRIDGE).up(true).addAltName("lan").build());
    host.changeByOthers(new Change.SetMaster("eth9", "br0"));
    host.addPort("tap1");
    host.addPort("tap-other");
    host.changeByOthers(new Change.SetMaster("tap-other", "br0"));
  }

  /**
   * Applies {@code t} with {@code net} on {@code host} and returns its refusal, checking what every
   * refusal keeps: nothing touched, no request sent, and {@code plan} refusing alike.
   */
  static RefusedTopologyException refused(InMemoryHost host, HostNetwork net, Topology t) {
    HostState before = host.state();
    RefusedTopologyException e = assertThrows(RefusedTopologyException.class, () -> net.apply(t));
    assertEquals(before, host.state(), "nothing was touched");
    assertEquals(0, host.requestCount(), "no request was sent");
    assertThrows(RefusedTopologyException.class, () -> net.plan(t), "plan() refuses alike");
    return e;
  }

  private Refusal only(Topology t) {
    RefusedTopologyException e = refused(host, HostNetwork.of(host), t);
    assertEquals(1, e.refusals().size(), e::getMessage);
    return e.refusals().get(0);
  }

  @Test
  void anAdapterTheHostDoesNotHave() {
    Refusal r = only(Topology.builder().adapterGroup("uplink", "eth0", "eth7").build());
    assertEquals("eth7", r.device());
    assertEquals("adapter 'eth7' of group 'uplink': the host has no such device", r.message());
  }

  @Test
  void anAdapterEnslavedToADeviceWeDoNotOwn() {
    Refusal r = only(Topology.builder().adapterGroup("uplink", "eth9").build());
    assertEquals("eth9", r.device());
    assertEquals(
        "adapter 'eth9' of group 'uplink' is enslaved to 'br0', which gallium-net does not own;"
            + " release it from there first",
        r.message());
  }

  @Test
  void anAdapterWithAddressesUnlessAllowed() {
    Topology t = Topology.builder().adapterGroup("uplink", "mgmt0").build();
    Refusal r = only(t);
    assertEquals("mgmt0", r.device());
    assertEquals(
        "adapter 'mgmt0' of group 'uplink' carries IP addresses 192.0.2.10/24, so it may be how"
            + " this host is managed; taking it would cut that off. Remove the addresses, or allow"
            + " it explicitly with HostNetwork.builder().allowAdapterAddresses(\"mgmt0\")",
        r.message());

    HostNetwork allowed = HostNetwork.builder().driver(host).allowAdapterAddresses("mgmt0").build();
    allowed.apply(t);
    assertEquals(t, allowed.observe());
  }

  @Test
  void aBridgeIsNoAdapter() {
    Refusal r = only(Topology.builder().adapterGroup("uplink", "br0").build());
    assertEquals(
        "adapter 'br0' of group 'uplink' is a bridge, not a physical adapter", r.message());
  }

  @Test
  void aVmPortDeviceThatDoesNotExist() {
    Refusal r =
        only(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .vlanNetwork("prod", "uplink", 100)
                .vmPort("tap-vm9", "prod")
                .build());
    assertEquals("tap-vm9", r.device());
    assertEquals(
        "VM port 'tap-vm9' of network 'prod': the host has no such device; the port device (e.g."
            + " the VM's tap) must exist before it can be attached",
        r.message());
  }

  @Test
  void aVmPortEnslavedToADeviceWeDoNotOwn() {
    Refusal r =
        only(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .vlanNetwork("prod", "uplink", 100)
                .vmPort("tap-other", "prod")
                .build());
    assertEquals(
        "VM port 'tap-other' of network 'prod' is enslaved to 'br0', which gallium-net does not"
            + " own; release it from there first",
        r.message());
  }

  @Test
  void aDeviceNameTakenByAnUnownedDevice() {
    host.addDevice(Device.builder("gb-uplink", DeviceKind.BOND).build());
    Refusal r = only(Topology.builder().adapterGroup("uplink", "eth0").build());
    assertEquals("gb-uplink", r.device());
    assertEquals(
        "adapter group 'uplink' needs the device name 'gb-uplink', but device 'gb-uplink' has it"
            + " and gallium-net does not own it; rename the group or that device",
        r.message());
  }

  @Test
  void anAlternativeNameTakenByAnUnownedDevice() {
    Refusal r = only(Topology.builder().adapterGroup("lan", "eth0").build());
    assertEquals("lan", r.device());
    assertEquals(
        "adapter group 'lan' needs the alternative name 'lan', but device 'br0' (as alternative"
            + " name) has it and gallium-net does not own it; rename the group or that device",
        r.message());
  }

  @Test
  void aGroupNamedLikeAnAdapter() {
    Refusal r = only(Topology.builder().adapterGroup("eth1", "eth0").build());
    assertEquals(
        "adapter group 'eth1' needs the alternative name 'eth1', but device 'eth1' has it and"
            + " gallium-net does not own it; rename the group or that device",
        r.message());
  }

  @Test
  void everyReasonAtOnce() {
    Topology t =
        Topology.builder()
            .adapterGroup("uplink", "eth7", "mgmt0")
            .adapterGroup("lan", "eth9")
            .vlanNetwork("prod", "uplink", 100)
            .vmPort("tap-vm9", "prod")
            .build();
    RefusedTopologyException e = refused(host, HostNetwork.of(host), t);
    assertEquals(
        List.of("lan", "eth9", "eth7", "mgmt0", "tap-vm9"),
        e.refusals().stream().map(Refusal::device).toList());
    assertTrue(
        e.getMessage().startsWith("the host cannot take this topology (5 reasons):\n  - "),
        e.getMessage());
  }

  @Test
  void moreVmPortsOnAGroupThanItsBridgeTakes() {
    Topology.Builder b =
        Topology.builder()
            .adapterGroup("uplink", "eth0")
            .untaggedNetwork("lan", "uplink")
            .vlanNetwork("dmz", "uplink", 20);
    for (int i = 0; i < 1023; i++) {
      host.addPort("vp" + i);
      b.vmPort("vp" + i, i % 2 == 0 ? "lan" : "dmz");
    }
    Refusal r = only(b.build());
    assertEquals(
        "adapter group 'uplink' has 1023 VM ports; a group takes at most 1022 (a Linux bridge takes"
            + " 1023 ports and the group's bond is one of them): spread the networks and their"
            + " ports over more adapter groups",
        r.message());

    Topology.Builder fits =
        Topology.builder().adapterGroup("uplink", "eth0").untaggedNetwork("lan", "uplink");
    for (int i = 0; i < 1022; i++) {
      fits.vmPort("vp" + i, "lan");
    }
    HostNetwork net = HostNetwork.of(host);
    net.apply(fits.build());
    assertEquals(fits.build(), net.observe(), "1022 VM ports and the bond fill the bridge exactly");
  }
}
