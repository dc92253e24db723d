package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A rollback or recover() puts back what its transaction changed and leaves every other device as
 * it is now: others may have changed the host meanwhile, and their changes are theirs.
 */
class OwnScopeTest {

  private static InMemoryHost host() {
    InMemoryHost host = QuickStartTest.host();
    host.addPort("tap-other");
    return host;
  }

  /** What an administrator does to devices no topology names, while gallium-net works. */
  private static void othersChangeTheirDevices(InMemoryHost host) {
    host.addDevice(Device.builder("br-admin", DeviceKind.BRIDGE).build());
    host.changeByOthers(new Change.SetMtu("eth2", 9000));
    host.changeByOthers(new Change.SetUp("tap-other", true));
  }

  private static void assertOthersChangesStand(HostState s) {
    assertTrue(s.device("br-admin").isPresent(), "their bridge is still there");
    assertEquals(9000, s.device("eth2").orElseThrow().mtu(), "their NIC keeps its MTU");
    assertTrue(s.device("tap-other").orElseThrow().up(), "their port stays up");
  }

  @Property(tries = 20)
  void recoverLeavesWhatOthersChangedSinceTheCrash(
      @ForAll @IntRange(min = 0, max = 16) int crashAt) {
    InMemoryHost host = host();
    HostState before = host.state();
    host.crashAfterRequests(crashAt);
    assertThrows(
        InMemoryHost.Crash.class, () -> HostNetwork.of(host).apply(QuickStartTest.quickStart()));
    othersChangeTheirDevices(host);

    HostNetwork.of(host).recover();

    HostState after = host.state();
    assertOthersChangesStand(after);
    for (String ours : List.of("eth0", "eth1", "tap-vm1", "gb-uplink", "gv-uplink")) {
      assertEquals(before.device(ours), after.device(ours), ours + " is back as it was");
    }
  }

  @Property(tries = 20)
  void aRollbackLeavesWhatOthersChangedWhileTheApplyRan(
      @ForAll @IntRange(min = 2, max = 17) int failAt) {
    InMemoryHost host = host();
    HostState before = host.state();
    // Others act right after the first request of the apply; a later request fails.
    Driver meddled =
        new ForwardingDriver(host) {
          boolean done;

          @Override
          public List<ChangeOutcome> execute(List<Change> changes) {
            List<ChangeOutcome> out = super.execute(changes);
            if (!done) {
              done = true;
              othersChangeTheirDevices(host);
            }
            return out;
          }
        };
    host.failOnRequest(failAt);
    try {
      HostNetwork.of(meddled).apply(QuickStartTest.quickStart());
    } catch (ApplyException e) {
      assertTrue(e.rolledBack(), e.getMessage());
      HostState after = host.state();
      assertOthersChangesStand(after);
      for (String ours : List.of("eth0", "eth1", "tap-vm1", "gb-uplink", "gv-uplink")) {
        assertEquals(before.device(ours), after.device(ours), ours + " is back as it was");
      }
    }
  }
}
