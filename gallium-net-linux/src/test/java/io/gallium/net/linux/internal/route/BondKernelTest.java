package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.KernelFeatures;
import io.gallium.net.linux.testing.TestNamespace;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Active-backup bonds: created with their mode, slaves enslaved while down, the primary set after,
 * and failover seen as a link event. Needs the bonding driver (the VM lane).
 */
@Tag("lane")
class BondKernelTest {

  @Test
  void activeBackupBondWithPrimaryFailsOverWhenItsCarrierGoes() throws InterruptedException {
    try (TestNamespace ns = TestNamespace.create();
        RouteHandle handle = RouteHandle.open(ns.namespace())) {
      ns.assertIsolated(handle.namespaceInode());
      KernelFeatures.assumeBonding(handle);
      handle.executeAll(
          List.of(
              new CreateBond("gb-bond0", 0, 100),
              new CreateVethPair("gv-a", "gv-pa"),
              new CreateVethPair("gv-b", "gv-pb")));
      int bond = handle.link("gb-bond0").orElseThrow().index();
      int a = handle.link("gv-a").orElseThrow().index();
      int b = handle.link("gv-b").orElseThrow().index();
      handle.executeAll(
          List.of(
              new SetUp(LinkRef.named("gv-pa"), true),
              new SetUp(LinkRef.named("gv-pb"), true),
              new SetUp(LinkRef.named("gv-a"), false),
              new SetUp(LinkRef.named("gv-b"), false),
              new SetMaster(LinkRef.named("gv-a"), bond),
              new SetMaster(LinkRef.named("gv-b"), bond)));
      handle.executeAll(
          List.of(
              new SetBondPrimary(LinkRef.named("gb-bond0"), a),
              new SetUp(LinkRef.named("gb-bond0"), true)));

      BlockingQueue<LinkMessage> bondEvents = new LinkedBlockingQueue<>();
      try (LinkEventMonitor monitor =
          handle.monitor(
              (link, deleted) -> {
                if (link.index() == bond) {
                  bondEvents.add(link);
                }
              })) {
        LinkMessage observed = handle.link("gb-bond0").orElseThrow();
        while (observed.bond().activeSlaveIndex() != a) {
          observed = next(bondEvents);
        }
        assertEquals(1, observed.bond().mode());
        assertEquals(100, observed.bond().miimon());
        assertEquals(a, observed.bond().primaryIndex());
        Map<String, Object> info = info(ns, "gb-bond0");
        assertEquals("active-backup", info.get("mode"));
        assertEquals("gv-a", info.get("primary"));
        assertEquals("gv-a", info.get("active_slave"));
        assertEquals(bond, handle.link("gv-a").orElseThrow().master());
        assertEquals(LinkKind.BOND, handle.link("gv-b").orElseThrow().slaveKind());

        // The primary's peer goes down: miimon sees the carrier go, gv-b takes over.
        handle.executeAll(List.of(new SetUp(LinkRef.named("gv-pa"), false)));
        while (observed.bond().activeSlaveIndex() != b) {
          observed = next(bondEvents);
        }
        assertEquals("gv-b", info(ns, "gb-bond0").get("active_slave"));
      }
    }
  }

  private static LinkMessage next(BlockingQueue<LinkMessage> events) throws InterruptedException {
    LinkMessage event = events.poll(30, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no bond event arrived");
    }
    return event;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> info(TestNamespace ns, String device) {
    Map<String, Object> link =
        IpOracle.links(ns).stream()
            .filter(l -> device.equals(l.get("ifname")))
            .findFirst()
            .orElseThrow();
    return (Map<String, Object>) IpOracle.linkInfo(link).get("info_data");
  }
}
