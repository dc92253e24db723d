package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.PhysicalAdapter;
import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.SwitchedHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostNetwork#adapters()} on a real kernel with a group (bonding): the group's veth adapters
 * are listed as {@code ip -d -j link} sees them (MAC, MTU, max MTU, carrier), with their group and
 * roles, and a veth no group uses is not; deleting a group's adapter is heard as {@link
 * NetworkEvent.AdapterRemoved} naming the group.
 */
@Tag("lane")
class AdaptersLaneTest {
  private static final int EVENT_WAIT_SECONDS = 60;

  @Test
  void aGroupsAdaptersAreListedAsIpSeesThemAndTheirRemovalIsHeard(@TempDir Path journal)
      throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(3, false)) {
      HostNetwork net = HostNetwork.builder().driver(bench.driver()).journal(journal).build();
      net.apply(Topology.builder().adapterGroup("uplink", "nic0", "nic1").build());

      List<PhysicalAdapter> adapters = net.adapters();
      assertEquals(
          List.of("nic0", "nic1"),
          adapters.stream().map(PhysicalAdapter::name).toList(),
          "the group's adapters; nic2, a veth no group uses, is no NIC");
      for (Map<String, Object> link : IpOracle.links(bench.host())) {
        String name = (String) link.get("ifname");
        Optional<PhysicalAdapter> a =
            adapters.stream().filter(x -> x.name().equals(name)).findFirst();
        if (a.isEmpty()) {
          continue;
        }
        assertEquals(link.get("address"), a.get().mac(), name);
        assertEquals(((Number) link.get("mtu")).intValue(), a.get().mtu(), name);
        assertEquals(
            OptionalInt.of(((Number) link.get("max_mtu")).intValue()), a.get().maxMtu(), name);
        @SuppressWarnings("unchecked")
        List<String> flags = (List<String>) link.get("flags");
        assertEquals(flags.contains("LOWER_UP"), a.get().carrier(), name + " " + flags);
        assertEquals(Optional.of("uplink"), a.get().group(), name);
        assertEquals(Optional.of("veth"), a.get().driver(), name);
        assertTrue(a.get().eligible(), name + ": " + a.get().refusals());
      }
      assertEquals(Optional.of(PhysicalAdapter.Role.ACTIVE), adapters.get(0).role());
      assertEquals(Optional.of(PhysicalAdapter.Role.STANDBY), adapters.get(1).role());
      assertTrue(net.counters().containsKey("gb-uplink"), "the bond has counters too");

      BlockingQueue<NetworkEvent> events = new LinkedBlockingQueue<>();
      List<NetworkEvent> seen = new ArrayList<>();
      try (AutoCloseable subscription = net.subscribe(events::add)) {
        bench.host().ipOk("link", "del", "nic1");
        NetworkEvent.AdapterRemoved removed = null;
        while (removed == null) {
          NetworkEvent e = events.poll(EVENT_WAIT_SECONDS, TimeUnit.SECONDS);
          assertNotNull(e, "no AdapterRemoved within " + EVENT_WAIT_SECONDS + " s; saw " + seen);
          seen.add(e);
          if (e instanceof NetworkEvent.AdapterRemoved r) {
            removed = r;
          }
        }
        assertEquals(new NetworkEvent.AdapterRemoved("nic1", Optional.of("uplink")), removed);
      }
      assertEquals(List.of("nic0"), net.adapters().stream().map(PhysicalAdapter::name).toList());
    }
  }
}
