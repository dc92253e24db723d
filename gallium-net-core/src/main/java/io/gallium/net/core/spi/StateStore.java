package io.gallium.net.core.spi;

import io.gallium.net.core.internal.DirectoryStore;
import io.gallium.net.core.internal.MemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Stores each of {@code records} (key to content), replacing what was there, each atomic as
   * {@link #write} is (a reader sees a record's old or new content, never a mix), but with weaker
   * durability, for records that a reader can do without: when this returns, a crash may still
   * leave any of them as it was before, or empty. Meant for many small advisory records written
   * together (a whole host's apply records what each of thousands of devices should look like): a
   * store may then save the cost of making each one durable on its own ({@link DirectoryStore}
   * renames them all into place and syncs the directory once). A reader of such records must tell
   * an empty or stale one and do without it. By default, {@link #write} of each, in the map's
   * order.
   *
   * @param records key to content
   */
  default void writeAll(Map<String, byte[]> records) {
    records.forEach(this::write);
  }

  /**
   * Stores each of {@code records} (key to content) as {@link #write} does: each atomic and durable
   * when this returns. For many records written together whose loss a reader cannot do without
   * (each VM port's state from before gallium-net took it, thousands on a whole host's apply): a
   * store may save work shared between them ({@link DirectoryStore} syncs each file but the
   * directory once). By default, {@link #write} of each, in the map's order.
   *
   * @param records key to content
   */
  default void writeAllDurably(Map<String, byte[]> records) {
    records.forEach(this::write);
  }

  /**
   * Whether something is stored under {@code key}, found without reading it: a watcher asks it of
   * the journal (an apply in flight, its own or another process's) on each change it judges, and an
   * apply's journal holds a whole host state.
   *
   * @param key the key
   * @return whether {@link #read} would find content now
   */
  default boolean contains(String key) {
    return read(key).isPresent();
  }

  /**
   * The keys stored now that begin with {@code prefix}, for a whole host's apply to find the
   * records of devices the host no longer has (a VM's tap the hypervisor deleted keeps its {@code
   * port.}, {@code expect.} and {@code hostif.} records otherwise, and the store grows without
   * bound). Only keys whose content {@link #read} would find are listed; a store's own files (its
   * lock, a temporary file of a write in progress) are not. Nothing else calls it: a VM port's
   * attach and detach never list the store, so they cost the same however many records it holds.
   *
   * <p>By default empty, meaning the store cannot list its keys (a store written before this method
   * existed): gallium-net then removes no stale record, which only leaves the store as large as it
   * was, never deletes a record that is needed, and never fails an apply.
   *
   * @param prefix the beginning every key listed has, e.g. {@code "port."}
   * @return the keys, in no particular order; empty if there are none or the store cannot list
   */
  default Set<String> keys(String prefix) {
    return Set.of();
  }

  /** Removes {@code key} (durably); nothing if absent. */
  void delete(String key);

  /**
   * A token that changes whenever the content under {@code key} does, found without reading the
   * content (a file's identity and modification time, say), so that a reader can keep what it
   * parsed: a VM port's attach must not read and parse the catalog of thousands of networks each
   * time. Empty where the store cannot tell; then readers read.
   *
   * @param key the key
   * @return the token, compared with {@link Object#equals}
   */
  default Optional<Object> version(String key) {
    return Optional.empty();
  }

  /**
   * Takes the host's lock, waiting up to {@code timeout} while someone else holds it, in this
   * process or another one. Callers in this process that wait are served in the order they came.
   *
   * @param timeout how long to wait at most; {@link Duration#ZERO} does not wait
   * @param purpose what the lock is taken for, shown to those who find it held (e.g. "apply")
   * @return the lock, to be closed (from any thread) to release it; empty if it was still held when
   *     the timeout passed, or the waiting thread was interrupted (its interrupt status is kept)
   */
  Optional<Lock> lock(Duration timeout, String purpose);

  /**
   * Who holds the lock now, as its holder recorded it when it took the lock; empty if nobody does
   * or it cannot be told. Meant for the message of a caller that could not take the lock.
   */
  Optional<Holder> holder();

  /** A store in a directory (created if missing), locked with a file lock on {@code dir/lock}. */
  static StateStore directory(Path dir) {
    return new DirectoryStore(dir);
  }

  /** A store in this process's memory, for tests and in-memory hosts. */
  static StateStore inMemory() {
    return new MemoryStore();
  }

  /** The held lock. */
  interface Lock extends AutoCloseable {
    /**
     * Records a new purpose for the held lock, for those who find it held (e.g. an apply whose
     * confirm window opened).
     *
     * @param purpose what the lock is held for now
     */
    void purpose(String purpose);

    /** Releases the lock; may be called from any thread, more than once. */
    @Override
    void close();
  }

  /**
   * Who holds a store's lock: what for, which process and thread, since when.
   *
   * @param purpose what the lock is held for, e.g. "apply" or "confirm window of an apply"
   * @param pid the holding process
   * @param thread the name of the thread that took the lock
   * @param since when the holder took the lock, or gave it its current purpose
   */
  record Holder(String purpose, long pid, String thread, Instant since) {
    /** Requires every field. */
    public Holder {
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(thread, "thread");
      Objects.requireNonNull(since, "since");
    }

    /**
     * The current thread of this process, now.
     *
     * @param purpose what the lock is taken for
     * @return the holder
     */
    public static Holder current(String purpose) {
      return new Holder(
          purpose, ProcessHandle.current().pid(), Thread.currentThread().getName(), Instant.now());
    }

    /** E.g. {@code apply (pid 4242, thread vm-start-7) since 2026-12-01T22:41:03.120Z}. */
    @Override
    public String toString() {
      return purpose + " (pid " + pid + ", thread " + thread + ") since " + since;
    }
  }
}
