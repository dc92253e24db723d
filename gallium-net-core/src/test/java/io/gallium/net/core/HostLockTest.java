package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callers wait for a host that another caller holds, up to the lock timeout, then are told who. */
class HostLockTest {

  @TempDir Path dir;

  @Test
  void callersWaitForAnOpenConfirmWindowAndAllGetTheHost() throws Exception {
    InMemoryHost host = QuickStartTest.host();
    CountingStore store = new CountingStore(StateStore.inMemory(), 8);
    HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
    PendingApply pending =
        net.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1)));
    store.reset();

    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<ApplyResult>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Topology t =
            QuickStartTest.quickStart().toBuilder().vlanNetwork("n" + i, "uplink", 10 + i).build();
        results.add(callers.submit(() -> net.apply(t)));
      }
      // Every caller is asking for the lock while the window holds it: none may fail for that.
      assertTrue(store.asked.await(1, TimeUnit.MINUTES), "all callers asked for the lock");
      pending.confirm();
      for (Future<ApplyResult> r : results) {
        assertTrue(r.get(1, TimeUnit.MINUTES).changed(), "each waiting caller applied its change");
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void attachAndDetachWaitForAnOpenConfirmWindowAndSeeWhatItLeft() throws Exception {
    for (boolean confirmed : List.of(true, false)) {
      InMemoryHost host = AttachDetachTest.host();
      CountingStore store = new CountingStore(StateStore.inMemory(), 1);
      HostNetwork net = HostNetwork.builder().driver(host).store(store).build();
      net.apply(AttachDetachTest.twoGroups());
      net.attach("tap-vm8", "prod");
      Topology withWeb =
          AttachDetachTest.twoGroups().toBuilder()
              .vlanNetwork("web", "uplink", 300)
              .vmPort("tap-vm8", "prod")
              .build();
      PendingApply pending = net.apply(withWeb, ApplyOptions.confirmWithin(Duration.ofHours(1)));
      store.reset();

      ExecutorService callers = Executors.newFixedThreadPool(2);
      try {
        Future<ApplyResult> attach = callers.submit(() -> net.attach("tap-vm7", "web"));
        Future<ApplyResult> detach = callers.submit(() -> net.detach("tap-vm8"));
        // The first asks for the lock; the second queues behind it, to ride in its batch.
        assertTrue(store.asked.await(1, TimeUnit.MINUTES), "the first asked for the lock");
        assertTrue(net.transaction().awaitQueued(2, Duration.ofMinutes(1)), "both wait");
        if (confirmed) {
          pending.confirm();
        } else {
          pending.rollback();
        }
        assertTrue(detach.get(1, TimeUnit.MINUTES).changed(), "the detach waited, then ran");
        if (confirmed) {
          assertTrue(attach.get(1, TimeUnit.MINUTES).changed(), "the attach waited, then ran");
          assertEquals(
              withWeb.toBuilder().removeVmPort("tap-vm8").vmPort("tap-vm7", "web").build(),
              net.observe());
        } else {
          ExecutionException e =
              assertThrows(ExecutionException.class, () -> attach.get(1, TimeUnit.MINUTES));
          assertInstanceOf(
              RefusedTopologyException.class, e.getCause(), "web left with the rolled-back window");
          assertEquals(AttachDetachTest.twoGroups(), net.observe());
        }
      } finally {
        callers.shutdownNow();
      }
    }
  }

  @Test
  void aCallerThatWillNotWaitIsToldWhoHoldsTheHostAndSinceWhen() {
    InMemoryHost host = QuickStartTest.host();
    StateStore store = StateStore.inMemory();
    HostNetwork owner = HostNetwork.builder().driver(host).store(store).build();
    HostNetwork other =
        HostNetwork.builder().driver(host).store(store).lockTimeout(Duration.ofMillis(20)).build();
    PendingApply pending =
        owner.apply(QuickStartTest.quickStart(), ApplyOptions.confirmWithin(Duration.ofHours(1)));

    HostBusyException busy = assertThrows(HostBusyException.class, other::recover);
    String m = busy.getMessage();
    assertTrue(m.startsWith("the host is busy: confirm window of an apply, open until "), m);
    assertTrue(
        m.contains(" (pid " + ProcessHandle.current().pid() + ", thread "),
        "names the holder: " + m);
    assertTrue(m.contains(") since 20"), "says since when: " + m);
    assertTrue(m.endsWith("; waited PT0.02S (HostNetwork.builder().lockTimeout) to recover"), m);
    assertEquals(QuickStartTest.quickStart(), owner.observe(), "nothing was touched");
    pending.confirm();
    assertEquals(false, other.recover(), "free again once the window closed");
  }

  @Test
  void theLockTimeoutCannotBeNegative() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> HostNetwork.builder().lockTimeout(Duration.ofSeconds(-1)));
    assertEquals("lockTimeout must be 0 or more, was PT-1S", e.getMessage());
  }

  @Test
  void oneDirectoryReachedThroughASymlinkIsOneLock() throws Exception {
    Path real = Files.createDirectories(dir.resolve("run/gallium-net"));
    Path link = Files.createSymbolicLink(dir.resolve("var-run"), dir.resolve("run"));
    StateStore a = StateStore.directory(real);
    StateStore b = StateStore.directory(link.resolve("gallium-net"));

    StateStore.Lock held = a.lock(Duration.ZERO, "apply").orElseThrow();
    assertEquals(Optional.empty(), b.lock(Duration.ZERO, "recover"), "the same lock");
    assertEquals("apply", b.holder().orElseThrow().purpose());
    assertEquals(
        "busy", probe(real), "another process still finds it held after the second attempt");
    held.close();
    b.lock(Duration.ZERO, "recover").orElseThrow().close();
  }

  /** Whether another process finds the lock of {@code store} free or busy. */
  private static String probe(Path store) throws Exception {
    Process child = lockProcess(store, "probe");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      return out.readLine();
    } finally {
      child.waitFor(1, TimeUnit.MINUTES);
      child.destroyForcibly();
    }
  }

  private static Process lockProcess(Path store, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderProcess.class.getName(),
                store.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  @Test
  void aLockHeldByAnotherProcessIsWaitedForAndNamesThatProcess() throws Exception {
    Process child = lockProcess(dir);
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine(), "the child holds the lock");
      StateStore store = StateStore.directory(dir);

      assertEquals(Optional.empty(), store.lock(Duration.ZERO, "apply"), "held by the child");
      StateStore.Holder holder = store.holder().orElseThrow();
      assertEquals(child.pid(), holder.pid());
      assertEquals(LockHolderProcess.PURPOSE, holder.purpose());

      Future<Optional<StateStore.Lock>> waiting =
          waiter.submit(() -> store.lock(Duration.ofMinutes(1), "apply"));
      child.getOutputStream().close(); // the child releases its lock and exits
      StateStore.Lock lock = waiting.get(1, TimeUnit.MINUTES).orElseThrow();
      assertEquals("apply", store.holder().orElseThrow().purpose());
      lock.close();
      assertEquals(0, child.waitFor());
    } finally {
      waiter.shutdownNow();
      child.destroyForcibly();
    }
  }

  /** Counts the callers that asked for the lock, then lets the real store decide. */
  private static final class CountingStore extends ForwardingStore {
    private final int expected;
    volatile CountDownLatch asked;

    CountingStore(StateStore store, int expected) {
      super(store);
      this.expected = expected;
      reset();
    }

    void reset() {
      asked = new CountDownLatch(expected);
    }

    @Override
    public Optional<Lock> lock(Duration timeout, String purpose) {
      asked.countDown();
      return super.lock(timeout, purpose);
    }
  }
}
