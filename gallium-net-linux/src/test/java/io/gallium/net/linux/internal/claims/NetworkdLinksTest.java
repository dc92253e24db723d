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
 * systemd-networkd's link state, as {@code link_save} writes it: a claim for a link it configures,
 * none for one it leaves alone, an uncertain one for whatever cannot be read or understood.
 */
class NetworkdLinksTest {

  /** What networkd writes for a link a .network file configures (systemd 252, abridged). */
  static final String CONFIGURED =
      """
      # This is private data. Do not parse.
      ADMIN_STATE=configured
      OPER_STATE=routable
      CARRIER_STATE=carrier
      ADDRESS_STATE=routable
      IPV4_ADDRESS_STATE=routable
      IPV6_ADDRESS_STATE=degraded
      ONLINE_STATE=online
      REQUIRED_FOR_ONLINE=yes
      REQUIRED_OPER_STATE_FOR_ONLINE=degraded:routable
      REQUIRED_FAMILY_FOR_ONLINE=any
      ACTIVATION_POLICY=up
      NETWORK_FILE=/run/systemd/network/10-netplan-eth1.network
      NETWORK_FILE_DROPINS=""
      DNS=
      NTP=
      SIP=
      DOMAINS=
      ROUTE_DOMAINS=
      LLMNR=yes
      MDNS=no
      """;

  /** What networkd writes for a link no .network file matches, or one with Unmanaged=yes. */
  static final String UNMANAGED =
      """
      # This is private data. Do not parse.
      ADMIN_STATE=unmanaged
      OPER_STATE=off
      CARRIER_STATE=off
      ADDRESS_STATE=off
      IPV4_ADDRESS_STATE=off
      IPV6_ADDRESS_STATE=off
      """;

  @TempDir Path root;

  private Optional<Claim> claimOf(String content) throws IOException {
    Path dir = Files.createDirectories(root.resolve(NetworkdLinks.DIRECTORY));
    Files.writeString(dir.resolve("3"), content);
    return NetworkdLinks.claimOf(root, 3, "eth1");
  }

  @Test
  void aConfiguredLinkIsClaimedNamingItsNetworkFileAndTheSnippet() throws IOException {
    Claim c = claimOf(CONFIGURED).orElseThrow();
    assertEquals("systemd-networkd", c.program());
    assertTrue(c.certain());
    assertEquals(
        root.resolve("run/systemd/netif/links/3")
            + ", network file /run/systemd/network/10-netplan-eth1.network, ADMIN_STATE=configured",
        c.source());
    assertEquals(
        "write /etc/systemd/network/00-gallium-net-eth1.network with \"[Match] Name=eth1"
            + " [Link] Unmanaged=yes\", then run networkctl reload",
        c.unmanage());
  }

  @Test
  void configuringAndFailedAreClaims() throws IOException {
    for (String state : new String[] {"configuring", "failed"}) {
      Claim c = claimOf(CONFIGURED.replace("configured", state)).orElseThrow();
      assertTrue(c.certain(), state);
    }
  }

  @Test
  void unmanagedAndLingerAreNoClaim() throws IOException {
    assertEquals(Optional.empty(), claimOf(UNMANAGED));
    assertEquals(Optional.empty(), claimOf(UNMANAGED.replace("unmanaged", "linger")));
  }

  @Test
  void noFileIsNoClaim() {
    assertEquals(Optional.empty(), NetworkdLinks.claimOf(root, 3, "eth1"));
  }

  @Test
  void aLinkNetworkdHasNotMatchedYetIsNoClaim() throws IOException {
    // A tap made a moment ago: refusing it would fail a VM's start at random.
    assertEquals(Optional.empty(), claimOf(UNMANAGED.replace("unmanaged", "pending")));
    assertEquals(Optional.empty(), claimOf(UNMANAGED.replace("unmanaged", "initialized")));
  }

  @Test
  void malformedFilesAreUncertainClaimsNeverNone() throws IOException {
    for (String text :
        new String[] {
          "",
          "# This is private data. Do not parse.\n",
          "ADMIN_STATE\nOPER_STATE=off\n",
          "ADMIN_STATE=unmanaged\nADMIN_STATE=configured\n",
          "ADMIN_STATE=bogus\n",
          "\u0000\u0001garbage",
          CONFIGURED.substring(0, 40),
        }) {
      Claim c = claimOf(text).orElseThrow(() -> new AssertionError("no claim from " + text));
      assertFalse(c.certain(), text);
    }
  }

  @Test
  void anUnreadableFileIsAnUncertainClaim() throws IOException {
    Files.createDirectories(root.resolve(NetworkdLinks.DIRECTORY).resolve("3"));
    Claim c = NetworkdLinks.claimOf(root, 3, "eth1").orElseThrow();
    assertFalse(c.certain());
    assertTrue(c.source().contains("could not be read: not a regular file"), c.source());
  }

  /** Whatever the bytes, no exception, and "no claim" only where networkd said so. */
  @Property(tries = 300)
  void anyBytesNeverCrashNorReadAsUnmanaged(@ForAll byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Optional<Claim> c = NetworkdLinks.parse(text, "f", "eth1");
    if (c.isEmpty()) {
      assertTrue(
          text.contains("ADMIN_STATE=unmanaged") || text.contains("ADMIN_STATE=linger"), text);
    }
  }

  /** A file cut anywhere is never read as "unmanaged" unless the cut kept that line. */
  @Property(tries = 200)
  void aTruncatedConfiguredFileIsNeverUnmanaged(@ForAll byte cut) {
    int at = Math.floorMod(cut, CONFIGURED.length());
    assertTrue(NetworkdLinks.parse(CONFIGURED.substring(0, at), "f", "eth1").isPresent());
  }
}
