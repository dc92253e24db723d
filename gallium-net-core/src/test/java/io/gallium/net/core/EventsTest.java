package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.core.testing.InMemoryHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** status() and subscribe(): carrier, failover and drift, driven by the in-memory host. */
class EventsTest {

  private final InMemoryHost host = QuickStartTest.host();
  private final HostNetwork net = HostNetwork.of(host);
  private final List<NetworkEvent> events = new ArrayList<>();

  EventsTest() {
    net.apply(QuickStartTest.quickStart());
  }

  @Test
  void statusTellsTheActiveAdapterAndEachCarrier() {
    assertEquals(List.of("uplink active eth0: eth0 carrier, eth1 carrier"), summary(net.status()));
    host.setCarrier("eth0", false);
    assertEquals(
        List.of("uplink active eth1: eth0 no carrier, eth1 carrier"), summary(net.status()));
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

  @Test
  void aListenerThatThrowsNeitherFailsAnApplyNorMissesLaterEvents() {
    List<NetworkEvent> seen = new ArrayList<>();
    Subscription sub =
        net.subscribe(
            e -> {
              seen.add(e);
              throw new IllegalStateException("a product's listener has a bug");
            });
    try {
      host.setCarrier("eth0", false);
      delivered(sub);
      assertEquals(2, seen.size(), "the carrier change and the failover both arrived: " + seen);
      delivered(sub);
      assertTrue(
          net.apply(
                  QuickStartTest.quickStart().toBuilder().vlanNetwork("dev", "uplink", 200).build())
              .changed(),
          "the apply went through");
    } finally {
      sub.close();
    }
  }

  @Test
  void aListenerThatBlocksStallsNeitherTheHostNorAnApplyAndGetsItsEventsInOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<NetworkEvent> seen = Collections.synchronizedList(new ArrayList<>());
    Subscription sub =
        net.subscribe(
            e -> {
              try {
                release.await();
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
              seen.add(e);
            });
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      // On another thread, so that a stall fails the test instead of hanging it.
      Future<ApplyResult> changes =
          other.submit(
              () -> {
                host.setCarrier("eth0", false); // the listener blocks on this one's first event
                host.setCarrier("eth0", true);
                ApplyResult r =
                    net.apply(
                        QuickStartTest.quickStart().toBuilder()
                            .vlanNetwork("dev", "uplink", 200)
                            .build());
                host.changeByOthers(new Change.SetUp("gb-uplink", false));
                return r;
              });
      assertTrue(changes.get(1, TimeUnit.MINUTES).changed(), "the apply went through");
      assertEquals(List.of(), seen, "the listener is still blocked on its first event");
      release.countDown();
      delivered(sub);
      assertEquals(
          List.of(
                  new NetworkEvent.CarrierChanged("uplink", "eth0", false),
                  new NetworkEvent.Failover("uplink", Optional.of("eth0"), Optional.of("eth1")),
                  new NetworkEvent.CarrierChanged("uplink", "eth0", true),
                  new NetworkEvent.Failover("uplink", Optional.of("eth1"), Optional.of("eth0")),
                  new NetworkEvent.Drift(
                      "gb-uplink", List.of("gb-uplink: state is down, expected up")))
              .stream()
              .map(Object::toString)
              .toList(),
          seen.stream().map(Object::toString).toList(),
          "every event, in the order of the changes");
    } finally {
      release.countDown();
      other.shutdownNow();
      sub.close();
    }
  }

  @Test
  void aPulledCableFailsOverToTheStandbyAndBack() {
    Subscription sub = net.subscribe(events::add);
    try {
      host.setCarrier("eth0", false);
      delivered(sub);
      assertEquals(
          List.of(
              new NetworkEvent.CarrierChanged("uplink", "eth0", false),
              new NetworkEvent.Failover("uplink", Optional.of("eth0"), Optional.of("eth1"))),
          events);
      delivered(sub);
      events.clear();

      host.setCarrier("eth0", true);
      delivered(sub);
      assertEquals(
          List.of(
              new NetworkEvent.CarrierChanged("uplink", "eth0", true),
              new NetworkEvent.Failover("uplink", Optional.of("eth1"), Optional.of("eth0"))),
          events);
      delivered(sub);
      events.clear();

      host.setCarrier("eth2", false);
      delivered(sub);
      assertEquals(List.of(), events, "eth2 is no adapter of ours");
    } finally {
      sub.close();
    }
    host.setCarrier("eth0", false);
    delivered(sub);
    assertEquals(List.of(), events, "nothing after the subscription is closed");
  }

  @Test
  void bothCablesPulledLeavesTheGroupWithoutActiveAdapter() {
    Subscription sub = net.subscribe(events::add);
    try {
      host.setCarrier("eth0", false);
      host.setCarrier("eth1", false);
      delivered(sub);
      assertEquals(
          new NetworkEvent.Failover("uplink", Optional.of("eth1"), Optional.empty()),
          events.get(events.size() - 1));
      delivered(sub);
      assertEquals(Optional.empty(), net.status().get(0).activeAdapter());
    } finally {
      sub.close();
    }
  }

