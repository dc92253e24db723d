package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.Kernel;
import io.gallium.net.linux.internal.libc.NativeMemory;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.testing.Fixture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request we send is byte for byte what iproute2 sends for the same command (recorded in
 * src/test/resources/fixtures by record.sh), sequence number and port id aside. Indexes are those
 * the devices had in the recording's fresh namespace (lo 1, gb-br0 2, gv-b 3, gv-a 4).
 */
class GoldenBytesTest {
  private static final int BRIDGE = 2;
  private static final int PORT = 4;

  static Stream<Arguments> requests() {
    LinkRef bridge = LinkRef.indexed("gb-br0", BRIDGE);
    LinkRef port = LinkRef.indexed("gv-a", PORT);
    return Stream.of(
        Arguments.of("bridge-create", new CreateBridge("gb-br0", false, 0)),
        Arguments.of("bridge-create-vlan-aware", new CreateBridge("gb-br0", true, 0)),
        Arguments.of("bond-create", new CreateBond("gb-bond0", 0, 100)),
        Arguments.of("veth-create", new CreateVethPair("gv-a", "gv-b")),
        Arguments.of("link-delete", new DeleteLink(bridge)),
        Arguments.of("link-up", new SetUp(bridge, true)),
        Arguments.of("link-down", new SetUp(bridge, false)),
        Arguments.of("link-mtu", new SetMtu(bridge, 9000)),
        Arguments.of("link-master", new SetMaster(port, BRIDGE)),
        Arguments.of("link-nomaster", new SetMaster(port, 0)),
        Arguments.of("link-alias", new SetAlias(bridge, "gallium:group-a")),
        Arguments.of("altname-add", new AltName(bridge, "uplink-group-a", true)),
        Arguments.of("altname-del", new AltName(bridge, "uplink-group-a", false)),
        Arguments.of(
            "bridge-vlan-add-range",
            new BridgeVlans(
                port, true, BridgeVlans.Scope.PORT, List.of(VlanRange.tagged(2, 4094)))),
        Arguments.of(
            "bridge-vlan-add-pvid",
            new BridgeVlans(
                port, true, BridgeVlans.Scope.PORT, List.of(new VlanRange(7, 7, true, true)))),
        Arguments.of(
            "bridge-vlan-del-range",
            new BridgeVlans(
                port, false, BridgeVlans.Scope.PORT, List.of(VlanRange.tagged(2, 4094)))),
        // iproute2 6.1 asks RTEXT_FILTER_VF / RTEXT_FILTER_BRVLAN; we ask other filter bits
        // (see LinkDump), so the bytes are compared with iproute2's own choice of bits.
        Arguments.of("dump-links", new LinkDump(Kernel.AF_PACKET, 1)),
        Arguments.of("dump-bridge-vlans", new LinkDump(Kernel.AF_BRIDGE, 2)),
        Arguments.of("dump-addresses", AddressDump.all()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void encodesAsIproute2Does(String fixtureName, Request request) {
    Fixture fixture = Fixture.load("fixtures", fixtureName);
    assertEquals(
        Fixture.hex(fixture.masked()),
        Fixture.hex(Fixture.mask(encode(request))),
        "bytes of " + request + " differ from `" + fixture.command() + "`");
  }

  static byte[] encode(Request request) {
    MessageWriter writer = new MessageWriter(NativeMemory.allocate(4096));
    request.encode(writer, 0);
    byte[] bytes = new byte[writer.position()];
    writer.buffer().get(0, bytes);
    return bytes;
  }
}
