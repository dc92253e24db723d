package io.gallium.net.linux.internal.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Claim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All managers' state under one root, read once per observation. */
class HostClaimsTest {
  @TempDir Path root;

  private void write(String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void eachManagerClaimsItsOwnDevices() throws IOException {
    write("run/systemd/netif/links/3", NetworkdLinksTest.CONFIGURED);
    write("run/systemd/netif/links/4", NetworkdLinksTest.UNMANAGED);
    write("run/NetworkManager/devices/5", NetworkManagerDevicesTest.MANAGED);
    write("run/network/ifstate", "eth6=eth6\n");
    HostClaims.Lookup claims = HostClaims.under(root).begin();
    assertEquals("systemd-networkd", claims.claimOf(3, "eth3").orElseThrow().program());
    assertEquals(Optional.empty(), claims.claimOf(4, "eth4"));
    assertEquals("NetworkManager", claims.claimOf(5, "eth5").orElseThrow().program());
    assertEquals("ifupdown", claims.claimOf(6, "eth6").orElseThrow().program());
    assertEquals(Optional.empty(), claims.claimOf(7, "eth7"));
  }

  @Test
  void aCertainClaimComesBeforeAnUncertainOne() throws IOException {
    write("run/systemd/netif/links/3", "ADMIN_STATE=no-such-state\n");
    write("run/NetworkManager/devices/3", "[device]\nmanaged=true\n");
    Claim c = HostClaims.under(root).begin().claimOf(3, "eth3").orElseThrow();
    assertEquals("NetworkManager", c.program());
    assertTrue(c.certain());

    write("run/NetworkManager/devices/3", "[device]\nmanaged=false\n");
    c = HostClaims.under(root).begin().claimOf(3, "eth3").orElseThrow();
    assertEquals("systemd-networkd", c.program());
    assertFalse(c.certain());
  }

  @Test
  void noManagerStateAtAllIsNoClaim() {
    assertEquals(Optional.empty(), HostClaims.under(root).begin().claimOf(3, "eth3"));
    assertEquals(Optional.empty(), HostClaims.NONE.begin().claimOf(3, "eth3"));
  }
}
