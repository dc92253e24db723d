package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.GroupStatus;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover on a real kernel: the active adapter's link goes away (its peer, the switch port, is set
 * down), the standby takes over, the listener hears of it naming the group and both adapters,
 * {@code status()} agrees, and a VM keeps talking to the switch on its VLAN through the standby;
 * when the link comes back the primary takes over again, and that is heard too.
 */
@Tag("lane")
class FailoverLaneTest {
  private static final int EVENT_WAIT_SECONDS = 60;

  @Test
  void standbyCarriesTheVmsFramesWhenTheActiveAdapterLosesItsLink(@TempDir Path journal)
      throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, true)) {
      bench.vmPort("vm1", "eth-vm1", "10.100.0.2/24");
      bench.switchVlan(100, "10.100.0.1/24").wire();
      Topology topology =
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .vlanNetwork("prod", "uplink", 100)
              .vmPort("vm1", "prod")
              .build();
      HostNetwork network = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      network.apply(topology);
      assertEquals(
          List.of("uplink active nic0: nic0 carrier, nic1 carrier"), summary(network.status()));

      BlockingQueue<NetworkEvent> events = new LinkedBlockingQueue<>();
      List<NetworkEvent> seen = new ArrayList<>();
      try (AutoCloseable subscription = network.subscribe(events::add);
          UdpInNamespace vm = UdpInNamespace.bind(bench.vm(), "10.100.0.2", 5000);
          UdpInNamespace sw = UdpInNamespace.bind(bench.switchSide(), "10.100.0.1", 5001)) {
        long nic0Sent = SwitchedHost.txPackets(bench.host(), "nic0");
        roundTrip(vm, sw, "before");
        assertTrue(
            SwitchedHost.txPackets(bench.host(), "nic0") > nic0Sent,
            "the VM's frames left through nic0");

        // Pull nic0's cable: its switch port goes down, nic0 loses carrier.
        bench.switchSide().ipOk("link", "set", "swp0", "down");
        NetworkEvent.Failover away =
            (NetworkEvent.Failover)
                await(
                    events,
                    seen,
                    e ->
                        e instanceof NetworkEvent.Failover f && f.to().equals(Optional.of("nic1")));
        assertEquals(
            new NetworkEvent.Failover("uplink", Optional.of("nic0"), Optional.of("nic1")),
            away,
            "events: " + seen);
        assertTrue(
            seen.contains(new NetworkEvent.CarrierChanged("uplink", "nic0", false)),
            "events: " + seen);
        assertEquals(
            List.of("uplink active nic1: nic0 no carrier, nic1 carrier"),
            summary(network.status()));

        long nic1Sent = SwitchedHost.txPackets(bench.host(), "nic1");
        roundTrip(vm, sw, "during");
        assertTrue(
            SwitchedHost.txPackets(bench.host(), "nic1") > nic1Sent,
            "the VM's frames left through the standby nic1");

        // Plug it back: the primary takes over again.
        seen.clear();
        bench.switchSide().ipOk("link", "set", "swp0", "up");
        NetworkEvent.Failover back =
            (NetworkEvent.Failover)
                await(
                    events,
                    seen,
                    e ->
                        e instanceof NetworkEvent.Failover f && f.to().equals(Optional.of("nic0")));
        assertEquals(
            new NetworkEvent.Failover("uplink", Optional.of("nic1"), Optional.of("nic0")),
            back,
            "events: " + seen);
        assertTrue(
            seen.contains(new NetworkEvent.CarrierChanged("uplink", "nic0", true)),
            "events: " + seen);
        assertEquals(Optional.of("nic0"), network.status().get(0).activeAdapter());
        roundTrip(vm, sw, "after");
      }
    }
  }

  /** Each group's active adapter and its adapters' carrier, the part of status() tested here. */
  static List<String> summary(List<GroupStatus> status) {
    return status.stream()
        .map(
            g ->
                g.group()
                    + " active "
                    + g.activeAdapter().orElse("none")
                    + ": "
                    + String.join(
                        ", ",
                        g.adapters().stream()
                            .map(a -> a.name() + (a.carrier() ? " carrier" : " no carrier"))
                            .toList()))
        .toList();
  }

  /**
   * A datagram from the VM to the switch on VLAN 100 and the switch's answer back. Sent again each
   * second until answered (the first may wait for ARP, or for the switch to forget the MAC it
   * learned on the port that went down); fails after 30 tries.
   */
  private static void roundTrip(UdpInNamespace vm, UdpInNamespace sw, String label) {
    for (int attempt = 1; attempt <= 30; attempt++) {
      String ping = label + "-ping-" + attempt;
      vm.send("10.100.0.1", 5001, ping);
      String got = sw.receive(1000);
      if (got != null && got.startsWith(label + "-ping-")) {
        sw.send("10.100.0.2", 5000, label + "-pong");
        vm.await(label + "-pong", 10_000);
        return;
      }
    }
    throw new AssertionError("no frame from the VM reached the switch on VLAN 100 (" + label + ")");
  }

  private static NetworkEvent await(
      BlockingQueue<NetworkEvent> events, List<NetworkEvent> seen, Predicate<NetworkEvent> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_WAIT_SECONDS);
    while (true) {
      NetworkEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError(
            "the awaited event did not arrive within " + EVENT_WAIT_SECONDS + " s; seen: " + seen);
      }
      seen.add(e);
      if (wanted.test(e)) {
        return e;
      }
    }
  }
}
