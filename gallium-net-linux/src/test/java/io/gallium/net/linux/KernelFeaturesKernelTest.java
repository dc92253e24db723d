package io.gallium.net.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeFailure;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.testing.IpOracle;
import io.gallium.net.linux.testing.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A kernel without a feature gallium-net needs says so, with what to do; and {@link
 * LinuxHost#features()} finds out inside the host's namespace only. This machine's kernel has
 * neither bonding nor bridge VLAN filtering, so the messages are asserted for real here; on a
 * kernel that has them (the VM lane) those tests are skipped with the reason.
 */
class KernelFeaturesKernelTest {

  @Test
  void aKernelWithoutBondingSaysItNeedsTheBondingModule() {
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      ChangeOutcome outcome =
          host.execute(List.of(new Change.CreateBond("gb-uplink", 1500, 100))).get(0);
      if (outcome.succeeded()) {
        abort("this kernel has bonding; the message for a kernel without it is not seen here");
      }
      ChangeFailure failure = outcome.failure().orElseThrow();
      assertEquals(Errno.EOPNOTSUPP, failure.errno());
      assertTrue(failure.message().contains("gb-uplink"), failure.message());
      assertTrue(
          failure.message().contains("no bonding driver (kernel module `bonding`"),
          failure.message());
      assertTrue(failure.message().contains("modprobe bonding max_bonds=0"), failure.message());
      assertEquals(List.of("lo"), names(ns), "nothing was left behind");
    }
  }

  @Test
  void aKernelWithoutBridgeVlanFilteringNamesTheKernelOption() {
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      ChangeOutcome outcome =
          host.execute(List.of(new Change.CreateBridge("gv-uplink", 1500))).get(0);
      if (outcome.succeeded()) {
        abort("this kernel's bridge filters VLANs; the message for one without is not seen here");
      }
      ChangeFailure failure = outcome.failure().orElseThrow();
      assertEquals(Errno.EOPNOTSUPP, failure.errno());
      assertTrue(failure.message().contains("gv-uplink"), failure.message());
      assertTrue(
          failure.message().contains("no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING is not set)"),
          failure.message());
      assertEquals(List.of("lo"), names(ns), "nothing was left behind");
    }
  }

  @Test
  void featuresAreFoundInTheHostsNamespaceAndLeaveNothingBehind() throws IOException {
    Set<String> ownNamespaceBefore = ownNamespaceDevices();
    try (TestNamespace ns = TestNamespace.create();
        LinuxHost host = LinuxHost.inNamespace(ns.name())) {
      ns.assertIsolated(host.namespaceInode());
      KernelFeatures features = host.features();

      assertEquals(List.of("lo"), names(ns), "the scratch devices are gone");
      assertEquals(
          ownNamespaceBefore, ownNamespaceDevices(), "nothing changed outside the namespace");
      assertSame(features, host.features(), "probed once");

      // iproute2 as the independent oracle, in the same namespace.
      boolean ipFilters =
          ns.ip("link", "add", "gnt-vf", "type", "bridge", "vlan_filtering", "1").status() == 0;
      assertEquals(ipFilters, features.vlanFiltering(), features.toString());
      assertEquals(
          !ipFilters,
          features.missing().stream().anyMatch(m -> m.contains("CONFIG_BRIDGE_VLAN_FILTERING")),
          features.missing().toString());
      if (!Files.isDirectory(Path.of("/sys/module/bonding"))) {
        assertFalse(features.bonding(), "bonding is never loaded by the probe");
        assertTrue(
            features.missing().stream().anyMatch(m -> m.contains("modprobe bonding max_bonds=0")),
            features.missing().toString());
      }
      assertTrue(features.altNames(), "Linux 5.5 and later have alternative names: " + features);
      assertEquals(features.bonding() && features.vlanFiltering(), features.complete());
    }
  }

  private static List<String> names(TestNamespace ns) {
    return IpOracle.links(ns).stream().map(link -> (String) link.get("ifname")).sorted().toList();
  }

  /** The devices of the namespace this JVM runs in, which the probe must never touch. */
  private static Set<String> ownNamespaceDevices() throws IOException {
    try (Stream<Path> devices = Files.list(Path.of("/sys/class/net"))) {
      return devices.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
