package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gallium.net.core.Counters;
import io.gallium.net.linux.internal.libc.NativeMemory;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The adapter and counter decoders read what the kernel writes: struct rtnl_link_stats64 (the
 * counters at their offsets, later fields ignored), IFLA_PERM_ADDRESS, IFLA_MAX_MTU and the parent
 * device's names.
 */
class AdapterReadersTest {

  private static NlMsgHdr header(MessageWriter out) {
    return NlMsgHdr.read(out.buffer(), 0, out.position());
  }

  /** A link message with IFLA_STATS64 of {@code size} bytes: u64 i holds {@code values[i]}. */
  private static MessageWriter statsMessage(long[] values, int size) {
    MessageWriter out = new MessageWriter(NativeMemory.allocate(1 << 12));
    int start = out.beginMessage(RTM_NEWLINK, NLM_F_MULTI, 1);
    IfInfoMsg.write(out, AF_UNSPEC, 7, 0, 0);
    out.attributeString(IFLA_IFNAME, "nic0");
    ByteBuffer stats = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    for (int i = 0; i < values.length && 8 * i + 8 <= size; i++) {
      stats.putLong(8 * i, values[i]);
    }
    out.attributeBytes(IFLA_STATS64, stats.array());
    out.attributeU32(IFLA_MTU, 1500);
    out.endMessage(start);
    return out;
  }

  @Property(tries = 200)
  void theEightCountersAtTheirOffsets(
      @ForAll long rxPackets,
      @ForAll long txPackets,
      @ForAll long rxBytes,
      @ForAll long txBytes,
      @ForAll long rxErrors,
      @ForAll long txErrors,
      @ForAll long rxDropped,
      @ForAll long txDropped) {
    long[] v = {
      rxPackets, txPackets, rxBytes, txBytes, rxErrors, txErrors, rxDropped, txDropped, 99, 98
    };
    MessageWriter out = statsMessage(v, 200);
    assertEquals(
        new LinkStats(
            "nic0",
            new Counters(
                rxBytes, rxPackets, rxErrors, rxDropped, txBytes, txPackets, txErrors, txDropped)),
        LinkStatsReader.read(out.buffer(), 0, header(out)));
  }

  @Test
  void statsShorterThanTheEightCountersAreMalformed() {
    MessageWriter out = statsMessage(new long[] {1, 2, 3}, 56);
    assertThrows(
        MalformedMessageException.class, () -> LinkStatsReader.read(out.buffer(), 0, header(out)));
  }

  @Test
  void aNicOnPciAndAVethOnNoBus() {
    MessageWriter out = new MessageWriter(NativeMemory.allocate(1 << 12));
    int start = out.beginMessage(RTM_NEWLINK, NLM_F_MULTI, 1);
    IfInfoMsg.write(out, AF_UNSPEC, 3, IFF_UP, 0);
    out.attributeString(IFLA_IFNAME, "enp59s0f0");
    out.attributeU32(IFLA_MAX_MTU, 9702);
    out.attributeBytes(IFLA_PERM_ADDRESS, new byte[] {0x3c, (byte) 0xfd, (byte) 0xfe, 0, 0, 1});
    out.attributeString(IFLA_PARENT_DEV_NAME, "0000:3b:00.0");
    out.attributeString(IFLA_PARENT_DEV_BUS_NAME, "pci");
    out.endMessage(start);
    assertEquals(
        new AdapterLink(3, "enp59s0f0", IFF_UP, false, "0000:3b:00.0", "pci"),
        AdapterLinkReader.read(out.buffer(), 0, header(out)));
    LinkMessage nic = LinkMessageReader.read(out.buffer(), 0, header(out));
    assertEquals("3c:fd:fe:00:00:01", nic.permanentMac(), "read with the device, as observed");
    assertEquals(9702, nic.maxMtu());

    MessageWriter veth = new MessageWriter(NativeMemory.allocate(1 << 12));
    start = veth.beginMessage(RTM_NEWLINK, NLM_F_MULTI, 1);
    IfInfoMsg.write(veth, AF_UNSPEC, 4, 0, 0);
    veth.attributeString(IFLA_IFNAME, "nic0");
    veth.attributeU32(IFLA_MAX_MTU, 65535);
    int info = veth.beginNested(IFLA_LINKINFO);
    veth.attributeString(IFLA_INFO_KIND, "veth");
    veth.endNested(info);
    veth.endMessage(start);
    assertEquals(
        new AdapterLink(4, "nic0", 0, true, null, null),
        AdapterLinkReader.read(veth.buffer(), 0, header(veth)));
    LinkMessage vethLink = LinkMessageReader.read(veth.buffer(), 0, header(veth));
    assertEquals(null, vethLink.permanentMac(), "a veth has no burnt-in address");
    assertEquals(65535, vethLink.maxMtu());
  }
}
