package io.gallium.net.linux.lane;

import static io.gallium.net.linux.lane.QuickStartLaneTest.data;
import static io.gallium.net.linux.lane.QuickStartLaneTest.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.FailoverPolicy;
import io.gallium.net.GroupMode;
import io.gallium.net.Topology;
import io.gallium.net.core.GroupStatus;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.Plan;
import io.gallium.net.core.spi.Change;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.TestNamespace;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's settings on a real kernel, checked with {@code ip -d -j link}: MTU 9000 end to end (a
 * 9000-byte frame from a VM through bridge and bond to the switch), changed in place; failback on
 * and off with the active adapter's cable pulled and put back; LACP with a bond in the switch.
 */
@Tag("lane")
class GroupSettingsLaneTest {

  private static final long WAIT_NANOS = 60_000_000_000L;

  private static Topology.Builder prod() {
    return Topology.builder()
        .adapterGroup("uplink", "nic0", "nic1")
        .vlanNetwork("prod", "uplink", 100)
        .vmPort("vm1", "prod");
  }

  private static long mtu(TestNamespace ns, String device) {
    return ((Number) link(ns, device).get("mtu")).longValue();
  }

  private static long index(TestNamespace ns, String device) {
    return ((Number) link(ns, device).get("ifindex")).longValue();
  }

