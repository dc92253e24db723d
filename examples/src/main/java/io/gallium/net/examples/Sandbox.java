package io.gallium.net.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Stand-in hardware for the quick start on a real kernel: two fresh network namespaces, a "host"
 * whose adapters are veth ends, and a "switch" holding their peers, so pulling a cable is taking
 * the switch's end down. Nothing is created in the namespace this process or PID 1 lives in.
 *
 * <p>This scaffolding runs {@code ip}, because it plays the part of the hardware and the
 * administrator who would have set it up; it is NOT how gallium-net works. The library itself never
 * starts a process: every change the quick start makes goes through {@code LinuxHost} over
 * rtnetlink.
 */
final class Sandbox implements AutoCloseable {

  private static final Path NETNS_DIR = Path.of("/run/netns");
  private static final Path INIT_NAMESPACE = Path.of("/proc/1/ns/net");
  private static final Path OWN_NAMESPACE = Path.of("/proc/self/ns/net");

  /**
   * Present when the bonding driver is loaded or built in (then its boot-time bond0 exists
   * already).
   */
  private static final Path BONDING_MODULE = Path.of("/sys/module/bonding");

  private final String host;
  private final String switchSide;

  private Sandbox(String host, String switchSide) {
    this.host = host;
    this.switchSide = switchSide;
  }

  /**
   * Why this machine cannot run the quick start on real devices, judged without creating anything.
   */
  static Optional<String> whyNotHere() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return Optional.of("this is not Linux");
    }
    if (!isRoot()) {
      return Optional.of(
          "not running as root (creating namespaces and devices needs CAP_SYS_ADMIN and"
              + " CAP_NET_ADMIN)");
    }
    if (findIp().isEmpty()) {
      return Optional.of(
          "iproute2 ('ip') is not installed, and the sandbox's stand-in hardware is made with it");
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
   * Makes the two namespaces, checks they are not the host's, checks the kernel has what the demo
   * needs, then makes a veth "adapter" per name (peer in the switch, up) and a veth "VM port" per
   * name (the VM's end in the switch too, up). Deletes everything it made if any step fails.
   *
   * @throws Unavailable with the reason when the sandbox cannot be made here
   */
  static Sandbox create(List<String> adapters, List<String> vmPorts) throws Unavailable {
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    Sandbox s = new Sandbox("gnq-host-" + id, "gnq-switch-" + id);
    boolean done = false;
    try {
      s.ip("netns", "add", s.host);
      s.ip("netns", "add", s.switchSide);
      s.requireIsolated(s.host);
      s.requireIsolated(s.switchSide);
      s.requireKernelFeatures();
      for (String a : adapters) {
        s.ip(
            "-n",
            s.host,
            "link",
            "add",
            a,
            "type",
            "veth",
            "peer",
            "name",
            "sw-" + a,
            "netns",
            s.switchSide);
        s.ip("-n", s.switchSide, "link", "set", "sw-" + a, "up");
      }
      int vm = 1;
      for (String p : vmPorts) {
        // A hypervisor would make a tap; a veth end is a port device just the same to gallium-net.
        String nic = "vm" + vm++ + "-nic";
        s.ip(
            "-n",
            s.host,
            "link",
            "add",
            p,
            "type",
            "veth",
            "peer",
            "name",
            nic,
            "netns",
            s.switchSide);
        s.ip("-n", s.switchSide, "link", "set", nic, "up");
      }
      s.ip("-n", s.switchSide, "link", "set", "lo", "up");
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
    return host;
  }

  /**
   * Fails closed a second time: the library's socket must sit in the sandbox host, not anywhere
   * else.
   *
   * @param socketNamespaceInode the inode of the namespace the socket is in ({@code
   *     LinuxHost.namespaceInode()})
   */
  void requireSocketInside(long socketNamespaceInode) throws Unavailable {
    long expected = inode(NETNS_DIR.resolve(host));
    if (socketNamespaceInode != expected) {
      throw new Unavailable(
          "the library's socket is in namespace inode "
              + socketNamespaceInode
              + ", not in "
              + host
              + " (inode "
              + expected
              + "); refusing to go on");
    }
  }

  /**
   * Pulls an adapter's cable: the switch's end of its veth goes down, so the adapter loses carrier.
   */
  void pullCable(String adapter) throws Unavailable {
    ip("-n", switchSide, "link", "set", "sw-" + adapter, "down");
  }

  /** Deletes both namespaces, and with them every device in them; never fails. */
  @Override
  public void close() {
    for (String ns : List.of(host, switchSide)) {
      if (Files.exists(NETNS_DIR.resolve(ns))) {
        try {
          ip("netns", "del", ns);
        } catch (Unavailable e) {
          System.err.println("could not delete network namespace " + ns + ": " + e.getMessage());
        }
      }
    }
  }

  /** Fails closed: the namespace must be neither PID 1's nor this process's own. */
  private void requireIsolated(String ns) throws Unavailable {
    long inode = inode(NETNS_DIR.resolve(ns));
    long own = inode(OWN_NAMESPACE);
    if (inode == own) {
      throw new Unavailable(
          "namespace " + ns + " is this process's own network namespace; refusing to go on");
    }
    if (Files.isReadable(INIT_NAMESPACE) && inode == inode(INIT_NAMESPACE)) {
      throw new Unavailable(
          "namespace " + ns + " is the host's network namespace; refusing to go on");
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
    List<String> args = new ArrayList<>(List.of("-n", host));
    args.addAll(List.of(add));
    try {
      ip(args.toArray(String[]::new));
    } catch (Unavailable e) {
      throw new Unavailable("this kernel lacks " + feature + " (" + e.getMessage() + ")");
    }
    ip("-n", host, "link", "del", "gnq-probe");
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

  private static long inode(Path namespace) throws Unavailable {
    try {
      return ((Number) Files.getAttribute(namespace, "unix:ino")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      throw new Unavailable("cannot read the inode of " + namespace + ": " + e.getMessage());
    }
  }

  private void ip(String... args) throws Unavailable {
    List<String> command = new ArrayList<>();
    command.add(findIp().orElseThrow().toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new Unavailable("'ip " + String.join(" ", args) + "' failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while running ip");
    }
  }

  private static Optional<Path> findIp() {
    return List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").stream()
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static boolean isRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Uid:"))
          .anyMatch(l -> l.split("\\s+")[2].equals("0"));
    } catch (IOException e) {
      return false;
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
