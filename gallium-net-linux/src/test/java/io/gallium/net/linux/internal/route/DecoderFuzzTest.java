package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.libc.NativeMemory;
import io.gallium.net.linux.internal.netlink.AttributeCursor;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgErr;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The decoders trust no length: whatever bytes come in (random, truncated, corrupted), decoding
 * ends with values or a {@link MalformedMessageException}, never an index error, a hang or another
 * exception. And what the kernel would send decodes to what it meant.
 */
class DecoderFuzzTest {
  private static final int[] TYPES = {
    RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR, RTM_NEWVLAN, NLMSG_ERROR, NLMSG_DONE, NLMSG_NOOP
  };

  /**
   * Decodes a datagram the way the pipeline and the monitor do; returns how many values came out.
   */
  static int decodeDatagram(ByteBuffer buffer, int length) {
    int values = 0;
    int offset = 0;
    while (offset < length) {
      NlMsgHdr header = NlMsgHdr.read(buffer, offset, length);
      switch (header.type()) {
        case RTM_NEWLINK, RTM_DELLINK -> {
          values += LinkMessageReader.read(buffer, offset, header) != null ? 1 : 0;
          values += BridgePortVlansReader.read(buffer, offset, header) != null ? 1 : 0;
          values += AdapterLinkReader.read(buffer, offset, header) != null ? 1 : 0;
          values += LinkStatsReader.read(buffer, offset, header) != null ? 1 : 0;
        }
        case RTM_NEWADDR ->
            values += AddressMessageReader.read(buffer, offset, header) != null ? 1 : 0;
        case RTM_NEWVLAN -> values += PortVlanReader.read(buffer, offset, header) != null ? 1 : 0;
        case NLMSG_ERROR -> values += NlMsgErr.read(buffer, offset, header) != null ? 1 : 0;
        default -> {
          // skipped, as the pipeline skips them
        }
      }
      offset += Math.min(align(header.length()), length - offset);
    }
    return values;
  }

  private static void decodeOrMalformed(byte[] bytes) {
    ByteBuffer buffer = NativeMemory.allocate(Math.max(1, bytes.length));
    buffer.put(0, bytes);
    try {
      decodeDatagram(buffer, bytes.length);
    } catch (MalformedMessageException expected) {
      // the one acceptable failure
    }
  }

  @Property(tries = 1000)
  void randomBytesDecodeOrAreMalformed(@ForAll @Size(max = 400) byte[] bytes) {
    decodeOrMalformed(bytes);
  }

  @Property(tries = 1000)
  void randomBodiesBehindPlausibleHeadersDecodeOrAreMalformed(@ForAll("plausible") byte[] bytes) {
    decodeOrMalformed(bytes);
  }

  @Provide
  Arbitrary<byte[]> plausible() {
    Arbitrary<Integer> type =
        Arbitraries.of(RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR, RTM_NEWVLAN, NLMSG_ERROR, NLMSG_DONE);
    Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<Integer> lengthSkew =
        Arbitraries.of(-17, -1, 0, 0, 0, 1, 4, 1 << 20, Integer.MIN_VALUE);
    Arbitrary<Integer> flags =
        Arbitraries.of(
            0, NLM_F_MULTI, NLM_F_ACK_TLVS, NLM_F_ACK_TLVS | NLM_F_CAPPED, NLM_F_DUMP_INTR);
    return Combinators.combine(type, body, lengthSkew, flags)
        .as(
            (t, b, skew, f) -> {
              ByteBuffer buffer =
                  ByteBuffer.allocate(NLMSG_HDRLEN + b.length)
                      .order(java.nio.ByteOrder.nativeOrder());
              NlMsgHdr.write(buffer, 0, NLMSG_HDRLEN + b.length + skew, t, f, 1);
              buffer.put(NLMSG_HDRLEN, b);
              return buffer.array();
            });
  }

  @Property(tries = 600)
  void truncatedOrCorruptedLinkMessagesDecodeOrAreMalformed(
      @ForAll("links") LinkMessage link,
      @ForAll @IntRange(min = 0, max = 1000) int cut,
      @ForAll @IntRange(min = 0, max = 1000) int corruptAt,
      @ForAll byte corruption,
      @ForAll boolean fixLength) {
    byte[] message = encode(link);
    cutAndCorruptedDecodeOrAreMalformed(message, cut, corruptAt, corruption, fixLength);
  }

