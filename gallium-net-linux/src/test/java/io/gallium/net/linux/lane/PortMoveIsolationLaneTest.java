package io.gallium.net.linux.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.linux.testing.ForwardingDriver;
import io.gallium.net.linux.testing.SwitchedHost;
import io.gallium.net.linux.testing.UdpInNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM port moved between networks ({@link HostNetwork#attach}) while the switch floods broadcasts
 * on every network never receives a frame of a network it is not on, not even during a move.
 *
 * <p>How it is decided without sleeping: a clock (an integer "epoch") is advanced just before each
 * request of a move is sent to the kernel and just after it returns (a {@link Driver} around the
 * real one does it), so every stage of every move has an in-flight epoch. Each sender reads the
 * epoch before it sends and writes it into the frame with its network's name; the receiver (a UDP
 * socket on the VM's side of the port) reads the epoch after each frame arrived. The bridge
 * forwarded a frame at some moment between the two readings, so the frame is legitimate only if the
 * port may have been on the frame's network in some epoch of that interval. The claim checked, for
 * a move from OLD to NEW: the port may carry OLD only up to the in-flight epoch of the move's first
 * request, and NEW only from the in-flight epoch of its last one; so it is never on both. A frame
 * in flight at a move is no false alarm: it was stamped before the request that removed its network
 * and carries that earlier epoch.
 *
 * <p>Between moves the test waits (on the receiver's frames, not on a clock) until the port got a
 * frame of its new network stamped after the move, so every move starts with frames of the old
 * network flowing and proves the new network reaches the port.
 */
@Tag("lane")
class PortMoveIsolationLaneTest {
  private static final int PORT = 6100;
  private static final String VM_PORT = "vmm";

  /** Network name, its broadcast address, and the switch's address on it. */
  private record Net(String name, int vid, String address, String broadcast) {}

  private static final List<Net> NETS =
      List.of(
          new Net("prod", 100, "10.100.0.1", "10.100.0.255"),
          new Net("test", 200, "10.200.0.1", "10.200.0.255"),
          new Net("dmz", 300, "10.3.0.1", "10.3.0.255"));

  /** Where the port goes, in order: within a group, to the other group and back, both ways. */
  private static final List<String> MOVES =
      List.of(
          "test", "dmz", "prod", "dmz", "test", "prod", "test", "dmz", "prod", "test", "prod",
          "dmz", "test", "dmz", "prod", "test");

  private record Frame(String network, int stamped, int received) {}

  @Test
  void aMovedPortNeverReceivesAFrameOfANetworkItIsNotOn(@TempDir Path journal) throws Exception {
    try (SwitchedHost bench = SwitchedHost.create(2, true)) {
      bench.vmPort(VM_PORT, "em", null);
      for (Net n : NETS) {
        bench.switchVlan(n.vid(), n.address() + "/24");
      }
      bench.wire();
      List<String> addresses = new ArrayList<>();
      for (Net n : NETS) {
        addresses.add("addr add " + n.address().replaceAll("\\.1$", ".2") + "/24 dev em");
      }
      bench.vm().ipBatch(addresses);

      AtomicInteger epoch = new AtomicInteger();
      List<Integer> inFlight = new CopyOnWriteArrayList<>();
      Driver clocked = new ClockedDriver(bench.driver(), epoch, inFlight);
      HostNetwork network = HostNetwork.builder().driver(clocked).journal(journal).build();
      network.apply(
          Topology.builder()
              .adapterGroup("uplink", "nic0")
              .vlanNetwork("prod", "uplink", 100)
              .vlanNetwork("test", "uplink", 200)
              .adapterGroup("edge", "nic1")
              .vlanNetwork("dmz", "edge", 300)
              .vmPort(VM_PORT, "prod")
              .build());

      // allowed.get(e): the networks the port may be on during epoch e.
      List<Set<String>> allowed = new CopyOnWriteArrayList<>();
      // moving.get(e): whether epoch e lies within a move (from its first request to its last).
      List<Boolean> moving = new CopyOnWriteArrayList<>();
      for (int e = 0; e <= epoch.get(); e++) {
        allowed.add(Set.of("prod"));
        moving.add(false);
      }
      List<Frame> frames = new CopyOnWriteArrayList<>();
      Object arrived = new Object();
      List<Thread> threads = new ArrayList<>();
      List<UdpInNamespace> sockets = new ArrayList<>();
      AtomicInteger running = new AtomicInteger(1);
      try (UdpInNamespace receiver = UdpInNamespace.bind(bench.vm(), null, PORT)) {
        Thread receiving =
            new Thread(
                () -> {
                  while (running.get() == 1) {
                    String text = receiver.receive(200);
                    if (text == null) {
                      continue;
                    }
                    int now = epoch.get();
                    String[] parts = text.split(" ");
                    frames.add(new Frame(parts[0], Integer.parseInt(parts[1]), now));
                    synchronized (arrived) {
                      arrived.notifyAll();
                    }
                  }
                },
                "receiver");
        receiving.start();
        threads.add(receiving);
        for (Net n : NETS) {
          UdpInNamespace sender = UdpInNamespace.bind(bench.switchSide(), n.address(), 0);
          sockets.add(sender);
          Thread sending =
              new Thread(
                  () -> {
                    while (running.get() == 1) {
                      sender.send(n.broadcast(), PORT, n.name() + " " + epoch.get());
                      LockSupport.parkNanos(100_000); // pacing, not synchronisation
                    }
                  },
                  "sender-" + n.name());
          sending.start();
          threads.add(sending);
        }

        String on = "prod";
        awaitFrame(frames, arrived, on, 0);
        List<String> plans = new ArrayList<>();
        for (String to : MOVES) {
          int start = epoch.get();
          inFlight.clear();
          ApplyResult moved = network.attach(VM_PORT, to);
          assertTrue(moved.changed(), "move to " + to);
          assertFalse(inFlight.isEmpty(), "the move to " + to + " made requests");
          int first = inFlight.get(0);
          int last = inFlight.get(inFlight.size() - 1);
          int end = epoch.get();
          for (int e = start + 1; e <= end; e++) {
            Set<String> may = new HashSet<>();
            if (e <= first) {
              may.add(on);
            }
            if (e >= last) {
              may.add(to);
            }
            allowed.add(Set.copyOf(may));
            moving.add(e < end);
          }
          assertEquals(end + 1, allowed.size(), "one entry per epoch");
          plans.add(on + " -> " + to + ": " + moved.plan().stages());
          on = to;
          awaitFrame(frames, arrived, on, end);
        }
        running.set(0);
        for (Thread t : threads) {
          t.join();
        }
        for (UdpInNamespace s : sockets) {
          s.close();
        }

        List<String> leaks = new ArrayList<>();
        Map<String, Integer> perNetwork = new TreeMap<>();
        Map<String, Integer> duringMoves = new TreeMap<>();
        for (Frame f : frames) {
          perNetwork.merge(f.network(), 1, Integer::sum);
          boolean fine = false;
          boolean acrossAMove = false;
          for (int e = f.stamped(); e <= f.received(); e++) {
            fine |= allowed.get(e).contains(f.network());
            acrossAMove |= moving.get(e);
          }
          if (acrossAMove) {
            duringMoves.merge(f.network(), 1, Integer::sum);
          }
          if (!fine) {
            leaks.add(
                f
                    + " (the port may have been on "
                    + allowed.subList(f.stamped(), f.received() + 1)
                    + ")");
          }
        }
        System.out.println(
            "PortMoveIsolationLaneTest: "
                + MOVES.size()
                + " moves, "
                + epoch.get()
                + " epochs; frames received per network "
                + perNetwork
                + ", of them in flight during a move (stamped before its last request returned and"
                + " received after its first was sent) "
                + duringMoves);
        plans.forEach(p -> System.out.println("PortMoveIsolationLaneTest: " + p));
        assertFalse(
            duringMoves.isEmpty(),
            "some frames were in flight while the port moved (else the run proved nothing about"
                + " a move)");
        assertEquals(
            List.of(),
            leaks.subList(0, Math.min(20, leaks.size())),
            leaks.size() + " frames of a network the port was not on, of " + frames.size());
      } finally {
        running.set(0);
        for (Thread t : threads) {
          t.join();
        }
        for (UdpInNamespace s : sockets) {
          s.close();
        }
      }
    }
  }

  /**
   * Waits until the receiver got a frame of {@code network} stamped in epoch {@code since} or
   * later; fails after 60 s.
   */
  private static void awaitFrame(List<Frame> frames, Object arrived, String network, int since)
      throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    int seen = 0;
    synchronized (arrived) {
      while (true) {
        for (; seen < frames.size(); seen++) {
          Frame f = frames.get(seen);
          if (f.network().equals(network) && f.stamped() >= since) {
            return;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no frame of " + network + " stamped in epoch " + since + " or later within 60 s");
        }
        arrived.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** The real driver, with the epoch advanced around each stage it executes. */
  private static final class ClockedDriver extends ForwardingDriver {
    private final AtomicInteger epoch;
    private final List<Integer> inFlight;

    ClockedDriver(Driver real, AtomicInteger epoch, List<Integer> inFlight) {
      super(real);
      this.epoch = epoch;
      this.inFlight = inFlight;
    }

    @Override
    public List<ChangeOutcome> execute(List<Change> changes) {
      inFlight.add(epoch.incrementAndGet());
      try {
        return real.execute(changes);
      } finally {
        epoch.incrementAndGet();
      }
    }
  }
}
