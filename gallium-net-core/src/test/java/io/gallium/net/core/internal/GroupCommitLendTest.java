package io.gallium.net.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A batch's leader lends work to one of the batch's other callers, which does it on its own thread
 * while the batch runs, until told the batch is done; a leader alone in its batch lends nothing.
 */
class GroupCommitLendTest {

  private final MemoryStore store = new MemoryStore();

  private GroupCommit commit(Consumer<List<GroupCommit.Request>> run) {
    return new GroupCommit(
        r -> store.lock(Duration.ofMinutes(1), r.what()).orElseThrow(),
        r -> store.lock(Duration.ZERO, r.what()),
        run);
  }

  @Test
  void anotherCallerOfTheBatchDoesTheLentWorkWhileTheBatchRunsAndStopsWhenItIsDone()
      throws Exception {
    AtomicReference<Thread> leader = new AtomicReference<>();
    AtomicReference<Thread> helper = new AtomicReference<>();
    AtomicBoolean stopWhileRunning = new AtomicBoolean(true);
    CountDownLatch lent = new CountDownLatch(1);
    AtomicReference<GroupCommit> commit = new AtomicReference<>();
    commit.set(
        commit(
            batch -> {
              leader.set(Thread.currentThread());
              commit
                  .get()
                  .lend(
                      batch,
                      stop -> {
                        helper.set(Thread.currentThread());
                        stopWhileRunning.set(stop.getAsBoolean());
                        lent.countDown();
                        // Holds its caller until the batch is done: it must be told so.
                        while (!stop.getAsBoolean()) {
                          Thread.onSpinWait();
                        }
                      });
              try {
                assertTrue(lent.await(1, TimeUnit.MINUTES), "the lent work ran during the batch");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              batch.forEach(r -> r.succeedWith(() -> null));
            }));
    Set<Thread> callers = ConcurrentHashMap.newKeySet();
    List<Future<?>> calls = runBatched(commit.get(), 3, callers);
    for (Future<?> f : calls) {
      f.get(1, TimeUnit.MINUTES);
    }
    assertTrue(callers.contains(helper.get()), "a caller of the batch did the lent work");
    assertNotEquals(leader.get(), helper.get(), "not the leader, which runs the batch");
    assertFalse(stopWhileRunning.get(), "not told to stop while the batch ran");
  }

  @Test
  void aLeaderAloneInItsBatchLendsNothing() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    AtomicReference<GroupCommit> commit = new AtomicReference<>();
    commit.set(
        commit(
            batch -> {
              commit.get().lend(batch, stop -> ran.set(true));
              batch.forEach(r -> r.succeedWith(() -> null));
            }));
    commit
        .get()
        .submit(GroupCommit.Request.attach("tap-a", "prod", Duration.ofMinutes(1)), r -> null);
    assertFalse(ran.get(), "no other caller to lend to");
    assertEquals(0, commit.get().queued());
  }

  /** Has {@code n} callers queue while the host is held, then frees it: they run as one batch. */
  private List<Future<?>> runBatched(GroupCommit commit, int n, Set<Thread> callers)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<?>> calls = new ArrayList<>();
    try (StateStore.Lock held = store.lock(Duration.ZERO, "the test").orElseThrow()) {
      for (int i = 0; i < n; i++) {
        String port = "tap-" + i;
        calls.add(
            pool.submit(
                () -> {
                  callers.add(Thread.currentThread());
                  return commit.submit(
                      GroupCommit.Request.attach(port, "prod", Duration.ofMinutes(1)), r -> null);
                }));
      }
      assertTrue(commit.awaitQueued(n, Duration.ofMinutes(1)), "all callers wait for the host");
    } finally {
      pool.shutdown();
    }
    return calls;
  }
}
