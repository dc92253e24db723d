package io.gallium.net.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.Device;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.HostState;
import io.gallium.net.linux.internal.route.RouteHandle;
import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.KernelFeatures;
import io.gallium.net.linux.testing.TestNamespace;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topology applied end to end through HostNetwork on LinuxHost: bond, VLAN-aware bridge,
 * VLANs on the bond port, a VM port with its PVID. Needs bonding and VLAN filtering (VM lane).
 */
@Tag("lane")
class HostNetworkLaneTest {

    @Test
    void topologyIsAppliedAndReadBack(@TempDir Path journal) {
        try (TestNamespace ns = TestNamespace.create(); LinuxHost host = LinuxHost.inNamespace(ns.name())) {
            ns.assertIsolated(host.namespaceInode());
            try (RouteHandle probe = RouteHandle.open(ns.namespace())) {
                KernelFeatures.assumeBonding(probe);
                KernelFeatures.assumeVlanFiltering(probe);
            }
            ns.ipOk("link", "add", "nic0", "type", "veth", "peer", "name", "sw0");
            ns.ipOk("link", "add", "nic1", "type", "veth", "peer", "name", "sw1");
            ns.ipOk("link", "add", "tap-vm1", "type", "veth", "peer", "name", "vm1");
            Topology topology = Topology.builder()
                    .adapterGroup("uplink", "nic0", "nic1")
                    .vlanNetwork("prod", "uplink", 100)
                    .untaggedNetwork("mgmt", "uplink")
                    .vmPort("tap-vm1", "prod")
                    .build();
            HostNetwork network = HostNetwork.builder().driver(host).journal(journal).build();
            ApplyResult result = network.apply(topology);
            assertTrue(result.changed());
            assertEquals(topology, network.observe());

            HostState state = host.observe();
            Device vmPort = state.device("tap-vm1").orElseThrow();
            assertTrue(vmPort.master().isPresent());
            assertEquals(Optional.of(100), vmPort.pvid());
            Device nic0 = state.device("nic0").orElseThrow();
            Device bond = state.device(nic0.master().orElseThrow()).orElseThrow();
            assertEquals(Optional.of("nic0"), bond.bond().orElseThrow().primary());
            // iproute2 agrees: nic0 is a slave of that bond.
            java.util.Map<String, Object> nic = IpOracle.links(ns).stream().filter(l -> "nic0".equals(l.get("ifname"))).findFirst().orElseThrow();
            assertEquals(bond.name(), nic.get("master"));
            assertEquals("bond", IpOracle.linkInfo(nic).get("info_slave_kind"));

            // Applying the same topology again changes nothing.
            assertTrue(!network.apply(topology).changed());
        }
    }
}
