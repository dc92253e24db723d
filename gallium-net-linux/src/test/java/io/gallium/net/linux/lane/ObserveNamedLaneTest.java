package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.testing.Lane;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link LinuxHost#observe(Set)} on the Debian kernel, where the bridge VLAN database exists: the
 * named devices equal the whole observation narrowed to them (bond, VLAN-filtering bridge, ports
 * with VLANs, the bond's own VLANs as a bridge port, addresses), their VLANs come from RTM_GETVLAN
 * and not from the AF_BRIDGE dump of the host, and what it sends and receives does not change when
 * the host has a thousand more devices.
 */
@Tag("lane")
class ObserveNamedLaneTest {
  private static final Set<String> THREE = Set.of("vm1", "gb-up", "nic0");

  /** A group as the layout makes it, a second port, a tap, a plain bridge, addresses. */
  private static void build(TestNamespace ns) {
    ns.ipBatch(
        List.of(
            "link add nic0 type veth peer name sw0",
            "link add nic1 type veth peer name sw1",
            "link add gb-up type bond mode active-backup miimon 100",
            "link set nic0 master gb-up",
            "link set nic1 master gb-up",
            "link set gb-up type bond primary nic0",
            "link add gb-br type bridge vlan_filtering 1 vlan_default_pvid 0",
            "link set gb-up master gb-br",
            "link add vm1 type veth peer name vm1p",
            "link set vm1 master gb-br",
            "link add vm2 type veth peer name vm2p",
            "link set vm2 master gb-br",
            "tuntap add mode tap name tap3",
            "link set tap3 master gb-br",
            "link add br-plain type bridge",
            "link add vp0 type veth peer name vp0p",
            "link set vp0 master br-plain",
            "link set sw0 up",
            "link set sw1 up",
            "link set gb-up up",
            "link set gb-br up",
            "link set vm1 up",
            "link set vm1p up",
            "link set gb-br alias gallium-net:group:up",
            "addr add 192.0.2.1/24 dev gb-br",
            "addr add 198.51.100.2/24 dev vm1p",
            "addr add 203.0.113.5/24 dev vm1"));
    ns.bridgeOk("vlan", "add", "vid", "1", "dev", "gb-up", "pvid", "untagged");
    ns.bridgeOk("vlan", "add", "vid", "2-100", "dev", "gb-up");
    ns.bridgeOk("vlan", "add", "vid", "200", "dev", "gb-up");
    ns.bridgeOk("vlan", "add", "vid", "1", "dev", "gb-br", "self");
    ns.bridgeOk("vlan", "add", "vid", "7", "dev", "vm1", "pvid", "untagged");
    ns.bridgeOk("vlan", "add", "vid", "300-310", "dev", "vm2");
    ns.bridgeOk("vlan", "add", "vid", "400", "dev", "vm2", "pvid", "untagged");
    ns.bridgeOk("vlan", "add", "vid", "8", "dev", "tap3", "pvid", "untagged");
  }

  @Test
  void namedDevicesAreTheWholeObservationNarrowedWithVlansFromTheVlanDatabase() throws Exception {
    Lane.assumeLaneAndRoot();
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      build(ns);
      HostState all = host.observe();
      assertEquals(
          List.of(
              new VlanRange(1, 1, true, true),
              VlanRange.tagged(2, 100),
              VlanRange.tagged(200, 200)),
          all.device("gb-up").orElseThrow().vlans());
      assertFalse(all.device("gb-br").orElseThrow().vlans().isEmpty(), "the bridge's own VLAN");

      List<String> pool = new ArrayList<>(all.devices().keySet());
      pool.addAll(List.of("gv-missing", "gone"));
      long seed = new Random().nextLong();
      Random random = new Random(seed);
      for (int i = 0; i < 60; i++) {
        Set<String> names = new TreeSet<>();
        int size = random.nextInt(6);
        while (names.size() < size) {
          names.add(pool.get(random.nextInt(pool.size())));
        }
        assertEquals(narrowed(all, names), host.observe(names), "seed " + seed + ", " + names);
      }
      Traffic traffic = traffic(host, all.devices().keySet());
      assertEquals(all, traffic.observed(), "every device at once");
      assertTrue(traffic.vlanDumps() > 0, "VLANs from RTM_GETVLAN: " + traffic);
      assertEquals(0, traffic.linkDumps(), "no AF_BRIDGE link dump of the host: " + traffic);
    }
  }

  @Test
  void observingThreeDevicesCostsTheSameWithTenOrAThousandOtherDevices() throws Exception {
    Lane.assumeLaneAndRoot();
    Traffic few = trafficWithExtraDevices(10);
    Traffic many = trafficWithExtraDevices(1000);
    System.out.printf(
        "ObserveNamedLaneTest: observe(%s) with 10 extra devices %s, with 1000 %s%n",
        THREE, few, many);
    // The same devices (MAC addresses are random, so whole devices differ between namespaces).
    assertEquals(THREE, few.observed().devices().keySet());
    assertEquals(THREE, many.observed().devices().keySet());
    assertEquals(few.withoutObservation(), many.withoutObservation());
  }

  /**
   * Builds the base, then {@code extra} taps (every tenth a port of the group's bridge, each with
   * an address, so a dump that the kernel did not narrow would show), and observes {@link #THREE}.
   */
  private static Traffic trafficWithExtraDevices(int extra) throws Exception {
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      build(ns);
      int base = host.observe().devices().size();
      List<String> commands = new ArrayList<>();
      for (int i = 0; i < extra; i++) {
        commands.add("tuntap add mode tap name gx" + i);
        commands.add("addr add 10." + (i / 250) + "." + (i % 250) + ".1/32 dev gx" + i);
        if (i % 10 == 0) {
          commands.add("link set gx" + i + " master gb-br");
        }
      }
      ns.ipBatch(commands);
      assertEquals(base + extra, host.observe().devices().size(), "base and extra devices");
      return traffic(host, THREE);
    }
  }

  /**
   * What one observe(names) sent and received, from the flight recorder's NetlinkBatch (pipelined
   * lookups) and NetlinkDump (VLAN and address dumps) events.
   */
  record Traffic(
      HostState observed,
      int lookups,
      int vlanDumps,
      int addressDumps,
      int routeDumps,
      int linkDumps,
      long bytesSent,
      int messagesReceived,
      long bytesReceived) {
    Traffic withoutObservation() {
      return new Traffic(
          null,
          lookups,
          vlanDumps,
          addressDumps,
          routeDumps,
          linkDumps,
          bytesSent,
          messagesReceived,
          bytesReceived);
    }

    @Override
    public String toString() {
      return String.format(
          "%d lookups, %d RTM_GETVLAN + %d RTM_GETADDR + %d RTM_GETROUTE + %d RTM_GETLINK dumps,"
              + " %d bytes sent, %d messages / %d bytes of dump answers",
          lookups,
          vlanDumps,
          addressDumps,
          routeDumps,
          linkDumps,
          bytesSent,
          messagesReceived,
          bytesReceived);
    }
  }

  private static Traffic traffic(LinuxHost host, Set<String> names) throws Exception {
    Path file = Files.createTempFile("observe-named", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("io.gallium.net.NetlinkBatch").withThreshold(java.time.Duration.ZERO);
      recording.enable("io.gallium.net.NetlinkDump").withThreshold(java.time.Duration.ZERO);
      recording.start();
      HostState observed = host.observe(names);
      recording.stop();
      recording.dump(file);
      int lookups = 0;
      int vlanDumps = 0;
      int addressDumps = 0;
      int routeDumps = 0;
      int linkDumps = 0;
      long bytesSent = 0;
      int messages = 0;
      long bytesReceived = 0;
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        String type = event.getEventType().getName();
        if (type.equals("io.gallium.net.NetlinkBatch")) {
          lookups += event.getInt("requests");
          bytesSent += event.getLong("bytesSent");
        } else if (type.equals("io.gallium.net.NetlinkDump")) {
          switch (event.getString("operation")) {
            case "RTM_GETVLAN" -> vlanDumps++;
            case "RTM_GETADDR" -> addressDumps++;
            case "RTM_GETROUTE" -> routeDumps++;
            default -> linkDumps++;
          }
          bytesSent += event.getLong("bytesSent");
          messages += event.getInt("messages");
          bytesReceived += event.getLong("bytesReceived");
        }
      }
      return new Traffic(
          observed,
          lookups,
          vlanDumps,
          addressDumps,
          routeDumps,
          linkDumps,
          bytesSent,
          messages,
          bytesReceived);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static HostState narrowed(HostState all, Set<String> names) {
    List<Device> devices = new ArrayList<>();
    for (String name : names) {
      all.device(name).ifPresent(devices::add);
    }
    return HostState.of(devices);
  }
}
