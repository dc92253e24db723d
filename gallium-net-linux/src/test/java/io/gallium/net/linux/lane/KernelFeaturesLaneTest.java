package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that the lane's kernel has what gallium-net's Linux layout needs (DESIGN.md, "How a
 * topology becomes devices"): an active-backup bond over two adapters, under a VLAN-filtering
 * bridge with {@code vlan_default_pvid 0}, carrying VLAN 100 on the bond port. Built with
 * iproute2 and checked with its JSON output; the driver's own lane tests build on this.
 */
class KernelFeaturesLaneTest {
    private ScratchNamespace ns;

    @BeforeEach
    void createNamespace() {
        Lane.assumeLaneAndRoot();
        ns = ScratchNamespace.create();
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            ns.close();
            assertFalse(Files.exists(Path.of("/run/netns", ns.name())), "namespace " + ns.name() + " left behind");
        }
    }

    @Test
    void bondUnderVlanFilteringBridgeCarriesVlan100() {
        // Two "adapters": veth ends whose peers stay in the namespace as the switch side.
        ns.ip("link", "add", "nic0", "type", "veth", "peer", "name", "sw0");
        ns.ip("link", "add", "nic1", "type", "veth", "peer", "name", "sw1");
        ns.ip("link", "add", "bond0", "type", "bond", "mode", "active-backup", "miimon", "100");
        ns.ip("link", "set", "dev", "nic0", "master", "bond0");
        ns.ip("link", "set", "dev", "nic1", "master", "bond0");
        ns.ip("link", "set", "dev", "bond0", "type", "bond", "primary", "nic0");
        ns.ip("link", "add", "br0", "type", "bridge", "vlan_filtering", "1", "vlan_default_pvid", "0");
        ns.ip("link", "set", "dev", "bond0", "master", "br0");
        ns.bridge("vlan", "add", "vid", "100", "dev", "bond0");
        for (String dev : List.of("sw0", "sw1", "bond0", "br0")) {
            ns.ip("link", "set", "dev", dev, "up");
        }

        Map<String, Object> bond = link("bond0");
        assertEquals("bond", path(bond, "linkinfo", "info_kind"));
        assertEquals("active-backup", path(bond, "linkinfo", "info_data", "mode"));
        assertEquals(100L, path(bond, "linkinfo", "info_data", "miimon"));
        assertEquals("nic0", path(bond, "linkinfo", "info_data", "primary"));
        assertEquals("br0", bond.get("master"));
        assertEquals("bridge", path(bond, "linkinfo", "info_slave_kind"));

        for (String nic : List.of("nic0", "nic1")) {
            Map<String, Object> slave = link(nic);
            assertEquals("bond0", slave.get("master"), nic + " enslaved to the bond");
            assertEquals("bond", path(slave, "linkinfo", "info_slave_kind"));
        }
        assertEquals("ACTIVE", path(link("nic0"), "linkinfo", "info_slave_data", "state"), "primary is active");
        assertEquals("BACKUP", path(link("nic1"), "linkinfo", "info_slave_data", "state"), "second is standby");

        Map<String, Object> bridge = link("br0");
        assertEquals("bridge", path(bridge, "linkinfo", "info_kind"));
        assertEquals(1L, path(bridge, "linkinfo", "info_data", "vlan_filtering"));
        assertEquals(0L, path(bridge, "linkinfo", "info_data", "vlan_default_pvid"));

        // The bond port carries VLAN 100 only: with default PVID 0 it got no VLAN 1 on enslaving.
        assertEquals(List.of(100L), vlans("bond0"));
    }

    private Map<String, Object> link(String dev) {
        List<?> links = (List<?>) Json.parse(ns.ip("-d", "-j", "link", "show", "dev", dev));
        assertEquals(1, links.size(), "one link named " + dev);
        return cast(links.get(0));
    }

    /** VLAN IDs configured on {@code dev}, from {@code bridge -j vlan show}. */
    private List<Long> vlans(String dev) {
        List<?> ports = (List<?>) Json.parse(ns.bridge("-j", "vlan", "show", "dev", dev));
        assertTrue(ports.size() <= 1, "at most one entry for " + dev + ": " + ports);
        if (ports.isEmpty()) {
            return List.of();
        }
        List<?> vlans = (List<?>) cast(ports.get(0)).get("vlans");
        return vlans.stream().map(v -> (Long) cast(v).get("vlan")).collect(Collectors.toList());
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object at = root;
        for (String key : keys) {
            assertTrue(at instanceof Map, "no object at '" + key + "' in " + root);
            at = cast(at).get(key);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
