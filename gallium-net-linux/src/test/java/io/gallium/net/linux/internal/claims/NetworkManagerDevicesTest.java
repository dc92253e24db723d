package io.gallium.net.linux.internal.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Claim;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NetworkManager's device state, as {@code nm_config_device_state_write} writes it (a GLib key
 * file): {@code managed=true} claims, {@code managed=false} or no key does not, anything else is
 * uncertain.
 */
class NetworkManagerDevicesTest {

  /** A device NetworkManager manages with an active connection. */
  static final String MANAGED =
      """
      [device]
      managed=true
      connection-uuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03
      route-metric-default-effective=100
      """;

  @TempDir Path root;

  private Optional<Claim> claimOf(String content) throws IOException {
    Path dir = Files.createDirectories(root.resolve(NetworkManagerDevices.DIRECTORY));
    Files.writeString(dir.resolve("7"), content);
    return NetworkManagerDevices.claimOf(root, 7, "tap-vm1");
  }

  @Test
  void aManagedDeviceIsClaimedNamingItsConnectionAndTheSnippets() throws IOException {
    Claim c = claimOf(MANAGED).orElseThrow();
    assertEquals("NetworkManager", c.program());
    assertTrue(c.certain());
    assertEquals(
        root.resolve("run/NetworkManager/devices/7")
            + ", managed=true, connection 5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03",
        c.source());
    assertEquals(
        "nmcli device set tap-vm1 managed no (until NetworkManager restarts), and for good write"
            + " /etc/NetworkManager/conf.d/99-gallium-net-tap-vm1.conf with \"[keyfile]"
            + " unmanaged-devices+=interface-name:tap-vm1\", then run nmcli general reload conf",
        c.unmanage());
  }

  @Test
  void managedWithoutConnectionIsAClaimToo() throws IOException {
    Claim c = claimOf("[device]\nmanaged=true\n").orElseThrow();
    assertTrue(c.certain());
    assertTrue(c.source().endsWith("no active connection"), c.source());
  }

  @Test
  void unmanagedOrUnknownIsNoClaim() throws IOException {
    assertEquals(Optional.empty(), claimOf("[device]\nmanaged=false\n"));
    // No managed key: NetworkManager leaves it alone (e.g. unmanaged-devices in its config).
    assertEquals(Optional.empty(), claimOf("[device]\nnm-owned=false\n"));
    assertEquals(Optional.empty(), claimOf(""));
    assertEquals(Optional.empty(), NetworkManagerDevices.claimOf(root, 8, "eth1"));
  }

  @Test
  void managedOfAnotherGroupIsNotTheDevicesState() throws IOException {
    assertEquals(Optional.empty(), claimOf("[dhcp4]\nmanaged=true\n[device]\nmanaged=0\n"));
  }

  @Test
  void malformedFilesAreUncertainClaimsNeverNone() throws IOException {
    for (String text :
        new String[] {
          "[device]\nmanaged=maybe\n",
          "[device]\nmanaged\n",
          "managed=true\n",
          "[device]\nmanaged=false\nmanaged=true\n",
          "\u0000\u0001garbage",
        }) {
      Claim c = claimOf(text).orElseThrow(() -> new AssertionError("no claim from " + text));
      assertFalse(c.certain(), text);
    }
  }

  @Test
  void anUnreadableFileIsAnUncertainClaim() throws IOException {
    Files.createDirectories(root.resolve(NetworkManagerDevices.DIRECTORY).resolve("7"));
    assertFalse(NetworkManagerDevices.claimOf(root, 7, "tap-vm1").orElseThrow().certain());
  }

  /** Whatever the bytes, no exception. */
  @Property(tries = 300)
  void anyBytesNeverCrash(@ForAll byte[] bytes) {
    NetworkManagerDevices.parse(new String(bytes, StandardCharsets.UTF_8), "f", "tap-vm1");
  }

  /** A managed device's file cut anywhere is never read as unmanaged unless managed= was cut. */
  @Property(tries = 200)
  void aTruncatedManagedFileIsNoFalseUnmanaged(@ForAll byte cut) {
    int at = Math.floorMod(cut, MANAGED.length());
    String text = MANAGED.substring(0, at);
    Optional<Claim> c = NetworkManagerDevices.parse(text, "f", "tap-vm1");
    if (text.contains("managed=t")) {
      assertTrue(c.isPresent(), text);
    }
  }
}
