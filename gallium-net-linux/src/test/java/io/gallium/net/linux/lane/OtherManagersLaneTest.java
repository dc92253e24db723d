package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.spi.Claim;
import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.testing.Lane;
import io.gallium.net.linux.testing.TestNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other network managers' state at its real paths, in the namespace they manage: the lane VM's
 * own (that of PID 1), which is throwaway, with {@code /run} a fresh tmpfs. The state files are
 * written exactly as systemd-networkd ({@code link_save}), NetworkManager ({@code
 * nm_config_device_state_write}) and ifupdown ({@code update_state}) write them; then an apply or
 * attach through {@link LinuxHost#current()} is refused with a message naming the device, the
 * program, the file and the snippet, and {@code allowOtherManagers} lets it through.
 *
 * <p>These are the only tests that write to a host namespace and its {@code /run}: each first
 * checks that it runs in the lane VM (the lane's property, root, a QEMU machine, PID 1's namespace,
 * and none of the managers' state directories present), and is skipped with the reason otherwise.
 */
@Tag("lane")
class OtherManagersLaneTest {
  private static final Path NETWORKD = Path.of("/run/systemd/netif/links");
  private static final Path NM = Path.of("/run/NetworkManager/devices");
  private static final Path IFUPDOWN = Path.of("/run/network");
  private static final List<Path> MADE =
      List.of(Path.of("/run/systemd"), Path.of("/run/NetworkManager"), IFUPDOWN);

  private final List<String> devices = new ArrayList<>();

  @BeforeEach
  void onlyInTheLaneVm() {
    Lane.assumeLaneAndRoot();
    String vendor = read(Path.of("/sys/class/dmi/id/sys_vendor")).strip();
    assumeTrue(
        vendor.equals("QEMU"), "skipped: not the lane's QEMU machine (sys_vendor " + vendor + ")");
    try (LinuxHost host = LinuxHost.current()) {
      assumeTrue(
          host.namespaceInode() == TestNamespace.hostInode(),
          "skipped: not in PID 1's network namespace");
    }
    for (Path p : MADE) {
      assumeTrue(
          !Files.exists(p),
          "skipped: " + p + " exists, so a real network manager may run here; not touching it");
    }
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (String d : devices) {
      ip("link", "del", d);
    }
    for (Path top : MADE) {
      if (Files.exists(top)) {
        try (Stream<Path> all = Files.walk(top)) {
          for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  @Test
  void anAdapterNetworkdConfiguresIsRefusedUntilAllowed(@TempDir Path journal) throws Exception {
    veth("gnm-a0");
    write(
        NETWORKD.resolve(ifindex("gnm-a0")),
        "# This is private data. Do not parse.\n"
            + "ADMIN_STATE=configured\n"
            + "OPER_STATE=carrier\n"
            + "CARRIER_STATE=carrier\n"
            + "ADDRESS_STATE=off\n"
            + "IPV4_ADDRESS_STATE=off\n"
            + "IPV6_ADDRESS_STATE=off\n"
            + "ONLINE_STATE=online\n"
            + "REQUIRED_FOR_ONLINE=yes\n"
            + "REQUIRED_OPER_STATE_FOR_ONLINE=degraded:routable\n"
            + "REQUIRED_FAMILY_FOR_ONLINE=any\n"
            + "ACTIVATION_POLICY=up\n"
            + "NETWORK_FILE=/etc/systemd/network/10-gnm-a0.network\n"
            + "NETWORK_FILE_DROPINS=\"\"\n"
            + "DNS=\nNTP=\nSIP=\nDOMAINS=\nROUTE_DOMAINS=\nLLMNR=yes\nMDNS=no\n");
    Topology t = Topology.builder().adapterGroup("gnmup", "gnm-a0").build();
    try (LinuxHost host = LinuxHost.current()) {
      Claim c = host.observe(Set.of("gnm-a0")).device("gnm-a0").orElseThrow().claim().orElseThrow();
      assertEquals("systemd-networkd", c.program());
      assertEquals(c, host.observe().device("gnm-a0").orElseThrow().claim().orElseThrow());

      HostNetwork net = HostNetwork.builder().driver(host).journal(journal).build();
      RefusedTopologyException e = assertThrows(RefusedTopologyException.class, () -> net.apply(t));
      String m = e.refusals().get(0).message();
      assertEquals("gnm-a0", e.refusals().get(0).device());
      assertTrue(
          m.startsWith(
              "adapter 'gnm-a0' of group 'gnmup' is configured by systemd-networkd"
                  + " (/run/systemd/netif/links/"
                  + ifindex("gnm-a0")
                  + ", network file /etc/systemd/network/10-gnm-a0.network,"
                  + " ADMIN_STATE=configured)"),
          m);
      assertTrue(m.contains("[Match] Name=gnm-a0 [Link] Unmanaged=yes"), m);
      assertTrue(m.endsWith("HostNetwork.builder().allowOtherManagers(\"gnm-a0\")"), m);
      assertEquals(Optional.empty(), master("gnm-a0"), "nothing was touched");

      HostNetwork allowed =
          HostNetwork.builder().driver(host).journal(journal).allowOtherManagers("gnm-a0").build();
      allowed.apply(t);
      assertEquals(Optional.of("gb-gnmup"), master("gnm-a0"));
      // The adapter list (a veth is listed once a group uses it) says why, in the same words.
      io.gallium.net.core.PhysicalAdapter listed =
          net.adapters().stream().filter(a -> a.name().equals("gnm-a0")).findFirst().orElseThrow();
      assertFalse(listed.eligible(), listed::toString);
      assertTrue(
          listed.refusals().get(0).message().contains("is configured by systemd-networkd"),
          listed.refusals().toString());
      assertTrue(
          allowed.adapters().stream()
              .filter(a -> a.name().equals("gnm-a0"))
              .findFirst()
              .orElseThrow()
              .eligible(),
          "allowed: eligible");
      allowed.apply(Topology.builder().build());
      assertEquals(Optional.empty(), master("gnm-a0"));
    }
  }

  @Test
  void networkdLeavingTheLinkAloneIsNoClaim() throws Exception {
    veth("gnm-a1");
    write(
        NETWORKD.resolve(ifindex("gnm-a1")),
        "# This is private data. Do not parse.\nADMIN_STATE=unmanaged\nOPER_STATE=off\n"
            + "CARRIER_STATE=off\nADDRESS_STATE=off\nIPV4_ADDRESS_STATE=off\n"
            + "IPV6_ADDRESS_STATE=off\n");
    try (LinuxHost host = LinuxHost.current()) {
      assertFalse(
          host.observe(Set.of("gnm-a1")).device("gnm-a1").orElseThrow().claim().isPresent());
    }
  }

  @Test
  void aVmPortNetworkManagerManagesIsRefusedByAttachUntilAllowed(@TempDir Path journal)
      throws Exception {
    veth("gnm-a2");
    veth("gnm-p2");
    write(
        NM.resolve(ifindex("gnm-p2")),
        "[device]\nmanaged=true\nconnection-uuid=0c2b7c46-8a3e-4c8f-a2b7-59bd5a1fd3a1\n");
    Topology t =
        Topology.builder()
            .adapterGroup("gnmnm", "gnm-a2")
            .vlanNetwork("gnmnet", "gnmnm", 42)
            .build();
    try (LinuxHost host = LinuxHost.current()) {
      HostNetwork net = HostNetwork.builder().driver(host).journal(journal).build();
      net.apply(t);
      RefusedTopologyException e =
          assertThrows(RefusedTopologyException.class, () -> net.attach("gnm-p2", "gnmnet"));
      String m = e.getMessage();
      assertTrue(
          m.contains(
              "VM port 'gnm-p2' of network 'gnmnet' is configured by NetworkManager"
                  + " (/run/NetworkManager/devices/"
                  + ifindex("gnm-p2")
                  + ", managed=true, connection 0c2b7c46-8a3e-4c8f-a2b7-59bd5a1fd3a1)"),
          m);
      assertTrue(m.contains("nmcli device set gnm-p2 managed no"), m);
      assertTrue(m.contains("unmanaged-devices+=interface-name:gnm-p2"), m);
      assertEquals(Optional.empty(), master("gnm-p2"), "nothing was touched");

      HostNetwork allowed =
          HostNetwork.builder().driver(host).journal(journal).allowOtherManagers("gnm-p2").build();
      allowed.attach("gnm-p2", "gnmnet");
      assertEquals(Optional.of("gv-gnmnm"), master("gnm-p2"));
      allowed.apply(Topology.builder().build());
    }
  }

  @Test
  void anAdapterIfupdownBroughtUpIsRefused(@TempDir Path journal) throws Exception {
    veth("gnm-a3");
    // ifupdown's update_state: the line IFACE=LOGICAL in ifstate, the logical name in
    // ifstate.IFACE.
    write(IFUPDOWN.resolve("ifstate"), "lo=lo\ngnm-a3=gnm-a3\n");
    write(IFUPDOWN.resolve("ifstate.gnm-a3"), "gnm-a3\n");
    try (LinuxHost host = LinuxHost.current()) {
      HostNetwork net = HostNetwork.builder().driver(host).journal(journal).build();
      RefusedTopologyException e =
          assertThrows(
              RefusedTopologyException.class,
              () -> net.apply(Topology.builder().adapterGroup("gnmif", "gnm-a3").build()));
      String m = e.getMessage();
      assertTrue(m.contains("is configured by ifupdown (/run/network/ifstate has gnm-a3=..."), m);
      assertTrue(m.contains("remove the \"auto gnm-a3\""), m);
    }
  }

  private void veth(String name) {
    ip("link", "add", name, "type", "veth", "peer", "name", name + "p");
    devices.add(name);
  }

  private static String ifindex(String name) {
    return read(Path.of("/sys/class/net", name, "ifindex")).strip();
  }

  private static Optional<String> master(String name) {
    Path m = Path.of("/sys/class/net", name, "master");
    return Files.exists(m) ? Optional.of(readLink(m)) : Optional.empty();
  }

  private static String readLink(Path p) {
    try {
      return Files.readSymbolicLink(p).getFileName().toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    // As the managers do: a temporary file renamed into place.
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  private static void ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0 && !args[1].equals("del")) {
        throw new AssertionError(String.join(" ", cmd) + ": " + out);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