  /**
   * {@code message} cut to {@code cut} bytes, its length field set to the cut when {@code
   * fixLength}, and one byte overwritten with {@code corruption}, decodes or is malformed.
   */
  private static void cutAndCorruptedDecodeOrAreMalformed(
      byte[] message, int cut, int corruptAt, byte corruption, boolean fixLength) {
    int length = Math.min(cut, message.length);
    byte[] truncated = java.util.Arrays.copyOf(message, length);
    if (fixLength && length >= 4) {
      ByteBuffer.wrap(truncated).order(java.nio.ByteOrder.nativeOrder()).putInt(0, length);
    }
    if (length > 0) {
      truncated[corruptAt % length] = corruption;
    }
    decodeOrMalformed(truncated);
  }

  @Property(tries = 300)
  void linkMessagesRoundTrip(@ForAll("links") LinkMessage link) {
    byte[] message = encode(link);
    ByteBuffer buffer = NativeMemory.allocate(message.length);
    buffer.put(0, message);
    NlMsgHdr header = NlMsgHdr.read(buffer, 0, message.length);
    assertEquals(link, LinkMessageReader.read(buffer, 0, header));
  }

  @Property(tries = 300)
  void bridgeVlansRoundTrip(
      @ForAll("vlanLists") List<VlanRange> vlans,
      @ForAll @IntRange(min = 1, max = 5000) int index) {
    MessageWriter out = new MessageWriter(NativeMemory.allocate(1 << 16));
    int start = out.beginMessage(RTM_NEWLINK, NLM_F_MULTI, 1);
    IfInfoMsg.write(out, AF_BRIDGE, index, 0, 0);
    out.attributeString(IFLA_IFNAME, "gv-port");
    out.attributeU32(IFLA_MASTER, 2);
    int spec = out.beginNested(IFLA_AF_SPEC);
    for (VlanRange range : vlans) {
      int flags =
          (range.pvid() ? BRIDGE_VLAN_INFO_PVID : 0)
              | (range.untagged() ? BRIDGE_VLAN_INFO_UNTAGGED : 0);
      if (range.size() > 1) {
        vlanInfo(out, flags | BRIDGE_VLAN_INFO_RANGE_BEGIN, range.first());
        vlanInfo(out, flags | BRIDGE_VLAN_INFO_RANGE_END, range.last());
      } else {
        vlanInfo(out, flags, range.first());
      }
    }
    out.endNested(spec);
    out.endMessage(start);
    NlMsgHdr header = NlMsgHdr.read(out.buffer(), 0, out.position());
    BridgePortVlans port = BridgePortVlansReader.read(out.buffer(), 0, header);
    assertEquals(new BridgePortVlans(index, "gv-port", vlans), port);
  }

  /**
   * An RTM_NEWVLAN message as br_vlan_rtm_dump writes it: br_vlan_msg, then per range a
   * BRIDGE_VLANDB_ENTRY (NLA_F_NESTED) with ENTRY_INFO, ENTRY_RANGE for a range, and ENTRY_STATE
   * (an option the reader skips).
   */
  static byte[] portVlanMessage(int index, List<VlanRange> vlans) {
    MessageWriter out = new MessageWriter(NativeMemory.allocate(1 << 16));
    int start = out.beginMessage(RTM_NEWVLAN, NLM_F_MULTI, 1);
    BrVlanMsg.write(out, AF_BRIDGE, index);
    for (VlanRange range : vlans) {
      int entry = out.beginNestedFlagged(BRIDGE_VLANDB_ENTRY);
      int flags =
          (range.pvid() ? BRIDGE_VLAN_INFO_PVID : 0)
              | (range.untagged() ? BRIDGE_VLAN_INFO_UNTAGGED : 0);
      int info = out.beginNested(BRIDGE_VLANDB_ENTRY_INFO);
      out.u16(flags).u16(range.first());
      out.endNested(info);
      if (range.size() > 1) {
        out.attributeU16(BRIDGE_VLANDB_ENTRY_RANGE, range.last());
      }
      out.attributeU8(3, 3); // BRIDGE_VLANDB_ENTRY_STATE: forwarding
      out.endNested(entry);
    }
    out.endMessage(start);
    byte[] bytes = new byte[out.position()];
    out.buffer().get(0, bytes);
    return bytes;
  }

