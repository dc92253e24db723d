package io.gallium.net.core.spi;

import io.gallium.net.core.internal.DirectoryStore;
import io.gallium.net.core.internal.MemoryStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A small durable key-value store for gallium-net's own records: the journal of an apply in
 * progress and the catalog of network names, plus the lock that allows one apply at a time per
 * host. Keys are simple file names ({@code [a-z0-9.-]+}).
 */
public interface StateStore {

  /** The content stored under {@code key}, if any. */
  Optional<byte[]> read(String key);

  /**
   * Stores {@code content} under {@code key}, replacing what was there; durable (fsynced) and
   * atomic (a reader sees the old or the new content, never a mix) when this returns.
   */
  void write(String key, byte[] content);

  /** Removes {@code key} (durably); nothing if absent. */
  void delete(String key);

  /**
   * Takes the host's apply lock if nobody holds it, in this process or another one.
   *
   * @return the lock, to be closed (from any thread) to release it; empty if someone holds it
   */
  Optional<Lock> tryLock();

  /** A store in a directory (created if missing), locked with a file lock on {@code dir/lock}. */
  static StateStore directory(Path dir) {
    return new DirectoryStore(dir);
  }

  /** A store in this process's memory, for tests and in-memory hosts. */
  static StateStore inMemory() {
    return new MemoryStore();
  }

  /** The held apply lock. */
  interface Lock extends AutoCloseable {
    /** Releases the lock; may be called from any thread, more than once. */
    @Override
    void close();
  }
}
