package io.gallium.net.linux.internal.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Claim;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ifupdown's {@code /run/network/ifstate} and ifupdown2's pickled {@code ifstatenew}. */
class IfupdownStateTest {

  @TempDir Path root;

  private void write(String relative, byte[] content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }

  private Optional<Claim> claimOf(String name) {
    return IfupdownState.read(root).claimOf(name);
  }

  @Test
  void anInterfaceIfupBroughtUpIsClaimed() throws IOException {
    write(
        IfupdownState.IFSTATE, "lo=lo\neth1=eth1\nvmbr0=vmbr0\n".getBytes(StandardCharsets.UTF_8));
    Claim c = claimOf("eth1").orElseThrow();
    assertEquals("ifupdown", c.program());
    assertTrue(c.certain());
    assertEquals(
        "ifdown eth1, then remove the \"auto eth1\" (or \"allow-hotplug eth1\") line and the"
            + " \"iface eth1 ...\" stanza from /etc/network/interfaces and the files it sources",
        c.unmanage());
    assertEquals(Optional.empty(), claimOf("eth2"));
  }

  @Test
  void thePerInterfaceFileCountsWhileItNamesTheLogicalInterface() throws IOException {
    write(IfupdownState.IFSTATE, new byte[0]);
    write(IfupdownState.IFSTATE + ".eth2", "eth2\n".getBytes(StandardCharsets.UTF_8));
    write(IfupdownState.IFSTATE + ".eth3", "\n".getBytes(StandardCharsets.UTF_8));
    assertTrue(claimOf("eth2").orElseThrow().certain());
    assertEquals(Optional.empty(), claimOf("eth3"), "ifdown leaves the file empty");
  }

  @Test
  void noStateIsNoClaim() {
    assertEquals(Optional.empty(), claimOf("eth1"));
  }

  @Test
  void aMalformedLineClaimsTheDevicesItNamesUncertainly() throws IOException {
    write(IfupdownState.IFSTATE, "lo=lo\neth1\n=x\n".getBytes(StandardCharsets.UTF_8));
    assertFalse(claimOf("eth1").orElseThrow().certain());
    assertEquals(Optional.empty(), claimOf("eth2"));
  }

  @Test
  void anUnreadableStateClaimsEveryDeviceUncertainly() throws IOException {
    Files.createDirectories(root.resolve(IfupdownState.IFSTATE));
    assertFalse(claimOf("eth9").orElseThrow().certain());
  }

  /** A pickle as Python 3's pickle.dumps(..., protocol 4) makes it, of what ifupdown2 saves. */
  static byte[] ifupdown2Pickle(String... strings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80);
    out.write(4);
    out.write(0x95); // FRAME, 8-byte length (not checked here)
    out.writeBytes(new byte[8]);
    out.write('}'); // EMPTY_DICT
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write(0x8c); // SHORT_BINUNICODE
      out.write(b.length);
      out.writeBytes(b);
      out.write(0x94); // MEMOIZE
    }
    out.write('.');
    return out.toByteArray();
  }

  @Test
  void ifupdown2NamesAndPortListsAreClaimed() throws IOException {
    write(
        "run/network/ifstatenew",
        ifupdown2Pickle("name", "vmbr0", "bridge-ports", "eth1 eth2", "name", "bond0"));
    assertTrue(claimOf("vmbr0").orElseThrow().certain());
    assertTrue(claimOf("eth2").orElseThrow().source().contains("ifupdown2"));
    assertEquals(Optional.empty(), claimOf("eth3"));
  }

  @Test
  void ifupdown2UpstreamStateDirIsReadToo() throws IOException {
    write("var/tmp/network/ifstatenew", ifupdown2Pickle("name", "eth4"));
    assertTrue(claimOf("eth4").isPresent());
  }

  @Test
  void aStateThatIsNoPickleClaimsEveryDeviceUncertainly() throws IOException {
    write("run/network/ifstatenew", "eth1=eth1\n".getBytes(StandardCharsets.UTF_8));
    assertFalse(claimOf("eth7").orElseThrow().certain());
  }

  /** Any bytes after a pickle's header: no exception, and every real string still found. */
  @Property(tries = 300)
  void aPickleScanNeverCrashesNorMissesAString(@ForAll byte[] noise) {
    byte[] good = ifupdown2Pickle("eth1");
    byte[] all = new byte[good.length + noise.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(noise, 0, all, good.length, noise.length);
    Set<String> out = new HashSet<>();
    assertTrue(IfupdownState.PickleStrings.collect(all, out));
    assertTrue(out.contains("eth1"));
  }

  /** Any text in ifstate: no exception; a name on a line of its own claims, if uncertainly. */
  @Property(tries = 300)
  void anyIfstateTextNeverCrashes(@ForAll String text) {
    IfupdownState s = IfupdownState.read(Path.of("/nonexistent-gallium-net-root"));
    s.parseIfstate(text + "\neth1\n");
    assertTrue(s.claimOf("eth1").isPresent());
  }
}
