package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A VM port's attach, move and detach: the same guarantees as apply, on the port's devices only.
 */
class AttachDetachTest {

  /** Two groups; networks prod (100) and mgmt (untagged) on uplink, dev (200) on storage. */
  static Topology twoGroups() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .adapterGroup("storage", "eth2")
        .vlanNetwork("prod", "uplink", 100)
        .untaggedNetwork("mgmt", "uplink")
        .vlanNetwork("dev", "storage", 200)
        .build();
  }

  static InMemoryHost host() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1", "eth2");
    host.addPort("tap-vm7");
    host.addPort("tap-vm8");
    return host;
  }

  /** A host carrying {@link #twoGroups()}, behind a driver that refuses to read the whole host. */
  private static final class ScopedOnly extends ForwardingDriver {
    boolean wholeHostRead;

    ScopedOnly(InMemoryHost host) {
      super(host);
    }

    @Override
    public HostState observe() {
      wholeHostRead = true;
      return super.observe();
    }
  }

  @Test
  void attachPutsThePortOnItsNetworkAndReadsOnlyItsDevices() {
    InMemoryHost host = host();
    ScopedOnly driver = new ScopedOnly(host);
    HostNetwork net = HostNetwork.of(driver);
    net.apply(twoGroups());
    driver.wholeHostRead = false;

    ApplyResult r = net.attach("tap-vm7", "prod");

    assertFalse(driver.wholeHostRead, "attach read only the port, its bond and bridge");
    assertEquals(
        Set.of("tap-vm7", "gb-uplink", "gv-uplink"), r.before().devices().keySet(), "its scope");
    Device port = host.state().device("tap-vm7").orElseThrow();
    assertEquals(Optional.of("gv-uplink"), port.master());
    assertEquals(Optional.of(100), port.pvid());
    assertTrue(port.up());
    assertEquals(twoGroups().toBuilder().vmPort("tap-vm7", "prod").build(), net.observe());
    assertFalse(net.attach("tap-vm7", "prod").changed(), "attached already: nothing to do");
  }

  @Test
  void aMoveLeavesTheOldVlanBeforeTakingTheNew() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(twoGroups());
    net.attach("tap-vm7", "prod");

    List<Change> changes = net.attach("tap-vm7", "mgmt").plan().changes();

    int removed = -1;
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i) instanceof Change.RemovePortVlans r
          && r.device().equals("tap-vm7")
          && r.ranges().get(0).first() == 100) {
        removed = i;
      }
    }
    assertTrue(removed >= 0, changes.toString());
    assertTrue(
        changes.stream()
            .skip(removed + 1)
            .anyMatch(c -> c instanceof Change.AddPortVlans a && a.device().equals("tap-vm7")),
        "the new VLAN comes after the old one is gone: " + changes);
    assertEquals(Optional.of(1), host.state().device("tap-vm7").orElseThrow().pvid());
    assertEquals(1, host.state().device("tap-vm7").orElseThrow().vlans().size());
  }

  @Test
  void aMoveToAnotherGroupChangesBridge() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(twoGroups());
    net.attach("tap-vm7", "prod");

    ApplyResult r = net.attach("tap-vm7", "dev");

    assertTrue(r.before().devices().containsKey("gv-uplink"), "the bridge it leaves is in scope");
    Device port = host.state().device("tap-vm7").orElseThrow();
    assertEquals(Optional.of("gv-storage"), port.master());
    assertEquals(Optional.of(200), port.pvid());
  }

  @Test
  void detachLeavesTheBridgeAndIsANoOpForAPortOnNoNetwork() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(twoGroups());
    net.attach("tap-vm7", "prod");

    assertTrue(net.detach("tap-vm7").changed());
    Device port = host.state().device("tap-vm7").orElseThrow();
    assertEquals(Optional.empty(), port.master());
    assertEquals(List.of(), port.vlans());
    assertEquals(twoGroups(), net.observe());

    long requests = host.requestCount();
    assertFalse(net.detach("tap-vm7").changed(), "not attached: nothing to do");
    assertFalse(net.detach("tap-gone").changed(), "no such device: nothing to do");
    assertEquals(requests, host.requestCount(), "nothing was touched");
  }

  @Test
  void applyStaysDeclarativeAndUpdateKeepsAttachedPorts() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(twoGroups());
    net.attach("tap-vm7", "prod");

    net.update(t -> t.toBuilder().vlanNetwork("web", "uplink", 300).build());
    Topology withWeb = twoGroups().toBuilder().vlanNetwork("web", "uplink", 300).build();
    assertEquals(withWeb.toBuilder().vmPort("tap-vm7", "prod").build(), net.observe());

    net.apply(withWeb);
    assertEquals(withWeb, net.observe(), "a port apply's topology does not name is detached");
  }

  @Test
  void refusalsNameThePortAndTheReasonAndTouchNothing() {
    InMemoryHost host = host();
    host.addDevice(Device.builder("br-other", DeviceKind.BRIDGE).build());
    host.addPort("tap-foreign");
    host.changeByOthers(new Change.SetMaster("tap-foreign", "br-other"));
    HostNetwork net = HostNetwork.of(host);
    net.apply(twoGroups());
    HostState before = host.state();

    assertEquals(
        List.of(
            "tap-vm7: VM port 'tap-vm7': the host has no network 'nope'; its networks are those"
                + " of the last apply (observe() lists them)"),
        refusals(() -> net.attach("tap-vm7", "nope")));
    assertEquals(
        List.of(
            "tap-gone: VM port 'tap-gone' of network 'prod': the host has no such device; the"
                + " port device (e.g. the VM's tap) must exist before it can be attached"),
        refusals(() -> net.attach("tap-gone", "prod")));
    assertEquals(
        List.of(
            "eth0: VM port 'eth0' of network 'prod' is an adapter of 'gb-uplink', not a VM's"
                + " port device"),
        refusals(() -> net.attach("eth0", "prod")));
    assertEquals(
        List.of(
            "gv-storage: VM port 'gv-storage' of network 'prod' is a bridge, not a VM's port"
                + " device"),
        refusals(() -> net.attach("gv-storage", "prod")));
    assertEquals(
        List.of(
            "tap-foreign: VM port 'tap-foreign' of network 'prod' is enslaved to 'br-other',"
                + " which gallium-net does not own; release it from there first"),
        refusals(() -> net.attach("tap-foreign", "prod")));
    assertEquals(
        List.of(
            "eth1: VM port 'eth1' is an adapter of 'gb-uplink', not a VM port: change the adapter"
                + " group with apply() or update()"),
        refusals(() -> net.detach("eth1")));
    assertFalse(net.detach("tap-foreign").changed(), "someone else's port is left alone");
    assertEquals(before, host.state(), "nothing was touched");
  }

  @Test
  void aFullGroupIsRefusedWithTheHostAsItWas() {
    InMemoryHost host = InMemoryHost.withAdapters("eth0");
    Topology.Builder full =
        Topology.builder().adapterGroup("up", "eth0").vlanNetwork("prod", "up", 100);
    for (int i = 0; i < 1022; i++) {
      host.addPort("p" + i);
      full.vmPort("p" + i, "prod");
    }
    host.addPort("extra");
    HostNetwork net = HostNetwork.of(host);
    net.apply(full.build());
    HostState before = host.state();

    assertEquals(
        List.of(
            "gv-up: VM port 'extra' of network 'prod': adapter group 'up' is full, its bridge"
                + " gv-up takes no more ports (the kernel said EXFULL): a group takes at most"
                + " 1022 VM ports; spread the networks and their ports over more adapter groups"),
        refusals(() -> net.attach("extra", "prod")));
    assertEquals(before, host.state(), "the host is as it was");
    assertFalse(net.recover(), "no journal is left");
  }

  @Test
  void anUnnamedNetworkIsReachedByTheNameObserveGivesIt() {
    InMemoryHost host = host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(twoGroups());
    host.defaultStore().delete("catalog"); // e.g. another process's catalog is gone

    net.attach("tap-vm7", "uplink.vlan100");
    net.attach("tap-vm8", "uplink.untagged");

    assertEquals(Optional.of(100), host.state().device("tap-vm7").orElseThrow().pvid());
    assertEquals(Optional.of(1), host.state().device("tap-vm8").orElseThrow().pvid());
  }

  @Property(tries = 30)
  void aFaultAtAnyRequestOfAttachMoveOrDetachLeavesThePortAsItWas(
      @ForAll @IntRange(min = 0, max = 2) int operation,
      @ForAll @IntRange(min = 1, max = 8) int k) {
    InMemoryHost host = host();
    HostNetwork net = readyFor(host, operation);
    HostState before = host.state();
    host.failOnRequest(k);
    try {
      run(net, operation);
    } catch (ApplyException e) {
      assertTrue(e.rolledBack(), e.getMessage());
    }
    HostState after = host.state();
    if (!after.equals(before)) {
      // The fault came after the last request: the operation went through whole.
      assertEquals(expected(operation), net.observe());
    } else {
      assertFalse(net.recover(), "no journal is left");
    }
  }

  @Property(tries = 30)
  void aCrashAtAnyRequestOfAttachMoveOrDetachIsUndoneByRecover(
      @ForAll @IntRange(min = 0, max = 2) int operation,
      @ForAll @IntRange(min = 0, max = 8) int k) {
    InMemoryHost host = host();
    HostNetwork net = readyFor(host, operation);
    HostState before = host.state();
    host.crashAfterRequests(k);
    try {
      run(net, operation);
      host.crashAfterRequests(Integer.MAX_VALUE);
      assertEquals(expected(operation), net.observe(), "no crash: done whole");
    } catch (InMemoryHost.Crash crashed) {
      host.crashAfterRequests(Integer.MAX_VALUE);
      HostNetwork restarted = HostNetwork.of(host);
      restarted.recover();
      assertEquals(before, host.state(), "recover() put the port back as it was");
    }
  }

  /** The two groups applied and, for a move or a detach, tap-vm7 on prod. */
  private static HostNetwork readyFor(InMemoryHost host, int operation) {
    HostNetwork net = HostNetwork.of(host);
    net.apply(twoGroups());
    if (operation > 0) {
      net.attach("tap-vm7", "prod");
    }
    return net;
  }

  private static void run(HostNetwork net, int operation) {
    switch (operation) {
      case 0 -> net.attach("tap-vm7", "prod");
      case 1 -> net.attach("tap-vm7", "dev");
      default -> net.detach("tap-vm7");
    }
  }

  private static Topology expected(int operation) {
    return switch (operation) {
      case 0 -> twoGroups().toBuilder().vmPort("tap-vm7", "prod").build();
      case 1 -> twoGroups().toBuilder().vmPort("tap-vm7", "dev").build();
      default -> twoGroups();
    };
  }

  private static List<String> refusals(Runnable call) {
    RefusedTopologyException e = assertThrows(RefusedTopologyException.class, call::run);
    return e.refusals().stream().map(r -> r.device() + ": " + r.message()).toList();
  }
}
