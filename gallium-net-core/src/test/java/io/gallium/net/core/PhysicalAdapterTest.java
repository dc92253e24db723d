package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The value types of the adapter list and the counters. */
class PhysicalAdapterTest {

  private static PhysicalAdapter adapter(
      Optional<String> group, Optional<PhysicalAdapter.Role> role, List<Refusal> refusals) {
    return new PhysicalAdapter(
        "eth0",
        "02:00:00:00:00:01",
        Optional.empty(),
        true,
        true,
        1500,
        OptionalInt.of(9000),
        group,
        role,
        Optional.of("ixgbe"),
        Optional.of("0000:3b:00.0"),
        OptionalInt.of(10000),
        Optional.of(PhysicalAdapter.Duplex.FULL),
        refusals);
  }

  @Test
  void aRoleGoesWithAGroup() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adapter(Optional.of("uplink"), Optional.empty(), List.of()));
    assertTrue(e.getMessage().startsWith("adapter eth0: a role goes with a group"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> adapter(Optional.empty(), Optional.of(PhysicalAdapter.Role.ACTIVE), List.of()));
  }

  @Test
  void eligibleExactlyWithoutRefusalsAndTheListIsACopy() {
    List<Refusal> refusals = new ArrayList<>();
    PhysicalAdapter ok = adapter(Optional.empty(), Optional.empty(), refusals);
    refusals.add(new Refusal("eth0", "no"));
    assertTrue(ok.eligible());
    assertTrue(ok.refusals().isEmpty());
    assertFalse(adapter(Optional.empty(), Optional.empty(), refusals).eligible());
  }

  @Test
  void oneLine() {
    assertEquals(
        "eth0 02:00:00:00:00:01 carrier mtu 1500 (max 9000) ixgbe 0000:3b:00.0 10000 Mbit/s full,"
            + " group uplink (active)",
        adapter(Optional.of("uplink"), Optional.of(PhysicalAdapter.Role.ACTIVE), List.of())
            .toString());
    assertEquals(
        "eth0 02:00:00:00:00:01 carrier mtu 1500 (max 9000) ixgbe 0000:3b:00.0 10000 Mbit/s full,"
            + " not eligible: adapter 'eth0' carries IP addresses",
        adapter(
                Optional.empty(),
                Optional.empty(),
                List.of(new Refusal("eth0", "adapter 'eth0' carries IP addresses")))
            .toString());
  }

  @Test
  void countersSinceAnEarlierReading() {
    Counters before = new Counters(100, 1, 0, 0, 200, 2, 0, 0);
    Counters now = new Counters(1600, 11, 1, 2, 1200, 12, 0, 3);
    assertEquals(new Counters(1500, 10, 1, 2, 1000, 10, 0, 3), now.since(before));
    assertEquals(Counters.ZERO, now.since(now));
    assertTrue(before.since(now).bytesIn() < 0, "a restarted device reads negative");
    assertEquals(
        "in 1600 B/11 pkts (1 err, 2 drop), out 1200 B/12 pkts (0 err, 3 drop)", now.toString());
  }
}
