package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeFailure;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory host answers like the Linux kernel would. */
class InMemoryHostTest {

  private final InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");

  private ChangeOutcome run(Change c) {
    return host.execute(List.of(c)).get(0);
  }

  private void refused(Change c, Errno errno, String message) {
    HostState before = host.state();
    ChangeOutcome o = run(c);
    assertEquals(Optional.of(new ChangeFailure(errno, message)), o.failure(), c::toString);
    assertEquals(before, host.state(), "a refused request has no effect");
  }

  @Test
  void namesAreTakenOnceAndAreAtMost15Bytes() {
    assertTrue(run(new Change.CreateBond("bond1", 1500, 100)).succeeded());
    refused(
        new Change.CreateBridge("bond1", 1500),
        Errno.EEXIST,
        "bond1: a device with this name exists already");
    refused(
        new Change.CreateBridge("eth0", 1500),
        Errno.EEXIST,
        "eth0: a device with this name exists already");
    refused(
        new Change.CreateBridge("a-name-of-16-byt", 1500),
        Errno.ERANGE,
        "'a-name-of-16-byt' is longer than 15 bytes");
    refused(
        new Change.CreateBridge("br:0", 1500),
        Errno.EINVAL,
        "'br:0' is not a valid interface name: "
            + io.gallium.net.internal.Names.INTERFACE_NAME_RULE);
    assertTrue(run(new Change.AddAltName("bond1", "uplink")).succeeded());
    refused(
        new Change.CreateBridge("uplink", 1500),
        Errno.EEXIST,
        "uplink: a device with this name exists already");
    refused(
        new Change.AddAltName("eth0", "uplink"),
        Errno.EEXIST,
        "eth0: the name uplink is taken by bond1");
    refused(
        new Change.RemoveAltName("eth0", "uplink"),
        Errno.ENOENT,
        "eth0 has no alternative name uplink");
    refused(
        new Change.SetAlias("eth0", Optional.of("x".repeat(256))),
        Errno.ERANGE,
        "eth0: an alias is at most 255 bytes");
    refused(new Change.SetMtu("eth0", 67), Errno.EINVAL, "eth0: MTU 67 is outside 68..65535");
  }

  @Test
  void missingDevicesAreNoDevice() {
    refused(new Change.SetUp("eth7", true), Errno.ENODEV, "no device eth7");
    refused(new Change.DeleteDevice("eth7"), Errno.ENODEV, "no device eth7");
    refused(new Change.SetMaster("eth0", "bond7"), Errno.ENODEV, "no device bond7");
    refused(
        new Change.DeleteDevice("eth0"),
        Errno.EOPNOTSUPP,
        "eth0 is a physical adapter and cannot be deleted");
  }

  @Test
  void aBondTakesAdaptersThatAreDownBringsThemUpAndGivesThemItsMtu() {
    run(new Change.CreateBond("bond1", 9000, 100));
    refused(
        new Change.SetMaster("eth0", "bond1"),
        Errno.EPERM,
        "eth0: device can not be enslaved while up");
    run(new Change.SetUp("eth0", false));
    assertTrue(run(new Change.SetMaster("eth0", "bond1")).succeeded());
    Device eth0 = host.state().device("eth0").orElseThrow();
    assertTrue(eth0.up());
    assertEquals(9000, eth0.mtu());
    assertEquals(
        Optional.of("eth0"),
        host.state().device("bond1").orElseThrow().bond().orElseThrow().activeAdapter());

    run(new Change.CreateBridge("br1", 1500));
    refused(new Change.SetMaster("eth0", "br1"), Errno.EBUSY, "eth0 is already enslaved to bond1");
    refused(new Change.SetMaster("br1", "br1"), Errno.ELOOP, "br1 cannot be enslaved to itself");
    refused(
        new Change.SetMaster("eth1", "eth0"),
        Errno.EOPNOTSUPP,
        "eth0 is an adapter and cannot take ports");

    assertTrue(run(new Change.ReleaseMaster("eth0")).succeeded());
    assertFalse(host.state().device("eth0").orElseThrow().up(), "the bond took it down on release");
  }

  @Test
  void bridgeVlansGoByRangeAndAPortHasOnePvid() {
    host.addPort("tap0");
    run(new Change.CreateBridge("br1", 1500));
    refused(
        new Change.AddPortVlans("tap0", List.of(VlanRange.access(5))),
        Errno.EOPNOTSUPP,
        "tap0 is not a bridge port, so it carries no bridge VLANs");
    run(new Change.SetMaster("tap0", "br1"));
    assertEquals(
        List.of(),
        host.state().device("tap0").orElseThrow().vlans(),
        "default PVID 0: no VLAN at all");
    run(new Change.AddPortVlans("tap0", List.of(VlanRange.tagged(10, 20), VlanRange.access(5))));
    run(new Change.AddPortVlans("tap0", List.of(VlanRange.access(7))));
    assertEquals(
        List.of(new VlanRange(5, 5, false, true), VlanRange.access(7), VlanRange.tagged(10, 20)),
        host.state().device("tap0").orElseThrow().vlans(),
        "the PVID moved; 5 stays untagged");
    run(new Change.RemovePortVlans("tap0", List.of(VlanRange.tagged(12, 30))));
    assertEquals(
        List.of(new VlanRange(5, 5, false, true), VlanRange.access(7), VlanRange.tagged(10, 11)),
        host.state().device("tap0").orElseThrow().vlans());
    run(new Change.ReleaseMaster("tap0"));
    assertEquals(
        List.of(),
        host.state().device("tap0").orElseThrow().vlans(),
        "released ports lose their VLANs");
  }

