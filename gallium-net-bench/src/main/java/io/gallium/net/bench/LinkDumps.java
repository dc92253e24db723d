package io.gallium.net.bench;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NetlinkSocket;
import io.gallium.net.linux.internal.netlink.RequestPipeline;
import io.gallium.net.linux.internal.route.LinkDump;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The bytes of a RTM_GETLINK dump of 2000 links: recorded from the kernel when root (1000 veth
 * pairs in a namespace of their own), else synthesized.
 */
final class LinkDumps {
  static final int LINKS = 2000;
  // Attribute types from linux/if_link.h, for the synthesized dump only.
  private static final int RTM_NEWLINK = 16;
  private static final int NLM_F_MULTI = 2;
  private static final int IFLA_ADDRESS = 1;
  private static final int IFLA_BROADCAST = 2;
  private static final int IFLA_IFNAME = 3;
  private static final int IFLA_MTU = 4;
  private static final int IFLA_OPERSTATE = 16;
  private static final int IFLA_LINKINFO = 18;
  private static final int IFLA_INFO_KIND = 1;
  private static final int IFLA_STATS64 = 23;
  private static final int IFLA_GROUP = 27;
  private static final int IFLA_CARRIER = 33;
  private static final int IFLA_AF_SPEC = 26;

  /** A veth message from a 6.x kernel is about 1.4 KB: most of it stats and AF_SPEC. */
  private static final int STATS64_BYTES = 200;

  private static final int AF_SPEC_BYTES = 800;

  private LinkDumps() {}

  static byte[] twoThousandLinks() {
    if (Namespace.isRoot()) {
      try {
        byte[] recorded = record();
        System.out.println(
            "\ndecoding a dump recorded from the kernel: " + recorded.length + " bytes");
        return recorded;
      } catch (RuntimeException e) {
        System.out.println("\ncannot record a dump (" + e.getMessage() + "); synthesizing one");
      }
    }
    byte[] synthesized = synthesize();
    System.out.println("\ndecoding a synthesized dump: " + synthesized.length + " bytes");
    return synthesized;
  }

  /** Records the dump in a namespace of its own, which is deleted after. */
  static byte[] record() {
    try (Lab lab = Lab.open()) {
      lab.vethPairs("vp", "vq", LINKS / 2);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (NetlinkSocket socket = lab.namespace().namespace().openSocket(1 << 20)) {
        lab.namespace().requireIsolated(socket.namespaceInode());
        List<byte[]> messages =
            new RequestPipeline(socket)
                .dump(
                    LinkDump.devices(),
                    (buffer, offset, header) -> {
                      byte[] m = new byte[(header.length() + 3) & ~3];
                      buffer.get(offset, m, 0, header.length());
                      return m;
                    });
        for (byte[] m : messages) {
          if (!isLoopback(m)) {
            out.writeBytes(m);
          }
        }
      }
      return out.toByteArray();
    }
  }

  private static boolean isLoopback(byte[] message) {
    return ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getInt(20) == 1;
  }

  /** Messages shaped like a veth's from a 6.x kernel, for runs without root. */
  static byte[] synthesize() {
    ByteBuffer buffer = ByteBuffer.allocate(LINKS * 2048).order(ByteOrder.nativeOrder());
    MessageWriter w = new MessageWriter(buffer);
    for (int i = 0; i < LINKS; i++) {
      int start = w.beginMessage(RTM_NEWLINK, NLM_F_MULTI, 1);
      w.u8(0).u8(0).u16(1).u32(i + 2).u32(0x1003).u32(0);
      w.attributeString(IFLA_IFNAME, (i % 2 == 0 ? "vp" : "vq") + i / 2);
      w.attributeU32(IFLA_MTU, 1500);
      w.attributeU8(IFLA_OPERSTATE, 2);
      w.attributeU32(IFLA_GROUP, 0);
      w.attributeU8(IFLA_CARRIER, 0);
      w.attributeBytes(IFLA_ADDRESS, new byte[] {2, 0, 0, 0, (byte) (i >> 8), (byte) i});
      w.attributeBytes(IFLA_BROADCAST, new byte[] {-1, -1, -1, -1, -1, -1});
      w.attributeBytes(IFLA_STATS64, new byte[STATS64_BYTES]);
      int info = w.beginNested(IFLA_LINKINFO);
      w.attributeString(IFLA_INFO_KIND, "veth");
      w.endNested(info);
      w.attributeBytes(IFLA_AF_SPEC, new byte[AF_SPEC_BYTES]);
      w.endMessage(start);
    }
    byte[] out = new byte[w.position()];
    buffer.get(0, out);
    return out;
  }
}