  @Property(tries = 300)
  void portVlansRoundTrip(
      @ForAll("vlanLists") List<VlanRange> vlans,
      @ForAll @IntRange(min = 1, max = 5000) int index) {
    byte[] message = portVlanMessage(index, vlans);
    ByteBuffer buffer = NativeMemory.allocate(message.length);
    buffer.put(0, message);
    NlMsgHdr header = NlMsgHdr.read(buffer, 0, message.length);
    assertEquals(new BridgePortVlans(index, "", vlans), PortVlanReader.read(buffer, 0, header));
  }

  @Property(tries = 600)
  void truncatedOrCorruptedPortVlanMessagesDecodeOrAreMalformed(
      @ForAll("vlanLists") List<VlanRange> vlans,
      @ForAll @IntRange(min = 0, max = 1000) int cut,
      @ForAll @IntRange(min = 0, max = 1000) int corruptAt,
      @ForAll byte corruption,
      @ForAll boolean fixLength) {
    byte[] message = portVlanMessage(7, vlans);
    cutAndCorruptedDecodeOrAreMalformed(message, cut, corruptAt, corruption, fixLength);
  }

  @Property(tries = 300)
  void attributeCursorNeverReadsOutsideItsArea(
      @ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(min = 0, max = 200) int start) {
    ByteBuffer buffer = NativeMemory.allocate(Math.max(1, bytes.length));
    buffer.put(0, bytes);
    int from = Math.min(start, bytes.length);
    try {
      AttributeCursor cursor = new AttributeCursor(buffer, from, bytes.length);
      while (cursor.next()) {
        int end = cursor.payloadOffset() + cursor.payloadLength();
        if (cursor.payloadOffset() < from || end > bytes.length) {
          throw new AssertionError(
              "attribute outside its area: " + cursor.payloadOffset() + ".." + end);
        }
        cursor.string();
        cursor.nested();
      }
    } catch (MalformedMessageException expected) {
      // fine
    }
  }

  private static void vlanInfo(MessageWriter out, int flags, int vid) {
    int info = out.beginNested(IFLA_BRIDGE_VLAN_INFO);
    out.u16(flags).u16(vid);
    out.endNested(info);
  }

