package io.gallium.net.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.internal.Catalog;
import io.gallium.net.core.internal.PortOrigins;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.core.testing.InMemoryHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM port released by gallium-net gets back the up/down state and MTU it had before gallium-net
 * took it, like an adapter: whichever way it was taken (apply, attach) and released (apply without
 * it, detach), in whichever process, and whatever faults and crashes came in between.
 */
class PortOriginTest {

  private static final String PORT = "tap-vm7";

  /** What the port was before gallium-net took it. */
  record Origin(boolean up, int mtu) {}

  /** How the port is taken and released. */
  enum Lifecycle {
    APPLY_THEN_APPLY_EMPTY,
    APPLY_THEN_APPLY_WITHOUT_IT,
    APPLY_THEN_DETACH,
    ATTACH_THEN_DETACH,
    ATTACH_MOVE_THEN_DETACH,
    ATTACH_THEN_APPLY_WITHOUT_IT
  }

  @Provide
  Arbitrary<Origin> origins() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.oneOf(
                Arbitraries.of(1500, 9000, 1280), Arbitraries.integers().between(68, 65535)))
        .as(Origin::new);
  }

  /** The host of {@link AttachDetachTest#host()} with tap-vm7 as {@code origin} says. */
  private static InMemoryHost hostWith(Origin origin) {
    InMemoryHost host = AttachDetachTest.host();
    if (origin.up()) {
      host.changeByOthers(new Change.SetUp(PORT, true));
    }
    host.changeByOthers(new Change.SetMtu(PORT, origin.mtu()));
    return host;
  }

  private static Topology withPort(String network) {
    return AttachDetachTest.twoGroups().toBuilder().vmPort(PORT, network).build();
  }

  @Property(tries = 60)
  void aReleasedPortGetsItsUpDownAndMtuBack(
      @ForAll("origins") Origin origin,
      @ForAll Lifecycle lifecycle,
      @ForAll boolean releasedByAnotherProcess) {
    InMemoryHost host = hostWith(origin);
    Device before = host.state().device(PORT).orElseThrow();
    HostNetwork net = HostNetwork.of(host);
    HostNetwork releasing = releasedByAnotherProcess ? HostNetwork.of(host) : net;

    switch (lifecycle) {
      case APPLY_THEN_APPLY_EMPTY -> {
        net.apply(withPort("prod"));
        releasing.apply(Topology.empty());
      }
      case APPLY_THEN_APPLY_WITHOUT_IT -> {
        net.apply(withPort("prod"));
        releasing.apply(AttachDetachTest.twoGroups());
      }
      case APPLY_THEN_DETACH -> {
        net.apply(withPort("dev"));
        releasing.detach(PORT);
      }
      case ATTACH_THEN_DETACH -> {
        net.apply(AttachDetachTest.twoGroups());
        net.attach(PORT, "prod");
        releasing.detach(PORT);
      }
      case ATTACH_MOVE_THEN_DETACH -> {
        net.apply(AttachDetachTest.twoGroups());
        net.attach(PORT, "prod");
        net.attach(PORT, "dev");
        releasing.detach(PORT);
      }
      case ATTACH_THEN_APPLY_WITHOUT_IT -> {
        net.apply(AttachDetachTest.twoGroups());
        net.attach(PORT, "mgmt");
        releasing.apply(AttachDetachTest.twoGroups());
      }
    }

    assertEquals(before, host.state().device(PORT).orElseThrow(), "the port is as it was");
  }

  @Property(tries = 40)
  void theMtuItHadBeforeComesBackWhateverItCarriedWhileAttached(
      @ForAll("origins") Origin origin, @ForAll boolean byDetach) {
    InMemoryHost host = hostWith(origin);
    Device before = host.state().device(PORT).orElseThrow();
    HostNetwork net = HostNetwork.of(host);
    net.apply(AttachDetachTest.twoGroups());
    net.attach(PORT, "prod");
    // While attached the port carries its group's MTU (as a group with an MTU of its own gives it).
    host.changeByOthers(new Change.SetMtu(PORT, origin.mtu() == 9000 ? 1500 : 9000));

    if (byDetach) {
      net.detach(PORT);
    } else {
      net.apply(AttachDetachTest.twoGroups());
    }

    assertEquals(before, host.state().device(PORT).orElseThrow());
  }

  /** Attach, move or detach of tap-vm7, on a host ready for it. */
  enum Operation {
    ATTACH,
    MOVE,
    DETACH
  }

  private static HostNetwork readyFor(InMemoryHost host, Operation operation) {
    HostNetwork net = HostNetwork.of(host);
    net.apply(AttachDetachTest.twoGroups());
    if (operation != Operation.ATTACH) {
      net.attach(PORT, "prod");
    }
    return net;
  }

  private static void run(HostNetwork net, Operation operation) {
    switch (operation) {
      case ATTACH -> net.attach(PORT, "prod");
      case MOVE -> net.attach(PORT, "dev");
      case DETACH -> net.detach(PORT);
    }
  }

  @Property(tries = 120)
  void aFaultAtAnyRequestLeavesThePortAsItWasAndItsOriginKept(
      @ForAll("origins") Origin origin, @ForAll Operation operation, @ForAll("faults") int k) {
    InMemoryHost host = hostWith(origin);
    Device original = host.state().device(PORT).orElseThrow();
    HostNetwork net = readyFor(host, operation);
    HostState before = host.state();
    host.failOnRequest(k);
    boolean rolledBack = false;
    try {
      run(net, operation);
    } catch (ApplyException e) {
      assertTrue(e.rolledBack(), e.getMessage());
      rolledBack = true;
    }
    host.failOnRequest(Integer.MAX_VALUE); // a fault after the last request: none
    if (rolledBack) {
      assertEquals(before, host.state(), "rolled back: the host is as it was");
      assertFalse(net.recover(), "no journal is left");
    } else if (operation == Operation.DETACH) {
      assertEquals(original, host.state().device(PORT).orElseThrow(), "released as it was");
    }

    net.detach(PORT);
    assertEquals(
        original, host.state().device(PORT).orElseThrow(), "its origin outlived the fault");
  }

  @Property(tries = 120)
  void aCrashAtAnyRequestIsUndoneByRecoverWithThePortsOrigin(
      @ForAll("origins") Origin origin, @ForAll Operation operation, @ForAll("crashes") int k) {
    InMemoryHost host = hostWith(origin);
    Device original = host.state().device(PORT).orElseThrow();
    HostNetwork net = readyFor(host, operation);
    HostState before = host.state();
    host.crashAfterRequests(k);
    HostNetwork restarted = net;
    try {
      run(net, operation);
      host.crashAfterRequests(Integer.MAX_VALUE);
    } catch (InMemoryHost.Crash crashed) {
      host.crashAfterRequests(Integer.MAX_VALUE);
      restarted = HostNetwork.of(host);
      restarted.recover();
      assertEquals(before, host.state(), "recover() put the host back as it was");
    }

    restarted.detach(PORT);
    assertEquals(
        original, host.state().device(PORT).orElseThrow(), "its origin outlived the crash");
  }

  /** Every request of an attach, move or detach (they make at most 8), and one after them. */
  @Provide
  Arbitrary<Integer> faults() {
    return Arbitraries.integers().between(1, 10);
  }

  /** A crash before every request, and after the last. */
  @Provide
  Arbitrary<Integer> crashes() {
    return Arbitraries.integers().between(0, 9);
  }

  /**
   * Kernel names as gallium-net decodes them: any bytes, a byte that is not UTF-8 a lone surrogate.
   */
  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars('a', 'z', 'A', '-', '.', '_', '@', '\udcff', '\udcfe', '\u00e9', '0', '9')
        .ofMinLength(1)
        .ofMaxLength(15);
  }

  @Property(tries = 300)
  void eachPortHasAStoreKeyOfItsOwnAndItsRecordReadsBackAsWritten(
      @ForAll("names") String a, @ForAll("names") String b, @ForAll("origins") Origin origin) {
    assertTrue(PortOrigins.key(a).matches("[a-z0-9.-]+"), PortOrigins.key(a));
    assertEquals(a.equals(b), PortOrigins.key(a).equals(PortOrigins.key(b)), a + " / " + b);

    StateStore store = StateStore.inMemory();
    Catalog.AdapterOrigin recorded = new Catalog.AdapterOrigin(origin.up(), origin.mtu());
    PortOrigins.write(store, a, Optional.of(recorded));
    assertEquals(Optional.of(recorded), PortOrigins.read(store, a));
  }

  @Test
  void aPortGalliumNetNeverTookIsReleasedAsItIs() {
    InMemoryHost host = AttachDetachTest.host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(AttachDetachTest.twoGroups());
    // Someone else puts a port on our bridge by hand: gallium-net never knew its state before.
    host.changeByOthers(new Change.SetMaster(PORT, "gv-uplink"));
    host.changeByOthers(new Change.AddPortVlans(PORT, List.of(VlanRange.access(100))));
    host.changeByOthers(new Change.SetUp(PORT, true));

    net.apply(AttachDetachTest.twoGroups());

    Device port = host.state().device(PORT).orElseThrow();
    assertEquals(Optional.empty(), port.master(), "released");
    assertTrue(port.up(), "its up/down state is left as it is: nothing to guess from");
  }

  @Test
  void aDamagedRecordStopsTheReleaseNamingTheFileButNotATake() {
    InMemoryHost host = hostWith(new Origin(false, 1400));
    HostNetwork net = HostNetwork.of(host);
    net.apply(AttachDetachTest.twoGroups());
    StateStore store = host.defaultStore();
    store.write("port." + PORT, "gallium-net port 1\nport tap-vm7 down\n".getBytes(UTF_8));

    net.attach(PORT, "prod"); // a stale record of a port on no bridge of ours is not read
    store.write("port." + PORT, "gallium-net port 1\nport tap-vm7 down 14".getBytes(UTF_8));
    HostState attached = host.state();

    StoreDamagedException e = assertThrows(StoreDamagedException.class, () -> net.detach(PORT));
    assertTrue(
        e.getMessage().startsWith("memory store/port.tap-vm7 was not used: it is cut short"),
        e.getMessage());
    assertEquals(attached, host.state(), "nothing was touched");

    store.delete("port." + PORT);
    net.detach(PORT);
    assertEquals(Optional.empty(), host.state().device(PORT).orElseThrow().master());
    assertTrue(host.state().device(PORT).orElseThrow().up(), "record deleted: left as it is");
    host.changeByOthers(new Change.SetUp(PORT, false)); // its owner takes it down again
    Device beforeSecondTake = host.state().device(PORT).orElseThrow();
    net.attach(PORT, "prod");
    net.detach(PORT);
    assertEquals(
        beforeSecondTake, host.state().device(PORT).orElseThrow(), "recorded anew at the take");
  }

  @Property(tries = 150)
  void aPortRecordCutOrChangedAnywhereIsRefusedWhole(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double at,
      @ForAll @IntRange(min = 0, max = 255) int bits) {
    InMemoryHost host = hostWith(new Origin(false, 1400));
    HostNetwork net = HostNetwork.of(host);
    net.apply(AttachDetachTest.twoGroups());
    net.attach(PORT, "prod");
    StateStore store = host.defaultStore();
    byte[] record = store.read("port." + PORT).orElseThrow();
    int i = Math.min((int) (at * record.length), record.length - 1);
    byte[] damaged;
    if (bits == 0) {
      damaged = java.util.Arrays.copyOf(record, i); // cut
    } else {
      damaged = record.clone();
      damaged[i] = (byte) (damaged[i] ^ bits);
    }
    store.write("port." + PORT, damaged);
    HostState attached = host.state();

    StoreDamagedException e = assertThrows(StoreDamagedException.class, () -> net.detach(PORT));

    assertTrue(
        e.getMessage().startsWith("memory store/port.tap-vm7 was not used: "), e.getMessage());
    assertEquals(attached, host.state(), "nothing was touched");
  }

  @Test
  void aPortWhoseRecordIsGoneIsReleasedAsItIs() {
    InMemoryHost host = AttachDetachTest.host();
    HostNetwork net = HostNetwork.of(host);
    net.apply(AttachDetachTest.twoGroups());
    net.attach(PORT, "prod");
    host.defaultStore().delete("port." + PORT);

    net.detach(PORT);

    Device port = host.state().device(PORT).orElseThrow();
    assertEquals(Optional.empty(), port.master(), "released");
    assertTrue(port.up(), "left as it is");
  }

  @Test
  void theOriginIsAFileOfItsOwnThatAnotherProcessReads(@TempDir Path dir) throws Exception {
    InMemoryHost host = hostWith(new Origin(false, 1400));
    Device before = host.state().device(PORT).orElseThrow();
    HostNetwork.builder().driver(host).journal(dir).build().apply(AttachDetachTest.twoGroups());
    HostNetwork.builder().driver(host).journal(dir).build().attach(PORT, "prod");

    Path record = dir.resolve("port." + PORT);
    assertEquals(
        List.of("gallium-net port 1", "port tap-vm7 down 1400"),
        Files.readAllLines(record).subList(0, 2));

    HostNetwork.builder().driver(host).journal(dir).build().detach(PORT);

    assertEquals(before, host.state().device(PORT).orElseThrow());
    assertFalse(Files.exists(record), "the record goes with the port's release");
  }
}
