package io.gallium.net.examples;

import io.gallium.net.linux.testing.ScratchNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stand-in hardware for the quick start on a real kernel: two fresh network namespaces, a "host"
 * whose adapters are veth ends, and a "switch" holding their peers, so pulling a cable is taking
 * the switch's end down. Nothing is created in the namespace this process or PID 1 lives in: both
 * are {@link ScratchNamespace}s, the fixture the library's own tests use.
 *
 * <p>This scaffolding runs {@code ip}, because it plays the part of the hardware and the
 * administrator who would have set it up; it is NOT how gallium-net works. The library itself never
 * starts a process: every change the quick start makes goes through {@code LinuxHost} over
 * rtnetlink.
 */
final class Sandbox implements AutoCloseable {

  /**
   * Present when the bonding driver is loaded or built in (then its boot-time bond0 exists
   * already).
   */
  private static final Path BONDING_MODULE = Path.of("/sys/module/bonding");

  private final List<ScratchNamespace> made = new ArrayList<>();
  private ScratchNamespace host;
  private ScratchNamespace switchSide;

  private Sandbox() {}

  /**
   * Why this machine cannot run the quick start on real devices, judged without creating anything.
   */
  static Optional<String> whyNotHere() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return Optional.of("this is not Linux");
    }
    Optional<String> noNamespace = ScratchNamespace.whyNotHere();
    if (noNamespace.isPresent()) {
      return noNamespace;
    }
    if (!Files.isDirectory(BONDING_MODULE)) {
      return Optional.of(
          kernelHasBondingModule()
              // Loading bonding on demand would make the module create bond0 in the host's own
              // namespace
              // (max_bonds defaults to 1): the demo refuses to cause that.
              ? "the bonding module is not loaded, and loading it on demand would create bond0 in"
                  + " the host's own namespace; load it with 'modprobe bonding max_bonds=0' and"
                  + " run again"
              : "this kernel has no bonding driver, which adapter groups need (it runs in the"
                  + " real-kernel VM lane)");
    }
    return Optional.empty();
  }

  /**
   * Makes the two namespaces (each checked not to be the host's), checks the kernel has what the
   * demo needs, then makes a veth "adapter" per name (peer in the switch, up) and a veth "VM port"
   * per name (the VM's end in the switch too, up). Deletes everything it made if any step fails.
   *
   * @throws Unavailable with the reason when the sandbox cannot be made here
   */
  static Sandbox create(List<String> adapters, List<String> vmPorts) throws Unavailable {
    String id = ScratchNamespace.uniqueName("");
    Sandbox s = new Sandbox();
    boolean done = false;
    try {
      s.host = s.namespace("gnq-host-" + id);
      s.switchSide = s.namespace("gnq-switch-" + id);
      s.requireKernelFeatures();
      for (String a : adapters) {
        s.cable(a, "sw-" + a);
      }
      int vm = 1;
      for (String p : vmPorts) {
        // A hypervisor would make a tap; a veth end is a port device just the same to gallium-net.
        s.cable(p, "vm" + vm++ + "-nic");
      }
      ip(s.switchSide, "link", "set", "lo", "up");
      done = true;
      return s;
    } finally {
      if (!done) {
        s.close();
      }
    }
  }

  /** The name of the namespace playing the host (under {@code /run/netns}). */
  String hostNamespace() {
    return host.name();
  }

  /**
   * Fails closed a second time: the library's socket must sit in the sandbox host, not anywhere
   * else.
   *
   * @param socketNamespaceInode the inode of the namespace the socket is in ({@code
   *     LinuxHost.namespaceInode()})
   */
  void requireSocketInside(long socketNamespaceInode) throws Unavailable {
    try {
      host.requireIsolated(socketNamespaceInode);
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new Unavailable("the library's " + e.getMessage());
    }
  }

  /**
   * Pulls an adapter's cable: the switch's end of its veth goes down, so the adapter loses carrier.
   */
  void pullCable(String adapter) throws Unavailable {
    ip(switchSide, "link", "set", "sw-" + adapter, "down");
  }

  /** Deletes both namespaces, and with them every device in them; never fails. */
  @Override
  public void close() {
    for (ScratchNamespace ns : made) {
      try {
        ns.close();
      } catch (RuntimeException e) {
        System.err.println("could not delete network namespace " + ns.name() + ": " + e);
      }
    }
  }

  /** A new namespace, checked to be neither PID 1's nor this process's own (fails closed). */
  private ScratchNamespace namespace(String name) throws Unavailable {
    try {
      ScratchNamespace ns = ScratchNamespace.create(name);
      made.add(ns);
      return ns;
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  /** The devices gallium-net makes, tried once inside the sandbox host and deleted again. */
  private void requireKernelFeatures() throws Unavailable {
    probe("bonding", "link", "add", "gnq-probe", "type", "bond", "mode", "active-backup");
    probe(
        "bridge VLAN filtering",
        "link",
        "add",
        "gnq-probe",
        "type",
        "bridge",
        "vlan_filtering",
        "1",
        "vlan_default_pvid",
        "0");
  }

  private void probe(String feature, String... add) throws Unavailable {
    try {
      ip(host, add);
    } catch (Unavailable e) {
      throw new Unavailable("this kernel lacks " + feature + " (" + e.getMessage() + ")");
    }
    ip(host, "link", "del", "gnq-probe");
  }

  /**
   * Whether the running kernel ships bonding as a module (listed in its modules.dep or
   * modules.builtin).
   */
  private static boolean kernelHasBondingModule() {
    Path modules = Path.of("/lib/modules", System.getProperty("os.version", ""));
    for (String index : List.of("modules.dep", "modules.builtin")) {
      try (Stream<String> lines = Files.lines(modules.resolve(index))) {
        if (lines.anyMatch(l -> l.contains("/bonding.ko"))) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        // No such index: look at the next one.
      }
    }
    return false;
  }

  /** A veth pair: {@code hostEnd} in the host, {@code switchEnd} in the switch, up. */
  private void cable(String hostEnd, String switchEnd) throws Unavailable {
    ip(
        host,
        "link",
        "add",
        hostEnd,
        "type",
        "veth",
        "peer",
        "name",
        switchEnd,
        "netns",
        switchSide.name());
    ip(switchSide, "link", "set", switchEnd, "up");
  }

  private static void ip(ScratchNamespace ns, String... args) throws Unavailable {
    ScratchNamespace.Result r;
    try {
      r = ns.ip(args);
    } catch (IllegalStateException e) {
      throw new Unavailable(e.getMessage());
    }
    if (r.status() != 0) {
      throw new Unavailable(
          "'ip -n " + ns.name() + " " + String.join(" ", args) + "' failed: " + r.output().trim());
    }
  }

  /** The sandbox cannot be made (or used) here; the message says why. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }
}
