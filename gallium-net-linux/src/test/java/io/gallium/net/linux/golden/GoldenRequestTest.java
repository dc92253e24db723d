package io.gallium.net.linux.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden fixtures are well-formed and say what the README says they say, so codec tests that
 * compare against them compare against the right bytes.
 */
class GoldenRequestTest {
  private static final int AF_BRIDGE = 7; // linux/socket.h

  static Stream<String> fixtures() {
    return GoldenRequest.names().stream();
  }

  @Test
  void indexListsEveryRecordedCommand() {
    assertTrue(GoldenRequest.names().size() >= 26, "index.txt lists " + GoldenRequest.names());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyMessageIsOneWholeNetlinkMessage(String name) {
    GoldenRequest golden = GoldenRequest.load(name);
    assertNotNull(golden.command(), name + ": '# golden:' line");
    assertTrue(golden.recordedWith().contains("iproute2"), name + ": versions line");
    List<byte[]> messages = golden.messages();
    assertFalse(messages.isEmpty(), name + " has messages");
    for (int i = 0; i < messages.size(); i++) {
      ByteBuffer b = ByteBuffer.wrap(messages.get(i)).order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(
          b.capacity(), b.getInt(0), name + " message " + (i + 1) + ": nlmsg_len = its length");
      String d = golden.description(i);
      assertTrue(
          d.contains("(" + Short.toUnsignedInt(b.getShort(4)) + ")"), name + ": type in " + d);
      assertTrue(
          d.contains(String.format("flags=0x%04x", Short.toUnsignedInt(b.getShort(6)))),
          name + ": flags in " + d);
    }
    assertNotNull(golden.request(), name + ": exactly one message is the request");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void bridgeVlanRequestsAreAddressedToTheBridgeFamily(String name) {
    if (!name.startsWith("vlan-") && !name.startsWith("host/bridge-vlan-")) {
      return;
    }
    byte[] request = GoldenRequest.load(name).request();
    assertEquals(
        AF_BRIDGE, request[16], name + ": ifi_family AF_BRIDGE, or a VLAN delete deletes the port");
  }

  @Test
  void comparisonIgnoresSequenceAndPortOnly() {
    GoldenRequest golden = GoldenRequest.load("link-mtu");
    byte[] same = golden.request();
    same[8] ^= 0x5a; // nlmsg_seq
    same[12] = 1; // nlmsg_pid
    golden.assertMatches(same);

    byte[] other = golden.request();
    other[other.length - 1] ^= 1; // the MTU's top byte
    AssertionError error = assertThrows(AssertionError.class, () -> golden.assertMatches(other));
    assertTrue(error.getMessage().contains("at byte " + (other.length - 1)), error.getMessage());
  }

  @Test
  void knowsTheInterfaceIndexesOfTheRecording() {
    GoldenRequest golden = GoldenRequest.load("bond-enslave");
    byte[] request = golden.request();
    ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(golden.ifindex("nic2"), b.getInt(20), "ifi_index is the port");
    assertEquals(golden.ifindex("bond0"), b.getInt(request.length - 4), "IFLA_MASTER is the bond");
  }
}
