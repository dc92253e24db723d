package io.gallium.net.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.DeviceNames;
import io.gallium.net.core.internal.ExpectedDevices;
import io.gallium.net.core.internal.HostAddresses;
import io.gallium.net.core.internal.PortOrigins;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records of devices the host no longer has (a VM's tap the hypervisor deleted while it was
 * attached) go at the next whole host's apply, so that the store does not grow without bound and a
 * new device that reuses the name is not taken for the old one; the records of devices still there
 * stay; a VM port's attach and detach never list the store.
 */
class StaleRecordTest {

  @TempDir Path dir;

  private static Topology withPorts(String... ports) {
    Topology.Builder b = AttachDetachTest.twoGroups().toBuilder();
    for (String port : ports) {
      b.vmPort(port, port.equals("tap-vm7") ? "prod" : "dev");
    }
    return b.build();
  }

  @Test
  void aWholeHostApplyRemovesTheRecordsOfDeletedDevicesAndKeepsTheOthers() {
    InMemoryHost host = AttachDetachTest.host();
    StateStore store = StateStore.directory(dir);
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    net.apply(withPorts("tap-vm7", "tap-vm8"));
    assertTrue(store.contains(PortOrigins.key("tap-vm7")));
    assertTrue(store.contains(ExpectedDevices.key("tap-vm7")));
    // A host interface of a group someone else removed; a bridge our transaction deleted (its
    // record says so, for other instances' watchers); a key gallium-net does not write.
    store.write(HostAddresses.key("gv-gone"), "anything".getBytes(UTF_8));
    ExpectedDevices.record(store, List.of("gv-deleted"), HostState.of(List.of()));
    store.write("port.not.a-record", "x".getBytes(UTF_8));
    Set<String> before = store.keys("");

    host.removeDevice("tap-vm7");
    net.apply(withPorts("tap-vm8"));

    Set<String> gone =
        Set.of(
            PortOrigins.key("tap-vm7"),
            ExpectedDevices.key("tap-vm7"),
            HostAddresses.key("gv-gone"));
    for (String key : gone) {
      assertFalse(store.contains(key), key + " is removed");
    }
    for (String key : before) {
      if (!gone.contains(key)) {
        assertTrue(store.contains(key), key + " is kept");
      }
    }
    assertTrue(store.contains(PortOrigins.key("tap-vm8")));
    assertTrue(store.contains(ExpectedDevices.key(DeviceNames.bridge("uplink"))));
  }

  @Test
  void anApplyWithAConfirmWindowRemovesThemWhenConfirmedNotBefore() throws Exception {
    InMemoryHost host = AttachDetachTest.host();
    StateStore store = StateStore.directory(dir);
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    net.apply(withPorts("tap-vm7", "tap-vm8"));
    host.removeDevice("tap-vm7");

    PendingApply pending =
        net.apply(withPorts("tap-vm8"), ApplyOptions.confirmWithin(Duration.ofHours(1)));
    assertTrue(store.contains(PortOrigins.key("tap-vm7")), "kept while the window is open");
    pending.confirm();
    assertEquals(PendingApply.Outcome.CONFIRMED, pending.outcome().get(1, TimeUnit.MINUTES));

    assertFalse(store.contains(PortOrigins.key("tap-vm7")));
    assertTrue(store.contains(PortOrigins.key("tap-vm8")));
  }

  /**
   * The hypervisor deleted an attached tap and, after a whole host's apply, made a new one of that
   * name and put it on our bridge itself: gallium-net did not take it, so a detach releases it as
   * it is, not with the old tap's MTU and up/down state.
   */
  @Test
  void aNewTapThatReusesADeletedPortsNameIsReleasedAsItIs() {
    InMemoryHost host = AttachDetachTest.host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(AttachDetachTest.twoGroups());
    net.attach("tap-vm7", "mgmt"); // taken down, MTU 1500: recorded
    host.removeDevice("tap-vm7");
    net.apply(AttachDetachTest.twoGroups());
    host.addPort("tap-vm7");
    host.changeByOthers(new Change.SetMtu("tap-vm7", 1400));
    host.changeByOthers(new Change.SetUp("tap-vm7", true));
    host.changeByOthers(new Change.SetMaster("tap-vm7", DeviceNames.bridge("uplink")));

    net.detach("tap-vm7");

    Device port = host.state().device("tap-vm7").orElseThrow();
    assertEquals(1400, port.mtu(), "its MTU as it was");
    assertTrue(port.up(), "up as it was");
  }

  /** A store that fails an attach or detach that lists it, once told to. */
  private static final class NoListing extends ForwardingStore {
    volatile boolean forbidden;

    NoListing(StateStore store) {
      super(store);
    }

    @Override
    public Set<String> keys(String prefix) {
      if (forbidden) {
        throw new AssertionError("an attach or detach listed the store");
      }
      return super.keys(prefix);
    }
  }

  @Test
  void attachAndDetachNeverListTheStore() {
    InMemoryHost host = AttachDetachTest.host();
    NoListing store = new NoListing(host.defaultStore());
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    net.apply(AttachDetachTest.twoGroups());
    host.removeDevice("tap-vm8");
    store.forbidden = true;

    net.attach("tap-vm7", "prod");
    net.attach("tap-vm7", "dev");
    net.detach("tap-vm7");

    assertFalse(host.state().device("tap-vm7").orElseThrow().master().isPresent());
  }
}