  @Provide
  Arbitrary<List<VlanRange>> vlanLists() {
    Arbitrary<VlanRange> single =
        Combinators.combine(
                Arbitraries.integers().between(1, 4094),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false))
            .as((vid, pvid, untagged) -> new VlanRange(vid, vid, pvid, untagged));
    Arbitrary<VlanRange> range =
        Arbitraries.integers()
            .between(1, 4093)
            .flatMap(
                first ->
                    Arbitraries.integers()
                        .between(first + 1, 4094)
                        .map(last -> VlanRange.tagged(first, last)));
    return Arbitraries.oneOf(single, range).list().ofMinSize(1).ofMaxSize(20);
  }

  @Provide
  Arbitrary<LinkMessage> links() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .numeric()
            .withChars('-')
            .ofMinLength(1)
            .ofMaxLength(15);
    Arbitrary<String> optional = names.injectNull(0.3);
    Arbitrary<List<String>> altNames =
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(127).list().ofMaxSize(3);
    Arbitrary<Integer> index = Arbitraries.integers().between(1, 1 << 20);
    Arbitrary<String> mac =
        Arbitraries.bytes().array(byte[].class).ofSize(6).map(DecoderFuzzTest::mac).injectNull(0.2);
    Arbitrary<LinkKind> kind =
        Arbitraries.of(LinkKind.BOND, LinkKind.BRIDGE, LinkKind.VETH).injectNull(0.4);
    Arbitrary<BondInfo> bond =
        Combinators.combine(
                Arbitraries.integers().between(0, 6),
                index,
                index,
                Arbitraries.integers().between(0, 1000))
            .as(BondInfo::new);
    Arbitrary<BridgeInfo> bridge =
        Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 4094))
            .as(BridgeInfo::new);
    return Combinators.combine(
            index,
            names,
            Arbitraries.integers(),
            Arbitraries.integers().between(0, 65535),
            mac,
            Arbitraries.integers().between(0, 1 << 20),
            optional,
            altNames)
        .flatAs(
            (i, name, flags, mtu, hw, master, alias, alts) ->
                Combinators.combine(
                        kind,
                        optional.map(s -> s == null ? null : LinkKind.BRIDGE),
                        bond,
                        bridge,
                        Arbitraries.integers().between(0, 1))
                    .as(
                        (k, slave, b, br, carrier) ->
                            new LinkMessage(
                                i,
                                name,
                                flags,
                                mtu,
                                hw,
                                master,
                                alias,
                                alts,
                                carrier,
                                k,
                                slave,
                                k == LinkKind.BOND ? b : null,
                                k == LinkKind.BRIDGE ? br : null)))
        .flatMap(l -> Arbitraries.integers().between(-1, IF_OPER_UP).map(o -> withOperState(l, o)));
  }

  /** {@code link} with IFLA_OPERSTATE {@code operState} (-1: not reported). */
  private static LinkMessage withOperState(LinkMessage link, int operState) {
    return new LinkMessage(
        link.index(),
        link.name(),
        link.flags(),
        link.mtu(),
        link.mac(),
        link.master(),
        link.alias(),
        link.altNames(),
        link.carrier(),
        link.kind(),
        link.slaveKind(),
        link.bond(),
        link.bridge(),
        link.maxMtu(),
        link.bondSlave(),
        link.vlan(),
        link.permanentMac(),
        operState);
  }

  private static String mac(byte[] bytes) {
    List<String> parts = new ArrayList<>();
    for (byte b : bytes) {
      parts.add(String.format("%02x", b & 0xff));
    }
    return String.join(":", parts);
  }

  /** Encodes a link message as the kernel would (rtnl_fill_ifinfo's attributes we read). */
  static byte[] encode(LinkMessage link) {
    MessageWriter out = new MessageWriter(NativeMemory.allocate(1 << 14));
    int start = out.beginMessage(RTM_NEWLINK, 0, 1);
    IfInfoMsg.write(out, AF_UNSPEC, link.index(), link.flags(), 0);
    out.attributeString(IFLA_IFNAME, link.name());
    out.attributeU32(IFLA_MTU, link.mtu());
    // An attribute the decoder skips: the kernel sends it, nothing reads it.
    out.attributeU32(IFLA_GROUP, 7);
    if (link.operState() >= 0) {
      out.attributeU8(IFLA_OPERSTATE, link.operState());
    }
    out.attributeU8(IFLA_CARRIER, link.carrier());
    if (link.mac() != null) {
      out.attributeBytes(IFLA_ADDRESS, java.util.HexFormat.ofDelimiter(":").parseHex(link.mac()));
    }
    if (link.master() != 0) {
      out.attributeU32(IFLA_MASTER, link.master());
    }
    if (link.alias() != null) {
      out.attributeString(IFLA_IFALIAS, link.alias());
    }
    if (!link.altNames().isEmpty()) {
      int list = out.beginNestedFlagged(IFLA_PROP_LIST);
      for (String alt : link.altNames()) {
        out.attributeString(IFLA_ALT_IFNAME, alt);
      }
      out.endNested(list);
    }
    if (link.kind() != null || link.slaveKind() != null) {
      int info = out.beginNested(IFLA_LINKINFO);
      if (link.kind() != null) {
        out.attributeString(IFLA_INFO_KIND, link.kind().kernelName());
      }
      if (link.bond() != null) {
        int data = out.beginNested(IFLA_INFO_DATA);
        out.attributeU8(IFLA_BOND_MODE, link.bond().mode());
        out.attributeU32(IFLA_BOND_ACTIVE_SLAVE, link.bond().activeSlaveIndex());
        out.attributeU32(IFLA_BOND_MIIMON, link.bond().miimon());
        out.attributeU32(IFLA_BOND_PRIMARY, link.bond().primaryIndex());
        out.endNested(data);
      }
      if (link.bridge() != null) {
        int data = out.beginNested(IFLA_INFO_DATA);
        out.attributeU8(IFLA_BR_VLAN_FILTERING, link.bridge().vlanFiltering() ? 1 : 0);
        out.attributeU16(IFLA_BR_VLAN_DEFAULT_PVID, link.bridge().defaultPvid());
        out.endNested(data);
      }
      if (link.slaveKind() != null) {
        out.attributeString(IFLA_INFO_SLAVE_KIND, link.slaveKind().kernelName());
      }
      out.endNested(info);
    }
    out.endMessage(start);
    byte[] bytes = new byte[out.position()];
    out.buffer().get(0, bytes);
    return bytes;
  }
}
