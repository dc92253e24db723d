package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.Subscription;
import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link HostNetwork}s on one real host, each with a driver of its own and one journal
 * directory, as two processes of a product have: one's attach, move, detach and apply are no drift
 * for the other's subscriber, whose watcher reads the kernel on a thread of its own, after each
 * burst of link events; a change made with iproute2 still is, for both.
 */
@Tag("lane")
class SharedHostDriftLaneTest {

  @Test
  void anotherInstancesChangesAreNoDriftAndSomeoneElsesAre(@TempDir Path journal) throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, false)) {
      bench.tap("tap-vm1").tap("tap-vm2").wire();
      TestNamespace host = bench.host();
      Topology topology =
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .vlanNetwork("prod", "uplink", 100)
              .untaggedNetwork("mgmt", "uplink")
              .vmPort("tap-vm1", "prod")
              .build();
      try (LinuxHost other = LinuxHost.inNamespace(host.name())) {
        host.assertIsolated(other.namespaceInode());
        HostNetwork a = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
        HostNetwork b = HostNetwork.builder().driver(other).journal(journal).build();
        a.apply(topology);
        List<NetworkEvent> heardByA = new CopyOnWriteArrayList<>();
        List<NetworkEvent> heardByB = new CopyOnWriteArrayList<>();
        try (Subscription subA = a.subscribe(heardByA::add);
            Subscription subB = b.subscribe(heardByB::add)) {
          b.attach("tap-vm2", "prod");
          b.attach("tap-vm2", "mgmt");
          b.detach("tap-vm1");
          b.apply(topology.toBuilder().vmPort("tap-vm2", "prod").build());
          b.detach("tap-vm2");
          a.attach("tap-vm2", "mgmt");
          host.ipOk("link", "set", "tap-vm2", "mtu", "9000");
          String line = "tap-vm2: mtu is 9000, expected 1500";
          List<String> only = List.of("tap-vm2: mtu 1500 -> 9000");
          assertEquals(only, awaitDrift(heardByA, line), "A heard only someone else's change");
          assertEquals(only, awaitDrift(heardByB, line), "B heard only someone else's change");
        }
      }
    }
  }

  /** Waits for the drift {@code line}; then the summaries of every drift heard. */
  private static List<String> awaitDrift(List<NetworkEvent> events, String line) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (events.stream()
        .noneMatch(e -> e instanceof NetworkEvent.Drift d && d.differences().contains(line))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no drift event '" + line + "' in " + events);
      }
      Thread.sleep(20);
    }
    return events.stream()
        .filter(NetworkEvent.Drift.class::isInstance)
        .map(e -> ((NetworkEvent.Drift) e).summary())
        .toList();
  }
}
