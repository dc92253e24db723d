package io.gallium.net.core.internal;

import io.gallium.net.core.spi.StateStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link StateStore} in memory: durable as long as the object lives. */
public final class MemoryStore implements StateStore {

  private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
  private final AtomicBoolean locked = new AtomicBoolean();

  @Override
  public Optional<byte[]> read(String key) {
    return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
  }

  @Override
  public void write(String key, byte[] content) {
    entries.put(key, content.clone());
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public Optional<Lock> tryLock() {
    if (!locked.compareAndSet(false, true)) {
      return Optional.empty();
    }
    AtomicBoolean held = new AtomicBoolean(true);
    return Optional.of(
        () -> {
          if (held.compareAndSet(true, false)) {
            locked.set(false);
          }
        });
  }

  @Override
  public String toString() {
    return "memory store";
  }
}