  @Test
  void anInjectedFaultFailsExactlyThatRequestWithoutEffect() {
    host.failOnRequest(2);
    List<ChangeOutcome> outcomes =
        host.execute(
            List.of(
                new Change.SetUp("eth0", false),
                new Change.SetUp("eth1", false),
                new Change.SetMtu("eth0", 9000)));
    assertTrue(outcomes.get(0).succeeded());
    assertEquals(Errno.ENOMEM, outcomes.get(1).failure().orElseThrow().errno());
    assertTrue(outcomes.get(2).succeeded());
    assertTrue(host.state().device("eth1").orElseThrow().up());
    assertEquals(3, host.requestCount());
  }

  @Test
  void aCrashStopsTheProcessBeforeTheRequest() {
    host.crashAfterRequests(1);
    assertThrows(
        InMemoryHost.Crash.class,
        () ->
            host.execute(
                List.of(new Change.SetUp("eth0", false), new Change.SetUp("eth1", false))));
    assertFalse(host.state().device("eth0").orElseThrow().up());
    assertTrue(host.state().device("eth1").orElseThrow().up());
    assertTrue(
        run(new Change.SetUp("eth1", false)).succeeded(), "one-shot: the next process works");
  }

  @Test
  void theBondFailsOverWhenTheActiveAdapterLosesCarrier() {
    run(new Change.CreateBond("bond1", 1500, 100));
    run(new Change.SetUp("eth0", false));
    run(new Change.SetUp("eth1", false));
    run(new Change.SetMaster("eth0", "bond1"));
    run(new Change.SetMaster("eth1", "bond1"));
    run(new Change.SetBondPrimary("bond1", Optional.of("eth1")));
    assertEquals(Optional.of("eth1"), active());
    host.setCarrier("eth1", false);
    assertEquals(Optional.of("eth0"), active());
    host.setCarrier("eth0", false);
    assertEquals(Optional.empty(), active());
    assertFalse(host.state().device("bond1").orElseThrow().carrier());
    host.setCarrier("eth1", true);
    assertEquals(Optional.of("eth1"), active());
  }

  private Optional<String> active() {
    return host.state().device("bond1").orElseThrow().bond().orElseThrow().activeAdapter();
  }

  @Test
  void aDevicesKindIsWhatItIsNotTheRoleATopologyGivesIt() {
    InMemoryHost sandbox = InMemoryHost.withAdapters("eth0");
    sandbox.addPort(
        "veth-a"); // a veth end standing in for a second NIC, as LinuxHost reports one: a port
    sandbox.addPort("tap-vm1");
    io.gallium.net.Topology t =
        io.gallium.net.Topology.builder()
            .adapterGroup("uplink", "eth0", "veth-a")
            .vlanNetwork("prod", "uplink", 100)
            .vmPort("tap-vm1", "prod")
            .build();
    HostNetwork net = HostNetwork.of(sandbox);
    net.apply(t);

    assertEquals(DeviceKind.ADAPTER, sandbox.state().device("eth0").orElseThrow().kind());
    assertEquals(
        DeviceKind.PORT,
        sandbox.state().device("veth-a").orElseThrow().kind(),
        "still a port as an adapter");
    assertEquals(DeviceKind.PORT, sandbox.state().device("tap-vm1").orElseThrow().kind());
    assertEquals(Optional.of("gb-uplink"), sandbox.state().device("veth-a").orElseThrow().master());
    assertEquals(t, net.observe(), "the topology is rebuilt whatever the adapters' kind");
  }

  @Test
  void aBridgeTakesAtMost1023Ports() {
    run(new Change.CreateBridge("br1", 1500));
    for (int i = 0; i < 1023; i++) {
      host.addPort("tap" + i);
      assertTrue(run(new Change.SetMaster("tap" + i, "br1")).succeeded(), "port " + i);
    }
    host.addPort("tap1023");
    refused(
        new Change.SetMaster("tap1023", "br1"),
        Errno.EXFULL,
        "br1 has 1023 ports already, the most a bridge takes");
    assertTrue(run(new Change.ReleaseMaster("tap0")).succeeded());
    assertTrue(
        run(new Change.SetMaster("tap1023", "br1")).succeeded(),
        "a released port number is free again");
  }
}
