package io.gallium.net.core.internal;

import io.gallium.net.core.spi.StateStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** A {@link StateStore} in memory: durable as long as the object lives. */
public final class MemoryStore implements StateStore {

  private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
  // Fair: callers waiting for the host are served in the order they came.
  private final Semaphore gate = new Semaphore(1, true);
  private volatile StateStore.Holder holder;

  @Override
  public Optional<byte[]> read(String key) {
    return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
  }

  @Override
  public void write(String key, byte[] content) {
    entries.put(key, content.clone());
  }

  @Override
  public boolean contains(String key) {
    return entries.containsKey(key);
  }

  @Override
  public Optional<Object> version(String key) {
    // Each write stores a fresh array: its identity is the version.
    return Optional.of(new Identity(entries.get(key)));
  }

  /** Equal only to an Identity of the very same array (or of none). */
  private record Identity(byte[] array) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity i && i.array == array;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(array);
    }
  }

  @Override
  public Set<String> keys(String prefix) {
    Set<String> out = new TreeSet<>();
    for (String key : entries.keySet()) {
      if (key.startsWith(prefix)) {
        out.add(key);
      }
    }
    return out;
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public Optional<Lock> lock(Duration timeout, String purpose) {
    if (!HeldLock.acquire(gate, timeout)) {
      return Optional.empty();
    }
    holder = StateStore.Holder.current(purpose);
    return Optional.of(
        new HeldLock(gate, p -> holder = StateStore.Holder.current(p), () -> holder = null));
  }

  @Override
  public Optional<StateStore.Holder> holder() {
    return Optional.ofNullable(holder);
  }

  @Override
  public String toString() {
    return "memory store";
  }
}
