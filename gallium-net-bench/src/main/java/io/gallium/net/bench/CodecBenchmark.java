package io.gallium.net.bench;

import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.testing.InMemoryHost;
import io.gallium.net.linux.internal.host.ChangeTranslator;
import io.gallium.net.linux.internal.netlink.MessageWriter;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.LinkKind;
import io.gallium.net.linux.internal.route.LinkMessage;
import io.gallium.net.linux.internal.route.LinkMessageReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The rtnetlink codec: turning a plan's changes into requests and encoding them into the send
 * buffer (what {@code LinuxHost.execute} does before the first send), and decoding a dump of 2000
 * links (what every {@code observe()} does). The dump is recorded from the kernel in a namespace of
 * its own when run as root (1000 veth pairs), else synthesized with the attributes the kernel sends
 * for a veth.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
  /** Size of the send buffer the pipeline encodes into (as NetlinkSocket's). */
  private static final int SEND_CAPACITY = 1 << 16;

  /**
   * The changes of the plan that makes a group of {@code networks} networks with a VM port each.
   */
  @State(Scope.Benchmark)
  public static class PlanRequests {
    @Param({"100", "1000"})
    public int networks;

    List<Change> changes;
    Map<String, LinkMessage> known;
    ByteBuffer buffer;
    int requestCount;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryHost host = Topologies.hostFor(networks);
      changes = HostNetwork.of(host).plan(Topologies.group(networks)).changes();
      known = new HashMap<>();
      int index = 1;
      for (String name : ChangeTranslator.namesNeedingIndex(changes)) {
        boolean bond = name.startsWith("gb-");
        known.put(
            name,
            new LinkMessage(
                index++,
                name,
                0,
                1500,
                null,
                0,
                null,
                List.of(),
                -1,
                bond ? LinkKind.BOND : null,
                null,
                null,
                null));
      }
      buffer = ByteBuffer.allocateDirect(SEND_CAPACITY).order(ByteOrder.nativeOrder());
      requestCount = encode(this, new Blackhole[0]);
      System.out.println("\n" + changes.size() + " changes, " + requestCount + " requests");
    }
  }

  /** Translates every change and encodes every request, sending (here: dropping) full buffers. */
  @Benchmark
  public int encodePlan(PlanRequests s, Blackhole bh) {
    return encode(s, new Blackhole[] {bh});
  }

  private static int encode(PlanRequests s, Blackhole[] bh) {
    MessageWriter writer = new MessageWriter(s.buffer);
    int sequence = 1;
    for (Change change : s.changes) {
      Request request = ChangeTranslator.translate(change, s.known);
      if (writer.remaining() < request.maxEncodedLength()) {
        if (bh.length > 0) {
          bh[0].consume(writer.position());
        }
        writer.reset();
      }
      request.encode(writer, sequence++);
    }
    return sequence - 1;
  }

  /** The bytes of a dump of 2000 links, as the kernel sends them. */
  @State(Scope.Benchmark)
  public static class Dump {
    ByteBuffer bytes;
    int length;

    @Setup(Level.Trial)
    public void setUp() {
      byte[] dump = LinkDumps.twoThousandLinks();
      bytes = ByteBuffer.allocateDirect(dump.length).order(ByteOrder.nativeOrder());
      bytes.put(dump).flip();
      length = dump.length;
    }
  }

  /** Decodes every message of the dump into a {@link LinkMessage}. */
  @Benchmark
  public List<LinkMessage> decodeDump(Dump d) {
    List<LinkMessage> out = new ArrayList<>(2048);
    int offset = 0;
    while (offset < d.length) {
      NlMsgHdr header = NlMsgHdr.read(d.bytes, offset, d.length);
      LinkMessage link = LinkMessageReader.read(d.bytes, offset, header);
      if (link != null) {
        out.add(link);
      }
      offset += (header.length() + 3) & ~3;
    }
    return out;
  }
}
