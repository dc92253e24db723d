package io.gallium.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.TopologyError.Code;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupSettingsTest {

  private static Topology.Builder storage() {
    return Topology.builder().adapterGroup("storage", "eth0", "eth1");
  }

  private static List<TopologyError> errorsOf(Topology.Builder b) {
    return assertThrows(InvalidTopologyException.class, b::build).errors();
  }

  @Test
  void aGroupHasTheDefaultsUnlessToldOtherwise() {
    AdapterGroup g = storage().build().adapterGroup("storage").orElseThrow();
    assertEquals(1500, g.mtu());
    assertEquals(FailoverPolicy.DEFAULT, g.failover());
    assertEquals(GroupMode.ACTIVE_BACKUP, g.mode());
    assertEquals(Optional.empty(), g.lacp());
    assertEquals(new FailoverPolicy(true, 100, 0, 0, List.of()), FailoverPolicy.DEFAULT);
  }

  @Test
  void settingsAreKeptAndSurviveToBuilder() {
    FailoverPolicy policy = FailoverPolicy.DEFAULT.withFailback(false).withDelays(200, 100);
    Topology t =
        storage()
            .mtu("storage", 9000)
            .failover("storage", policy)
            .lacp("storage", Lacp.TransmitHash.LAYER3_4, Lacp.Rate.SLOW)
            .build();
    AdapterGroup g = t.adapterGroup("storage").orElseThrow();
    assertEquals(9000, g.mtu());
    assertEquals(policy, g.failover());
    assertEquals(GroupMode.LACP, g.mode());
    assertEquals(Optional.of(new Lacp(Lacp.TransmitHash.LAYER3_4, Lacp.Rate.SLOW)), g.lacp());
    assertEquals(t, t.toBuilder().build());
    assertEquals(
        GroupMode.ACTIVE_BACKUP,
        t.toBuilder().activeBackup("storage").build().adapterGroup("storage").get().mode());
    assertEquals(
        List.of("eth0", "eth1"),
        Topology.builder()
            .adapterGroup("l", "eth1", "eth0")
            .lacp("l")
            .build()
            .adapterGroup("l")
            .get()
            .adapters(),
        "in an LACP group all adapters are active: sorted");
    assertEquals(
        Lacp.DEFAULT, storage().lacp("storage").build().adapterGroups().get(0).lacp().get());
  }

  @Test
  void mtuOutsideTheEthernetRangeIsRefusedWithTheRange() {
    List<TopologyError> errors =
        errorsOf(
            Topology.builder()
                .adapterGroup("a", "eth0")
                .adapterGroup("b", "eth1")
                .mtu("a", 67)
                .mtu("b", 65536));
    assertEquals(2, errors.size(), errors::toString);
    assertEquals(Code.MTU_OUT_OF_RANGE, errors.get(0).code());
    assertEquals(
        "adapter group 'a': MTU 67 is outside 68..65535, the range Linux takes for an Ethernet"
            + " bond and bridge",
        errors.get(0).message());
    assertEquals("b", errors.get(1).subject());
    assertTrue(storage().mtu("storage", 68).validate().isValid());
    assertTrue(storage().mtu("storage", 65535).validate().isValid());
  }

  @Test
  void settingsOfAnUndeclaredGroupAreReportedWithTheOtherErrors() {
    List<TopologyError> errors =
        errorsOf(storage().mtu("sotrage", 9000).vlanNetwork("n", "storage", 4095));
    assertEquals(2, errors.size(), errors::toString);
    assertEquals(Code.UNKNOWN_ADAPTER_GROUP, errors.get(0).code());
    assertEquals(
        "settings of adapter group 'sotrage': the group does not exist; declare it with"
            + " adapterGroup(...) (adapter groups: 'storage')",
        errors.get(0).message());
    assertEquals(Code.VLAN_ID_OUT_OF_RANGE, errors.get(1).code());
  }

  private static String onlyFailoverError(FailoverPolicy p, boolean lacp) {
    Topology.Builder b = storage().failover("storage", p);
    if (lacp) {
      b.lacp("storage");
    }
    List<TopologyError> errors = errorsOf(b);
    assertEquals(1, errors.size(), errors::toString);
    assertEquals(Code.INVALID_FAILOVER_POLICY, errors.get(0).code());
    assertEquals("storage", errors.get(0).subject());
    return errors.get(0).message();
  }

  @Test
  void eachFailoverRuleHasItsMessage() {
    String at = "adapter group 'storage': failover policy: ";
    assertEquals(
        at
            + "link check interval 0 ms is outside 1..60000 ms; without link checks a group never"
            + " fails over",
        onlyFailoverError(FailoverPolicy.DEFAULT.withLinkCheckMillis(0), false));
    assertEquals(
        at
            + "up delay 150 ms is not a multiple of the link check interval 100 ms (Linux would"
            + " round it down to 100 ms)",
        onlyFailoverError(FailoverPolicy.DEFAULT.withDelays(150, 0), false));
    assertEquals(
        at + "down delay -100 ms is negative",
        onlyFailoverError(FailoverPolicy.DEFAULT.withDelays(0, -100), false));
    assertEquals(
        at + "up delay 200 ms needs link monitoring; with ARP targets the delay is 0",
        onlyFailoverError(
            FailoverPolicy.DEFAULT.withDelays(200, 0).withArpTargets("192.0.2.1"), false));
    assertEquals(
        at
            + "ARP target '192.0.2.256' is not a unicast IPv4 address (a.b.c.d, not 0.0.0.0, not"
            + " broadcast or multicast)",
        onlyFailoverError(FailoverPolicy.DEFAULT.withArpTargets("192.0.2.256"), false));
    assertEquals(
        at + "ARP target '192.0.2.1' is given twice",
        onlyFailoverError(FailoverPolicy.DEFAULT.withArpTargets("192.0.2.1", "192.0.2.1"), false));
    String[] seventeen = new String[17];
    for (int i = 0; i < seventeen.length; i++) {
      seventeen[i] = "192.0.2." + (i + 1);
    }
    assertEquals(
        at + "17 ARP targets; Linux takes at most 16",
        onlyFailoverError(FailoverPolicy.DEFAULT.withArpTargets(seventeen), false));
    assertEquals(
        at
            + "ARP monitoring does not work with LACP (Linux refuses arp_interval in mode 802.3ad);"
            + " use link monitoring, or make the group active-backup",
        onlyFailoverError(FailoverPolicy.DEFAULT.withArpTargets("192.0.2.1"), true));
    // "192.0.2.\u0661" ends in an Arabic-Indic one: a digit to Java, but no octet Linux takes.
    for (String bad :
        List.of("0.0.0.0", "255.255.255.255", "224.0.0.1", "1.2.3", "01.2.3.4", "192.0.2.\u0661")) {
      onlyFailoverError(FailoverPolicy.DEFAULT.withArpTargets(bad), false);
    }
    assertTrue(
        storage()
            .failover(
                "storage",
                FailoverPolicy.DEFAULT
                    .withLinkCheckMillis(50)
                    .withDelays(200, 50)
                    .withFailback(false))
            .validate()
            .isValid());
  }
}
