package io.gallium.net.examples;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.Plan;
import io.gallium.net.core.Subscription;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.testing.InMemoryHost;
import io.gallium.net.linux.LinuxHost;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The product guide's three steps in code: make an adapter group of two adapters, put a VLAN
 * network and an untagged network on it, attach a VM's port. Shows the plan, applies it, shows what
 * the host has, pulls the active adapter's cable to show the failover, and cleans up.
 *
 * <p>Run as root on a kernel with bonding and bridge VLAN filtering, it works on real devices
 * inside a sandbox network namespace it makes (and deletes), never on the host's own interfaces.
 * Anywhere else, or with {@code --in-memory}, it runs on {@link InMemoryHost} and says so in its
 * first line.
 *
 * <pre>
 * java -jar examples/target/gallium-net-examples.jar [--in-memory]
 * </pre>
 */
public final class QuickStart {

  /** The adapters of the (sandbox or simulated) host: the first active, the second its standby. */
  static final List<String> ADAPTERS = List.of("eth0", "eth1");

  /** The VM's port device, as a hypervisor would have made it. */
  static final String VM_PORT = "tap-vm1";

  /**
   * How long a real kernel gets to report the failover (the bond checks its links every 100 ms).
   */
  private static final long FAILOVER_WAIT_SECONDS = 10;

  private QuickStart() {}

  /**
   * Runs the quick start and prints what it does.
   *
   * @param args {@code --in-memory} to use the simulated host even where real devices could be used
   */
  public static void main(String... args) throws Exception {
    run(System.out, args);
  }

  /**
   * Runs the quick start, printing to {@code out}.
   *
   * @param out where the walk-through is printed
   * @param args {@code --in-memory}, or nothing
   * @throws IllegalArgumentException for an argument it does not know
   */
  public static void run(PrintStream out, String... args) throws Exception {
    boolean inMemory = false;
    for (String a : args) {
      if (!a.equals("--in-memory")) {
        throw new IllegalArgumentException(
            "unknown argument '" + a + "'; usage: QuickStart [--in-memory]");
      }
      inMemory = true;
    }
    Optional<String> whyNotReal =
        inMemory ? Optional.of("--in-memory was given") : Sandbox.whyNotHere();
    Sandbox sandbox = null;
    if (whyNotReal.isEmpty()) {
      try {
        sandbox = Sandbox.create(ADAPTERS, List.of(VM_PORT));
      } catch (Sandbox.Unavailable e) {
        whyNotReal = Optional.of(e.getMessage());
      }
    }
    if (sandbox == null) {
      runInMemory(out, whyNotReal.orElseThrow());
      return;
    }
    try {
      runInSandbox(out, sandbox);
    } finally {
      sandbox.close();
    }
  }

  private static void runInMemory(PrintStream out, String why) throws Exception {
    out.println(
        "gallium-net quick start on InMemoryHost, a simulated host; no kernel is touched. Why: "
            + why);
    InMemoryHost host = InMemoryHost.withAdapters(ADAPTERS.toArray(String[]::new));
    host.addPort(VM_PORT);
    walkThrough(out, host, HostNetwork.of(host), adapter -> host.setCarrier(adapter, false));
  }

  private static void runInSandbox(PrintStream out, Sandbox sandbox) throws Exception {
    out.println(
        "gallium-net quick start on real Linux devices in sandbox network namespace "
            + sandbox.hostNamespace()
            + " (veth adapters; the host's own interfaces are not touched)");
    // The sandbox is thrown away at the end, so its journal is too; a product keeps the default
    // (/run/gallium-net), which outlives the process as long as the kernel state does.
    Path journal = Files.createTempDirectory("gallium-net-quickstart");
    try (LinuxHost host = LinuxHost.inNamespace(sandbox.hostNamespace())) {
      sandbox.requireSocketInside(host.namespaceInode());
      HostNetwork net = HostNetwork.builder().driver(host).journal(journal).build();
      walkThrough(out, host, net, sandbox::pullCable);
    } finally {
      deleteTree(journal);
    }
  }

  /** The same walk-through on either host. */
  private static void walkThrough(PrintStream out, Driver host, HostNetwork net, Cable cable)
      throws Exception {
    out.println(
        "the host has adapters "
            + String.join(", ", ADAPTERS)
            + " and the port device "
            + VM_PORT
            + " a hypervisor made for a VM");

    Topology topology =
        Topology.builder()
            .adapterGroup(
                "uplink", "eth0",
                "eth1") // step 1: a group of two adapters: eth0 active, eth1 standby
            .vlanNetwork("prod", "uplink", 100) // step 2: a VLAN network on the group...
            .untaggedNetwork("mgmt", "uplink") //         ...and its untagged network
            .vmPort(VM_PORT, "prod") // step 3: attach the VM's port to a network
            .build(); // validates every rule, reports every error at once
    out.println();
    out.println("1. the topology wanted:");
    print(out, Descriptions.topology(topology));

    Plan plan = net.plan(topology);
    out.println();
    out.println("2. the plan (nothing has changed yet):");
    print(out, plan.toString().lines().toList());

    ApplyResult result = net.apply(topology);
    out.println();
    out.println(
        "3. applied: "
            + result.plan().size()
            + " changes, all or nothing, verified by observing the host again");

    out.println();
    out.println("4. what the host has now, observed:");
    print(out, Descriptions.topology(net.observe()));
    out.println("   devices:");
    print(out, Descriptions.devices(host.observe()).stream().map(d -> "  " + d).toList());
    print(out, Descriptions.status(net.status()));

    out.println();
    out.println("5. pulling the cable of eth0, the active adapter:");
    BlockingQueue<NetworkEvent> events = new LinkedBlockingQueue<>();
    try (Subscription subscription = net.subscribe(events::add)) {
      cable.pull("eth0");
      awaitFailover(out, events);
    }
    print(out, Descriptions.status(net.status()));

    out.println();
    out.println("6. cleaning up: applying the empty topology");
    print(out, net.plan(Topology.empty()).toString().lines().toList());
    net.apply(Topology.empty());
    boolean clean = net.observe().equals(Topology.empty());
    out.println(
        clean
            ? "cleaned up: gallium-net owns nothing on this host any more"
            : "NOT clean: the host still carries " + net.observe());
  }

  /**
   * Prints events as they come until the failover (a real bond reports it within its link-check
   * interval).
   */
  private static void awaitFailover(PrintStream out, BlockingQueue<NetworkEvent> events)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FAILOVER_WAIT_SECONDS);
    boolean failedOver = false;
    while (!failedOver) {
      NetworkEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        out.println("   no failover event within " + FAILOVER_WAIT_SECONDS + " s");
        return;
      }
      out.println("   event: " + e);
      failedOver = e instanceof NetworkEvent.Failover;
    }
    for (NetworkEvent e = events.poll(); e != null; e = events.poll()) {
      out.println("   event: " + e);
    }
  }

  private static void print(PrintStream out, List<String> lines) {
    lines.forEach(l -> out.println("   " + l));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the quick start's journal in " + dir, e);
    }
  }

  /**
   * Pulls an adapter's cable: on the simulated host by setting its carrier, in the sandbox at the
   * switch.
   */
  @FunctionalInterface
  private interface Cable {
    void pull(String adapter) throws Exception;
  }
}
