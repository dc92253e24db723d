package io.gallium.net.core;

import io.gallium.net.core.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Another process holding a store's lock, for {@link HostLockTest}: takes the lock of the directory
 * in its argument, prints {@code locked}, and releases it when its standard input ends.
 */
public final class LockHolderProcess {
  static final String PURPOSE = "apply in another process";

  private LockHolderProcess() {}

  /**
   * Holds the lock of {@code args[0]} until standard input ends, or probes it.
   *
   * @param args the store's directory, then optionally {@code probe}
   * @throws Exception if the lock cannot be taken
   */
  public static void main(String[] args) throws Exception {
    StateStore store = StateStore.directory(Path.of(args[0]));
    if (args.length > 1 && args[1].equals("probe")) {
      System.out.println(store.lock(Duration.ZERO, PURPOSE).isPresent() ? "free" : "busy");
      return;
    }
    StateStore.Lock lock = store.lock(Duration.ZERO, PURPOSE).orElseThrow();
    System.out.println("locked");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our input
    }
    lock.close();
  }
}
