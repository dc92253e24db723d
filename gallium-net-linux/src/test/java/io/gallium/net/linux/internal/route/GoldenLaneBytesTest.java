package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.Kernel;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.testing.Fixture;
import io.gallium.net.linux.testing.GoldenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our requests against the golden files the VM lane recorded on Debian's 6.1 kernel, which has
 * bonding and VLAN filtering (src/test/resources/golden). Indexes come from each file's own
 * "ifindex before the command" line. get-link is not compared: iproute2 sends it without NLM_F_ACK
 * and asks for VF data, we ask an ack (the pipeline matches replies by it) and no statistics.
 */
class GoldenLaneBytesTest {
  private static Arguments golden(String name, Function<GoldenFile, Request> request) {
    return Arguments.of(name, request);
  }

  private static LinkRef ref(GoldenFile g, String name) {
    return LinkRef.indexed(name, g.index(name));
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        golden("bond-add", g -> new CreateBond("bond1", 0, 100)),
        golden("bond-enslave", g -> new SetMaster(ref(g, "nic2"), g.index("bond0"))),
        golden("bond-primary", g -> new SetBondPrimary(ref(g, "bond0"), g.index("nic0"))),
        golden("bridge-add", g -> new CreateBridge("br1", true, 0)),
        golden("bridge-enslave", g -> new SetMaster(ref(g, "nic2"), g.index("br0"))),
        golden("link-alias", g -> new SetAlias(ref(g, "bond0"), "gallium:owner=test")),
        golden("link-altname-add", g -> new AltName(ref(g, "bond0"), "gallium-group-a", true)),
        golden("link-altname-del", g -> new AltName(ref(g, "bond0"), "gallium-group-a", false)),
        golden("link-del", g -> new DeleteLink(ref(g, "br0"))),
        golden("link-del-group", g -> new DeleteGroup(7)),
        golden("link-group", g -> new SetGroup(ref(g, "nic2"), 7)),
        golden("link-down", g -> new SetUp(ref(g, "bond0"), false)),
        golden("link-up", g -> new SetUp(ref(g, "bond0"), true)),
        golden("link-mtu", g -> new SetMtu(ref(g, "bond0"), 9000)),
        golden("link-nomaster", g -> new SetMaster(ref(g, "nic1"), 0)),
        golden(
            "vlan-add-one",
            g ->
                vlans(
                    g,
                    "bond0",
                    true,
                    BridgeVlans.Scope.PORT,
                    new VlanRange(100, 100, false, false))),
        golden(
            "vlan-add-range",
            g -> vlans(g, "bond0", true, BridgeVlans.Scope.PORT, VlanRange.tagged(2, 4094))),
        golden(
            "vlan-add-pvid-untagged",
            g ->
                vlans(g, "vm0", true, BridgeVlans.Scope.PORT, new VlanRange(100, 100, true, true))),
        golden(
            "vlan-add-self",
            g -> vlans(g, "br0", true, BridgeVlans.Scope.SELF, new VlanRange(1, 1, false, false))),
        golden(
            "vlan-del-one",
            g ->
                vlans(
                    g,
                    "vm0",
                    false,
                    BridgeVlans.Scope.PORT,
                    new VlanRange(100, 100, false, false))),
        golden(
            "vlan-del-range",
            g -> vlans(g, "bond0", false, BridgeVlans.Scope.PORT, VlanRange.tagged(2, 100))),
        // Dumps with iproute2's own filter bits (ours differ on purpose, see LinkDump).
        golden("dump-link", g -> new LinkDump(Kernel.AF_PACKET, 1)),
        golden("dump-vlan", g -> new LinkDump(Kernel.AF_BRIDGE, 2)),
        golden("dump-vlan-compressed", g -> LinkDump.bridgeVlans()));
  }

  private static BridgeVlans vlans(
      GoldenFile g, String port, boolean add, BridgeVlans.Scope scope, VlanRange range) {
    return new BridgeVlans(ref(g, port), add, scope, List.of(range));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void encodesAsIproute2DoesOnTheLaneKernel(String name, Function<GoldenFile, Request> build) {
    GoldenFile golden = GoldenFile.load(name);
    Request request = build.apply(golden);
    assertEquals(
        Fixture.hex(Fixture.mask(golden.request())),
        Fixture.hex(Fixture.mask(GoldenBytesTest.encode(request))),
        "bytes of " + request + " differ from `" + golden.command() + "`");
  }

  /**
   * {@code bridge vlan add ... master} sends IFLA_BRIDGE_FLAGS = BRIDGE_FLAGS_MASTER, which is what
   * the kernel assumes when the attribute is absent (golden/README.md, surprise 5): iproute2's
   * request is ours for {@link BridgeVlans.Scope#PORT} with that one 8-byte attribute added.
   */
  @Test
  void theMasterFlagIsWhatThePortScopeLeavesToTheKernel() {
    GoldenFile golden = GoldenFile.load("vlan-add-native-master");
    byte[] theirs = golden.request();
    ByteBuffer b = ByteBuffer.wrap(theirs).order(ByteOrder.nativeOrder());
    int flagsAt = Kernel.NLMSG_HDRLEN + Kernel.IFINFOMSG_SIZE + Kernel.NLA_HDRLEN;
    assertEquals(Kernel.NLA_HDRLEN + Short.BYTES, b.getShort(flagsAt), "nla_len");
    assertEquals(Kernel.IFLA_BRIDGE_FLAGS, b.getShort(flagsAt + 2), "nla_type");
    assertEquals(Kernel.BRIDGE_FLAGS_MASTER, b.getShort(flagsAt + Kernel.NLA_HDRLEN), "flags");
    int attribute = Kernel.NLA_HDRLEN + Kernel.align(Short.BYTES);
    ByteBuffer without =
        ByteBuffer.allocate(theirs.length - attribute).order(ByteOrder.nativeOrder());
    without
        .put(theirs, 0, flagsAt)
        .put(theirs, flagsAt + attribute, theirs.length - flagsAt - attribute);
    without.putInt(0, without.capacity()); // nlmsg_len
    int spec = Kernel.NLMSG_HDRLEN + Kernel.IFINFOMSG_SIZE;
    without.putShort(spec, (short) (b.getShort(spec) - attribute)); // IFLA_AF_SPEC's nla_len
    BridgeVlans ours =
        vlans(golden, "bond0", true, BridgeVlans.Scope.PORT, new VlanRange(1, 1, true, true));
    assertEquals(
        Fixture.hex(Fixture.mask(without.array())),
        Fixture.hex(Fixture.mask(GoldenBytesTest.encode(ours))),
        "bytes of " + ours + " and `" + golden.command() + "` without BRIDGE_FLAGS_MASTER");
  }

  /**
   * The pipeline packs a datagram by {@code maxEncodedLength()}: it must never be less than what
   * {@code encode} writes, or a request would run past the buffer. For bridge VLANs with
   * IFLA_BRIDGE_FLAGS (the largest fixed part) the bound is exact.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void maxEncodedLengthBoundsTheEncoding(String name, Function<GoldenFile, Request> build) {
    Request request = build.apply(GoldenFile.load(name));
    int encoded = GoldenBytesTest.encode(request).length;
    assertTrue(
        encoded <= request.maxEncodedLength(),
        request + " encodes to " + encoded + " bytes, more than " + request.maxEncodedLength());
    if (name.equals("vlan-add-self")) {
      assertEquals(request.maxEncodedLength(), encoded, request.toString());
    }
  }
}
