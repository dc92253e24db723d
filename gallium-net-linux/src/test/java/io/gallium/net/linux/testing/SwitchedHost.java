package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assumptions.abort;

import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.internal.route.RouteHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lane's test bench: a "host" namespace that gallium-net drives, a "switch" namespace that
 * plays the physical switch, and a "VM" namespace where the VMs' ends of VM ports sit.
 *
 * <p>Adapter {@code nicN} is a veth end in the host whose peer {@code swpN} is a port of the
 * switch's bridge {@code swbr} (no VLAN filtering: it forwards tagged frames as they come, as a
 * trunk port would). The switch's own addresses sit on {@code swbr} (untagged) and on 802.1q
 * devices {@code swbr.VID} on top of it. IPv6 is off in all three namespaces so that no neighbour
 * discovery or MLD frame disturbs the frame counters the tests read, unless a test asks for it
 * ({@link #create(int, boolean, boolean)}).
 *
 * <p>The {@code vmPort}, {@code tap} and {@code switch*} methods only queue {@code ip} commands;
 * {@link #wire()} runs them, one {@code ip -batch} per namespace (a process costs about a second
 * under emulation).
 *
 * <p>Fails closed: every namespace is checked not to be the host's at creation ({@link
 * TestNamespace#create()}), and the driver's socket is checked to be in the host namespace before
 * anything is created. Tests are skipped, with the reason printed, where the kernel lacks bonding
 * or bridge VLAN filtering (and 802.1q where asked).
 */
public final class SwitchedHost implements AutoCloseable {
  private final List<TestNamespace> namespaces = new ArrayList<>();
  private final TestNamespace host;
  private final TestNamespace switchSide;
  private final TestNamespace vm;
  private final List<String> hostCommands = new ArrayList<>();
  private final List<String> switchCommands = new ArrayList<>();
  private final List<String> vmCommands = new ArrayList<>();
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
   * the driver on the host namespace and checks it is there, then cables {@code adapters} adapters
   * {@code nic0..} to the switch.
   */
  public static SwitchedHost create(int adapters, boolean needVlanDevices) {
    return create(adapters, needVlanDevices, false);
  }

  /**
   * As {@link #create(int, boolean)}, with IPv6 on in all three namespaces when {@code ipv6}: for
   * tests of the host's own IPv6 addresses and routes, which count no frames (neighbour discovery
   * and MLD then go on the wire as on any host).
   */
  public static SwitchedHost create(int adapters, boolean needVlanDevices, boolean ipv6) {
    SwitchedHost bench = new SwitchedHost();
    try {
      bench.driver = LinuxHost.inNamespace(bench.host.name());
      bench.host.assertIsolated(bench.driver.namespaceInode());
      try (RouteHandle probe = RouteHandle.open(bench.host.namespace())) {
        bench.host.assertIsolated(probe.namespaceInode());
        KernelFeatures.assumeBonding(probe);
        KernelFeatures.assumeVlanFiltering(probe);
      }
      if (!ipv6) {
        for (TestNamespace ns : bench.namespaces) {
          InNamespace.disableIpv6(ns);
        }
      }
      if (needVlanDevices) {
        bench.assumeVlanDevices();
      }
      bench.switchCommands.add("link add swbr type bridge");
      bench.switchCommands.add("link set swbr up");
      for (int i = 0; i < adapters; i++) {
        bench.cable("nic" + i, "swp" + i);
      }
      bench.wire();
      return bench;
    } catch (RuntimeException | Error e) {
      bench.close();
      throw e;
    }
  }

  private void assumeVlanDevices() {
    ScratchNamespace.Result made =
        ScratchNamespace.runWithInput(
            "link add gnt-probe type veth peer name gnt-probe-p\n"
                + "link add link gnt-probe name gnt-probe.5 type vlan id 5\n",
            "ip",
            "-n",
            switchSide.name(),
            "-batch",
            "-");
    switchSide.ip("link", "del", "gnt-probe");
    if (made.status() != 0) {
      System.out.println(
          "SKIPPED: this kernel lacks 802.1q VLAN devices: " + made.output().strip());
      abort(
          "this kernel lacks 802.1q VLAN devices ("
              + made.output().strip()
              + "); the test runs in the real-kernel VM lane");
    }
  }

  /**
   * Queues a new adapter {@code nic} in the host whose peer {@code switchPort} is a port of the
   * switch, up.
   */
  public SwitchedHost cable(String nic, String switchPort) {
    hostCommands.add(
        "link add " + nic + " type veth peer name " + switchPort + " netns " + switchSide.name());
    switchCommands.add("link set " + switchPort + " master swbr");
    switchCommands.add("link set " + switchPort + " up");
    return this;
  }

  /**
   * Queues a VM port the way a hypervisor makes one: veth {@code port} in the host, its peer {@code
   * vmSide} in the VM namespace, up, with {@code address} (CIDR) if not null.
   */
  public SwitchedHost vmPort(String port, String vmSide, String address) {
    hostCommands.add("link add " + port + " type veth peer name " + vmSide + " netns " + vm.name());
    if (address != null) {
      vmCommands.add("addr add " + address + " dev " + vmSide);
    }
    vmCommands.add("link set " + vmSide + " up");
    return this;
  }

  /**
   * Queues a tap device in the host, as a hypervisor makes for a VM (no process attached: no
   * carrier).
   */
  public SwitchedHost tap(String name) {
    hostCommands.add("tuntap add mode tap name " + name);
    return this;
  }

  /**
   * Queues an 802.1q device {@code swbr.VID} on the switch with {@code address} (CIDR), up: the
   * switch's end of VLAN {@code vid}.
   */
  public SwitchedHost switchVlan(int vid, String address) {
    String name = "swbr." + vid;
    switchCommands.add("link add link swbr name " + name + " type vlan id " + vid);
    switchCommands.add("addr add " + address + " dev " + name);
    switchCommands.add("link set " + name + " up");
    return this;
  }

  /**
   * Queues an address (CIDR) for the switch's bridge itself: the switch's end of untagged frames.
   */
  public SwitchedHost switchUntagged(String address) {
    switchCommands.add("addr add " + address + " dev swbr");
    return this;
  }

  /**
   * Runs what was queued: host first (it makes the peers in the other namespaces), then switch and
   * VM.
   */
  public SwitchedHost wire() {
    host.ipBatch(hostCommands);
    switchSide.ipBatch(switchCommands);
    vm.ipBatch(vmCommands);
    hostCommands.clear();
    switchCommands.clear();
    vmCommands.clear();
    return this;
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

  /** Received packets of {@code device} in {@code ns} (its {@code /proc/net/dev}; no process). */
  public static long rxPackets(TestNamespace ns, String device) {
    return counters(ns, device).rxPackets();
  }

  /** Received packets of each of {@code devices} in {@code ns}, in their order. */
  public static Map<String, Long> rxPackets(TestNamespace ns, List<String> devices) {
    Map<String, InNamespace.Counters> all = InNamespace.counters(ns);
    Map<String, Long> out = new LinkedHashMap<>();
    for (String d : devices) {
      out.put(d, all.get(d).rxPackets());
    }
    return out;
  }

  /** How much each counter of {@code before} grew by {@code after}. */
  public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new LinkedHashMap<>();
    before.forEach((d, n) -> out.put(d, after.get(d) - n));
    return out;
  }

  /**
   * Polls {@code bridge -j link show} in {@code ns} until each of {@code ports} is a bridge port in
   * state forwarding; fails after 60 s. A port whose link just came up (an adapter the apply
   * enslaved, a VM port it brought up, the switch's port facing an adapter that was down) forwards
   * only once the kernel has taken its carrier in, a moment after the apply returned: frames sent
   * before are dropped, so a test that counts frames waits for this first.
   */
  @SuppressWarnings("unchecked")
  public static void awaitForwarding(TestNamespace ns, String... ports) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Map<String, Object> states = new LinkedHashMap<>();
      for (Map<String, Object> p : Json.parseArray(ns.bridgeOk("-j", "link", "show"))) {
        states.put((String) p.get("ifname"), p.get("state"));
      }
      boolean all = true;
      for (String port : ports) {
        all &= "forwarding".equals(states.get(port));
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "bridge ports in " + ns.name() + " not all forwarding after 60 s: " + states);
      }
    }
  }

  /**
   * Polls the receive counter (each poll reads the namespace's /proc/net/dev) until it reaches
   * {@code atLeast}; fails after 60 s.
   */
  public static void awaitRxPackets(TestNamespace ns, String device, long atLeast) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long now;
    while ((now = rxPackets(ns, device)) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            device
                + " in "
                + ns.name()
                + " received "
                + now
                + " packets, expected at least "
                + atLeast);
      }
    }
  }

  /** Sent packets of {@code device} in {@code ns}. */
  public static long txPackets(TestNamespace ns, String device) {
    return counters(ns, device).txPackets();
  }

  private static InNamespace.Counters counters(TestNamespace ns, String device) {
    InNamespace.Counters c = InNamespace.counters(ns).get(device);
    if (c == null) {
      throw new AssertionError("no device " + device + " in " + ns.name());
    }
    return c;
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
