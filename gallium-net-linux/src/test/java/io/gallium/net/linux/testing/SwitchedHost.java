package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assumptions.abort;

import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.internal.route.RouteHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The lane's test bench: a "host" namespace that gallium-net drives, a "switch" namespace that
 * plays the physical switch, and a "VM" namespace where the VMs' ends of VM ports sit.
 *
 * <p>Adapter {@code nicN} is a veth end in the host whose peer {@code swpN} is a port of the
 * switch's bridge {@code swbr} (no VLAN filtering: it forwards tagged frames as they come, as a
 * trunk port would). The switch's own addresses sit on {@code swbr} (untagged) and on 802.1q devices
 * {@code swbr.VID} on top of it. IPv6 is off in all three namespaces so that no neighbour discovery
 * or MLD frame disturbs the frame counters the tests read.
 *
 * <p>Fails closed: every namespace is checked not to be the host's at creation
 * ({@link TestNamespace#create()}), and {@link #driver()} checks the library's socket before the
 * test creates anything through it. Tests are skipped, with the reason printed, where the kernel
 * lacks bonding or bridge VLAN filtering (and 802.1q where asked).
 */
public final class SwitchedHost implements AutoCloseable {
    private final List<TestNamespace> namespaces = new ArrayList<>();
    private final TestNamespace host;
    private final TestNamespace switchSide;
    private final TestNamespace vm;
    private LinuxHost driver;

    private SwitchedHost() {
        host = add(TestNamespace.create());
        switchSide = add(TestNamespace.create());
        vm = add(TestNamespace.create());
    }

    private TestNamespace add(TestNamespace ns) {
        namespaces.add(ns);
        return ns;
    }

    /**
     * Creates the three namespaces (skipping the test, with the reason, when not root or when the
     * kernel lacks bonding or bridge VLAN filtering; with {@code needVlanDevices}, 802.1q too), opens
     * the driver on the host namespace and checks it is there, then cables {@code adapters}
     * adapters {@code nic0..} to the switch.
     */
    public static SwitchedHost create(int adapters, boolean needVlanDevices) {
        SwitchedHost bench = new SwitchedHost();
        try {
            bench.driver = LinuxHost.inNamespace(bench.host.name());
            bench.host.assertIsolated(bench.driver.namespaceInode());
            try (RouteHandle probe = RouteHandle.open(bench.host.namespace())) {
                bench.host.assertIsolated(probe.namespaceInode());
                KernelFeatures.assumeBonding(probe);
                KernelFeatures.assumeVlanFiltering(probe);
            }
            if (needVlanDevices) {
                bench.assumeVlanDevices();
            }
            for (TestNamespace ns : bench.namespaces) {
                // `ip netns exec` remounts /sys but /proc/sys/net follows the process's namespace.
                ns.execOk("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6"
                        + " && echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
            }
            bench.switchSide.ipOk("link", "add", "swbr", "type", "bridge");
            bench.switchSide.ipOk("link", "set", "swbr", "up");
            for (int i = 0; i < adapters; i++) {
                bench.cable("nic" + i, "swp" + i);
            }
            return bench;
        } catch (RuntimeException | Error e) {
            bench.close();
            throw e;
        }
    }

    private void assumeVlanDevices() {
        TestNamespace.Result made = switchSide.ip("link", "add", "gnt-probe", "type", "veth", "peer", "name", "gnt-probe-p");
        if (made.status() != 0) {
            throw new AssertionError("cannot create a veth pair: " + made.output());
        }
        TestNamespace.Result vlan = switchSide.ip("link", "add", "link", "gnt-probe", "name", "gnt-probe.5", "type", "vlan", "id", "5");
        switchSide.ip("link", "del", "gnt-probe");
        if (vlan.status() != 0) {
            System.out.println("SKIPPED: this kernel lacks 802.1q VLAN devices: " + vlan.output().strip());
            abort("this kernel lacks 802.1q VLAN devices (" + vlan.output().strip() + "); the test runs in the real-kernel VM lane");
        }
    }

    /** A new adapter {@code nic} in the host whose peer {@code switchPort} is a port of the switch, up. */
    public void cable(String nic, String switchPort) {
        host.ipOk("link", "add", nic, "type", "veth", "peer", "name", switchPort, "netns", switchSide.name());
        switchSide.ipOk("link", "set", switchPort, "master", "swbr");
        switchSide.ipOk("link", "set", switchPort, "up");
    }

    /**
     * A VM port the way a hypervisor makes one: veth {@code port} in the host, its peer
     * {@code vmSide} in the VM namespace, up, with {@code address} (CIDR) if not null.
     */
    public void vmPort(String port, String vmSide, String address) {
        host.ipOk("link", "add", port, "type", "veth", "peer", "name", vmSide, "netns", vm.name());
        if (address != null) {
            vm.ipOk("addr", "add", address, "dev", vmSide);
        }
        vm.ipOk("link", "set", vmSide, "up");
    }

    /** A tap device in the host, as a hypervisor makes for a VM (no process attached: no carrier). */
    public void tap(String name) {
        host.ipOk("tuntap", "add", "mode", "tap", "name", name);
    }

    /** An 802.1q device {@code swbr.VID} on the switch with {@code address} (CIDR), up; the switch's end of VLAN {@code vid}. */
    public String switchVlan(int vid, String address) {
        String name = "swbr." + vid;
        switchSide.ipOk("link", "add", "link", "swbr", "name", name, "type", "vlan", "id", String.valueOf(vid));
        switchSide.ipOk("addr", "add", address, "dev", name);
        switchSide.ipOk("link", "set", name, "up");
        return name;
    }

    /** Gives the switch's bridge itself {@code address} (CIDR): the switch's end of untagged frames. */
    public void switchUntagged(String address) {
        switchSide.ipOk("addr", "add", address, "dev", "swbr");
    }

    /** The driver on the host namespace (checked to be there). Closed by {@link #close()}. */
    public LinuxHost driver() {
        return driver;
    }

    public TestNamespace host() {
        return host;
    }

    public TestNamespace switchSide() {
        return switchSide;
    }

    public TestNamespace vm() {
        return vm;
    }

    /** Received packets of {@code device} in {@code ns}, from {@code ip -s -j link show}. */
    public static long rxPackets(TestNamespace ns, String device) {
        return packets(ns, device, "rx");
    }

    /** Sent packets of {@code device} in {@code ns}, from {@code ip -s -j link show}. */
    public static long txPackets(TestNamespace ns, String device) {
        return packets(ns, device, "tx");
    }

    @SuppressWarnings("unchecked")
    private static long packets(TestNamespace ns, String device, String direction) {
        List<java.util.Map<String, Object>> links = Json.parseArray(ns.ipOk("-s", "-j", "link", "show", "dev", device));
        java.util.Map<String, Object> stats = (java.util.Map<String, Object>) links.get(0).get("stats64");
        return ((Number) ((java.util.Map<String, Object>) stats.get(direction)).get("packets")).longValue();
    }

    /** Closes the driver and deletes the namespaces (VM and switch first), even after a failure. */
    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            namespaces.get(i).close();
        }
    }
}