  @Test
  void someoneElseChangingOurDevicesIsDrift() {
    Subscription sub = net.subscribe(events::add);
    try {
      host.changeByOthers(new Change.SetUp("gb-uplink", false));
      host.changeByOthers(new Change.ReleaseMaster("tap-vm1"));
      delivered(sub);
      assertEquals(
          List.of(
              new NetworkEvent.Drift(
                  "gb-uplink",
                  List.of("gb-uplink: state is down, expected up"),
                  List.of(new NetworkEvent.Drift.Difference("state", "up", "down")),
                  Optional.empty()),
              Drifts.releasedFromProd("tap-vm1")),
          events);
      delivered(sub);
      events.clear();

      net.apply(QuickStartTest.quickStart());
      delivered(sub);
      assertEquals(List.of(), events, "our own apply, repairing the drift, is no drift");
      host.changeByOthers(new Change.DeleteDevice("gv-uplink"));
      delivered(sub);
      assertEquals(
          List.of("gb-uplink", "gv-uplink", "tap-vm1"),
          events.stream().map(e -> ((NetworkEvent.Drift) e).device()).toList(),
          "the bridge and what was attached to it");
      delivered(sub);
      assertEquals(
          new NetworkEvent.Drift(
              "gv-uplink",
              List.of("gv-uplink: removed"),
              List.of(new NetworkEvent.Drift.Difference("device", "present", "removed")),
              Optional.empty()),
          events.get(1));
    } finally {
      sub.close();
    }
  }

  @Test
  void driftNamesWhatChangedAndWhoClaimsTheDevice() {
    Subscription sub = net.subscribe(events::add);
    try {
      host.setClaim(
          "tap-vm1",
          new Claim(
              "NetworkManager",
              "/run/NetworkManager/devices/9, managed=true",
              "nmcli device set tap-vm1 managed no",
              true));
      assertEquals(List.of(), events, "a claim alone changes nothing gallium-net set");
      host.changeByOthers(new Change.ReleaseMaster("tap-vm1"));
      delivered(sub);
      NetworkEvent.Drift d = (NetworkEvent.Drift) events.get(0);
      assertEquals(Optional.of("NetworkManager"), d.claimedBy());
      assertEquals(
          "tap-vm1: master gv-uplink -> none, vlans [100 pvid untagged] -> [] (NetworkManager"
              + " configures it)",
          d.summary());
      events.clear();

      host.changeByOthers(new Change.SetMtu("gb-uplink", 9000));
      delivered(sub);
      d =
          events.stream()
              .map(NetworkEvent.Drift.class::cast)
              .filter(e -> e.device().equals("gb-uplink"))
              .findFirst()
              .orElseThrow();
      assertEquals(List.of(new NetworkEvent.Drift.Difference("mtu", "1500", "9000")), d.changes());
      assertEquals("gb-uplink: mtu 1500 -> 9000", d.summary());
    } finally {
      sub.close();
    }
  }

  @Test
  void aDriftMadeFromLinesAloneSummarizesThem() {
    assertEquals(
        "gb-uplink: state is down, expected up",
        new NetworkEvent.Drift("gb-uplink", List.of("gb-uplink: state is down, expected up"))
            .summary());
  }

  @Test
  void eventsReadAsOneLine() {
    assertEquals(
        "carrier: adapter eth0 of group uplink lost its link",
        new NetworkEvent.CarrierChanged("uplink", "eth0", false).toString());
    assertEquals(
        "carrier: adapter eth0 of group uplink has its link back",
        new NetworkEvent.CarrierChanged("uplink", "eth0", true).toString());
    assertEquals(
        "failover: group uplink moved from eth0 to eth1",
        new NetworkEvent.Failover("uplink", Optional.of("eth0"), Optional.of("eth1")).toString());
    assertEquals(
        "failover: group uplink moved from eth1 to no adapter",
        new NetworkEvent.Failover("uplink", Optional.of("eth1"), Optional.empty()).toString());
    assertEquals(
        "drift: gb-uplink was changed by someone else: gb-uplink: state is down, expected up;"
            + " gb-uplink: mtu is 9000, expected 1500",
        new NetworkEvent.Drift(
                "gb-uplink",
                List.of(
                    "gb-uplink: state is down, expected up",
                    "gb-uplink: mtu is 9000, expected 1500"))
            .toString());
  }

  @Test
  void aNewGroupComingUpIsNoFailoverAndNeitherIsRemovingIt() {
    InMemoryHost fresh = QuickStartTest.host();
    HostNetwork freshNet = HostNetwork.of(fresh);
    Subscription sub = freshNet.subscribe(events::add);
    try {
      freshNet.apply(QuickStartTest.quickStart());
      delivered(sub);
      assertEquals(List.of(), failovers(), "the group's first active adapter is no failover");
      delivered(sub);
      assertEquals(Optional.of("eth0"), freshNet.status().get(0).activeAdapter());

      fresh.setCarrier("eth0", false);
      delivered(sub);
      assertEquals(
          List.of(new NetworkEvent.Failover("uplink", Optional.of("eth0"), Optional.of("eth1"))),
          failovers());
      delivered(sub);
      events.clear();

      freshNet.apply(io.gallium.net.Topology.builder().build());
      delivered(sub);
      assertEquals(
          List.of(), failovers(), "releasing the adapters of a group that goes is no failover");
    } finally {
      sub.close();
    }
  }

  @Test
  void trafficComingBackAfterAllCablesWerePulledIsReported() {
    Subscription sub = net.subscribe(events::add);
    try {
      host.setCarrier("eth0", false);
      host.setCarrier("eth1", false);
      delivered(sub);
      events.clear();
      host.setCarrier("eth1", true);
      delivered(sub);
      assertEquals(
          List.of(new NetworkEvent.Failover("uplink", Optional.empty(), Optional.of("eth1"))),
          failovers());
    } finally {
      sub.close();
    }
  }

  /** Waits until the subscription's listener has the events of every change so far. */
  static void delivered(Subscription sub) {
    try {
      assertTrue(sub.awaitDelivered(Duration.ofMinutes(1)), "the listener got its events");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for events", e);
    }
  }

  private List<NetworkEvent> failovers() {
    return events.stream().filter(e -> e instanceof NetworkEvent.Failover).toList();
  }
}