  @Test
  void mtu9000CarriesA9000ByteFrameAndChangesInPlace(@TempDir Path journal) throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, true)) {
      bench.vmPort("vm1", "eth-vm1", "10.100.0.2/24");
      bench.switchVlan(100, "10.100.0.1/24").wire();
      for (String d : List.of("swp0", "swp1", "swbr", "swbr.100")) {
        bench.switchSide().ipOk("link", "set", d, "mtu", "9000");
      }
      bench.vm().ipOk("link", "set", "eth-vm1", "mtu", "9000");
      HostNetwork net = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      net.apply(prod().build());
      long bond = index(bench.host(), "gb-uplink");
      long bridge = index(bench.host(), "gv-uplink");

      Topology jumbo = prod().mtu("uplink", 9000).build();
      Plan raise = net.plan(jumbo);
      assertTrue(
          raise.changes().stream().allMatch(c -> c instanceof Change.SetMtu), raise::toString);
      net.apply(jumbo);
      for (String d : List.of("nic0", "nic1", "gb-uplink", "gv-uplink", "vm1")) {
        assertEquals(9000, mtu(bench.host(), d), d + " has the group's MTU");
      }
      assertEquals(bond, index(bench.host(), "gb-uplink"), "the bond was not created again");
      assertEquals(bridge, index(bench.host(), "gv-uplink"), "the bridge was not created again");
      assertEquals(jumbo, net.observe());
      assertTrue(net.plan(jumbo).isEmpty());

      // 8972 bytes of UDP payload + 8 of UDP + 20 of IPv4 header: a 9000-byte IP packet, sent
      // whole (the VM's own MTU is 9000), which a 1500-byte hop anywhere would drop.
      String big = "jumbo-" + "x".repeat(8972 - 6);
      try (UdpInNamespace vm = UdpInNamespace.bind(bench.vm(), "10.100.0.2", 5000);
          UdpInNamespace sw = UdpInNamespace.bind(bench.switchSide(), "10.100.0.1", 5001)) {
        boolean arrived = false;
        for (int attempt = 0; attempt < 30 && !arrived; attempt++) {
          vm.send("10.100.0.1", 5001, big);
          String got = sw.receive(1000);
          arrived = got != null && got.startsWith("jumbo-");
        }
        assertTrue(arrived, "a 9000-byte packet from the VM reached the switch");
      }

      net.apply(prod().build());
      for (String d : List.of("nic0", "nic1", "gb-uplink", "gv-uplink", "vm1")) {
        assertEquals(1500, mtu(bench.host(), d), d + " is back at 1500");
      }
      assertEquals(bond, index(bench.host(), "gb-uplink"));
      assertEquals(bridge, index(bench.host(), "gv-uplink"));
    }
  }

  @Test
  void failbackOnReturnsToTheFirstAdapterAndOffStaysOnTheStandby(@TempDir Path journal)
      throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, false)) {
      HostNetwork net = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      Topology noFailback =
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .failover("uplink", FailoverPolicy.DEFAULT.withFailback(false))
              .build();
      net.apply(noFailback);
      Map<String, Object> info = data(link(bench.host(), "gb-uplink"), "info_data");
      assertEquals("failure", info.get("primary_reselect"));
      assertEquals(noFailback, net.observe());
      TestNamespace host = bench.host();
      await(() -> "nic0".equals(active(host)), () -> "nic0 active at first: " + active(host));

      bench.switchSide().ipOk("link", "set", "swp0", "down");
      await(() -> "nic1".equals(active(host)), () -> "nic1 takes over: " + active(host));
      bench.switchSide().ipOk("link", "set", "swp0", "up");
      // Once the link monitor sees nic0's link up again, the bond has chosen: a failback would
      // have happened in the same step.
      await(
          () -> "UP".equals(mii(host, "nic0")), () -> "nic0's link seen up: " + mii(host, "nic0"));
      assertEquals("nic1", active(host), "failback off: traffic stays on nic1");
      GroupStatus status = net.status().get(0);
      assertEquals(Optional.of("nic1"), status.activeAdapter());
      GroupStatus.AdapterStatus nic0 = status.adapters().get(0);
      assertEquals("nic0", nic0.name());
      assertTrue(nic0.linkUp() && !nic0.active(), status::toString);
      assertEquals(1, nic0.linkFailures(), "the link monitor counted the pulled cable: " + status);

      Topology failback = Topology.builder().adapterGroup("uplink", "nic0", "nic1").build();
      Plan plan = net.plan(failback);
      assertEquals(1, plan.size(), plan::toString);
      assertTrue(plan.changes().get(0) instanceof Change.SetBondSettings, plan::toString);
      net.apply(failback);
      assertEquals("always", data(link(host, "gb-uplink"), "info_data").get("primary_reselect"));
      bench.switchSide().ipOk("link", "set", "swp1", "down");
      await(() -> "nic0".equals(active(host)), () -> "nic0 takes over: " + active(host));
      bench.switchSide().ipOk("link", "set", "swp1", "up");
      await(
          () -> "UP".equals(mii(host, "nic1")), () -> "nic1's link seen up: " + mii(host, "nic1"));
      bench.switchSide().ipOk("link", "set", "swp0", "down");
      await(() -> "nic1".equals(active(host)), () -> "nic1 takes over: " + active(host));
      bench.switchSide().ipOk("link", "set", "swp0", "up");
      await(() -> "nic0".equals(active(host)), () -> "failback on: back to nic0: " + active(host));
    }
  }

  @Test
  void lacpFormsOneAggregateOfBothAdaptersWithTheSwitchsBond(@TempDir Path journal)
      throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, false)) {
      TestNamespace sw = bench.switchSide();
      sw.ipBatch(
          List.of(
              "link add swbond type bond mode 802.3ad lacp_rate fast miimon 100",
              "link set swp0 nomaster",
              "link set swp1 nomaster",
              "link set swp0 down",
              "link set swp1 down",
              "link set swp0 master swbond",
              "link set swp1 master swbond",
              "link set swbond master swbr",
              "link set swbond up"));
      HostNetwork net = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      Topology lacp =
          Topology.builder()
              .adapterGroup("uplink", "nic0", "nic1")
              .lacp("uplink")
              .untaggedNetwork("lan", "uplink")
              .build();
      net.apply(lacp);
      TestNamespace host = bench.host();
      Map<String, Object> info = data(link(host, "gb-uplink"), "info_data");
      assertEquals("802.3ad", info.get("mode"));
      assertEquals("layer2+3", info.get("xmit_hash_policy"));
      assertEquals("fast", info.get("ad_lacp_rate"));
      assertEquals(lacp, net.observe());
      assertTrue(net.plan(lacp).isEmpty());
      await(
          () ->
              ports(host) == 2
                  && aggregator(host, "nic0") == aggregator(host, "nic1")
                  && net.status().get(0).adapters().stream()
                      .allMatch(GroupStatus.AdapterStatus::lacpDistributing),
          () ->
              "both adapters in the bond's aggregator: "
                  + data(link(host, "gb-uplink"), "info_data"));
      GroupStatus status = net.status().get(0);
      assertEquals(GroupMode.LACP, status.mode());
      assertEquals(Optional.empty(), status.activeAdapter());
      assertEquals(
          aggregator(host, "nic0"), status.adapters().get(0).aggregatorId(), status::toString);
      assertEquals(
          aggregator(host, "nic1"), status.adapters().get(1).aggregatorId(), status::toString);
      assertTrue(
          status.adapters().stream().allMatch(GroupStatus.AdapterStatus::active), status::toString);
      assertEquals(
          data(link(host, "gb-uplink"), "info_data").get("ad_info") instanceof Map<?, ?> m
              ? ((Number) m.get("aggregator")).longValue()
              : -1L,
          aggregator(host, "nic0"),
          "the bond's active aggregator is the adapters'");
    }
  }

  private static String active(TestNamespace host) {
    Object a = data(link(host, "gb-uplink"), "info_data").get("active_slave");
    return a == null ? null : a.toString();
  }

  private static String mii(TestNamespace host, String slave) {
    Object s = data(link(host, slave), "info_slave_data").get("mii_status");
    return s == null ? null : s.toString();
  }

  private static long aggregator(TestNamespace host, String slave) {
    Object id = data(link(host, slave), "info_slave_data").get("ad_aggregator_id");
    return id instanceof Number n ? n.longValue() : -1;
  }

  private static long ports(TestNamespace host) {
    Object adInfo = data(link(host, "gb-uplink"), "info_data").get("ad_info");
    return adInfo instanceof Map<?, ?> m && m.get("num_ports") instanceof Number n
        ? n.longValue()
        : 0;
  }

  /** Polls the kernel's view until {@code condition} holds; fails after a minute. */
  private static void await(Supplier<Boolean> condition, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what.get());
      }
      Thread.sleep(100);
    }
  }
}
