package io.gallium.net.core.internal;

import io.gallium.net.core.spi.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link StateStore} in a directory: each key a file, written to a temporary file, fsynced and
 * renamed over the old one. The directory is private (mode 0700, owned by the user who runs
 * gallium-net), files are created with mode 0600 whatever the umask, and no file is opened through
 * a symbolic link. The lock is a {@link FileLock} on {@code lock}, which also excludes other
 * processes, and records its holder in that file for them. A JVM cannot hold two file locks on one
 * file, so callers in this JVM first pass a fair gate per real directory.
 */
public final class DirectoryStore implements StateStore {

  private static final String LOCK = "lock";

  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /**
   * One gate per real directory in this JVM: a JVM can hold only one file lock on a file, and
   * callers that wait for it are served in the order they came.
   */
  private static final Map<Path, Semaphore> GATES = new ConcurrentHashMap<>();

  /** Who holds each directory's lock in this JVM. */
  private static final Map<Path, StateStore.Holder> HOLDERS = new ConcurrentHashMap<>();

  private final Path dir;

  /** A store in {@code dir}. */
  public DirectoryStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public Optional<byte[]> read(String key) {
    try {
      Path file = file(key);
      // Read without a check of the directory's owner, so that an unprivileged observer can read
      // the catalog; whatever acts on the host (apply, recover) takes the lock, which checks.
      try (SeekableByteChannel ch =
          Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(Channels.newInputStream(ch).readAllBytes());
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file(key), e);
    }
  }

  @Override
  public void write(String key, byte[] content) {
    Path target = file(key);
    Path tmp = null;
    try {
      privateDirectory();
      // A fresh name, created exclusively and private: nothing planted in the directory is
      // followed or overwritten, and a reader never sees a file being written.
      tmp = Files.createTempFile(dir, key + ".", ".tmp", PRIVATE_FILE);
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // Left behind: a stray temporary file is never read as a record.
        }
      }
    }
  }

  /**
   * Writes each record to a fresh temporary file, then renames them all into place and syncs the
   * directory once. Each record is atomic, as with {@link #write}, and renamed in place durably
   * when this returns; but no file's content is fsynced, so a crash soon after may leave a record
   * empty or as it was (ext4, say, has written a new file's name but not yet its data). Why: a
   * whole host's apply writes thousands of these records, and an fsync of each file and of the
   * directory per record costs milliseconds each on a virtual disk, seconds in all, while the
   * records' readers do without a damaged or stale one. Nothing is renamed unless every temporary
   * file was written.
   *
   * @throws IllegalArgumentException if a key is not a store key; nothing is written then
   */
  @Override
  public void writeAll(Map<String, byte[]> records) {
    writeBatch(records, false);
  }

  /**
   * As {@link #writeAll}, but each temporary file is fsynced before the renames: every record is
   * durable when this returns, as with {@link #write}, at the cost of one fsync a record and one of
   * the directory, not two a record.
   *
   * @throws IllegalArgumentException if a key is not a store key; nothing is written then
   */
  @Override
  public void writeAllDurably(Map<String, byte[]> records) {
    writeBatch(records, true);
  }

  private void writeBatch(Map<String, byte[]> records, boolean syncEach) {
    if (records.isEmpty()) {
      return;
    }
    List<Path> targets = new ArrayList<>(records.size());
    records.keySet().forEach(key -> targets.add(file(key)));
    List<Path> temps = new ArrayList<>(records.size());
    int renamed = 0;
    try {
      privateDirectory();
      for (Map.Entry<String, byte[]> e : records.entrySet()) {
        Path tmp = Files.createTempFile(dir, e.getKey() + ".", ".tmp", PRIVATE_FILE);
        temps.add(tmp);
        try (FileChannel ch =
            FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
          ByteBuffer buf = ByteBuffer.wrap(e.getValue());
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          if (syncEach) {
            ch.force(true);
          }
        }
      }
      for (; renamed < temps.size(); renamed++) {
        try {
          Files.move(
              temps.get(renamed),
              targets.get(renamed),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temps.get(renamed), targets.get(renamed), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + records.size() + " records in " + dir + " (" + renamed + " written)",
          e);
    } finally {
      for (Path tmp : temps.subList(renamed, temps.size())) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // Left behind: a stray temporary file is never read as a record.
        }
      }
    }
  }

  /**
   * Lists the directory: every regular file whose name is a store key beginning with {@code
   * prefix}, but the lock and the temporary files of writes ({@code <key>.<digits>.tmp}, never a
   * record: a record's key ends in an escaped name, in which a {@code .} is followed by four hex
   * digits). A missing directory has no keys.
   *
   * @throws java.io.UncheckedIOException if the directory cannot be listed
   */
  @Override
  public Set<String> keys(String prefix) {
    Set<String> out = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix)
            && !name.equals(LOCK)
            && !name.endsWith(".tmp")
            && name.matches("[a-z0-9.-]+")
            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          out.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return Set.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  @Override
  public boolean contains(String key) {
    return Files.exists(file(key), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Optional<Object> version(String key) {
    // Every write renames a new file over the old one: a new inode, and a new modification time.
    try {
      BasicFileAttributes a =
          Files.readAttributes(file(key), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return Optional.of(List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size()));
    } catch (NoSuchFileException e) {
      return Optional.of(List.of());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String key) {
    try {
      if (Files.deleteIfExists(file(key))) {
        syncDirectory();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file(key), e);
    }
  }

  @Override
  public Optional<Lock> lock(Duration timeout, String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    long start = System.nanoTime();
    long wait = HeldLock.nanos(timeout);
    Path real = realDirectory();
    Semaphore gate = GATES.computeIfAbsent(real, k -> new Semaphore(1, true));
    if (!HeldLock.acquire(gate, timeout)) {
      return Optional.empty();
    }
    Path file = real.resolve(LOCK);
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              file,
              Set.of(
                  StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              PRIVATE_FILE);
      FileLock held = awaitFileLock(ch, start, wait);
      if (held == null) {
        ch.close();
        gate.release();
        return Optional.empty();
      }
      FileChannel channel = ch;
      record(real, channel, StateStore.Holder.current(purpose));
      return Optional.of(
          new HeldLock(
              gate,
              p -> record(real, channel, StateStore.Holder.current(p)),
              () -> {
                HOLDERS.remove(real);
                try (channel) {
                  channel.truncate(0);
                  held.release();
                } catch (IOException e) {
                  throw new UncheckedIOException("cannot release " + file, e);
                }
              }));
    } catch (IOException | RuntimeException e) {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      gate.release();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot lock " + file, io);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public Optional<StateStore.Holder> holder() {
    Path real = realDirectory();
    StateStore.Holder here = HOLDERS.get(real);
    if (here != null) {
      return Optional.of(here);
    }
    try {
      try (SeekableByteChannel ch =
          Files.newByteChannel(
              real.resolve(LOCK), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return parseHolder(
            new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Polls for the file lock until it is free or the time is up: {@link FileChannel#lock()} cannot
   * be given a timeout. The backoff stays short (at most 20 ms), as the holder is a transaction of
   * milliseconds to seconds.
   */
  private static FileLock awaitFileLock(FileChannel ch, long start, long wait) throws IOException {
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      try {
        FileLock lock = ch.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Held in this JVM through another path to the same file: busy, like any other holder.
      }
      long left = wait - (System.nanoTime() - start);
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return null;
      }
      LockSupport.parkNanos(Math.min(pause, left));
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Records the holder for this JVM and, in the lock file, for other processes. */
  private static void record(Path real, FileChannel ch, StateStore.Holder holder) {
    HOLDERS.put(real, holder);
    String line =
        String.join(
                "\t",
                clean(holder.purpose()),
                Long.toString(holder.pid()),
                clean(holder.thread()),
                holder.since().toString())
            + "\n";
    try {
      ch.truncate(0);
      ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      long at = 0;
      while (buf.hasRemaining()) {
        at += ch.write(buf, at);
      }
    } catch (IOException e) {
      // Only the description of the holder is lost; the lock itself is held.
    }
  }

  private static String clean(String text) {
    return text.replaceAll("[\\t\\n\\r]", " ");
  }

  /** The holder a lock file describes; empty for an empty or unreadable file. */
  static Optional<StateStore.Holder> parseHolder(String content) {
    String[] f = content.strip().split("\t", -1);
    if (f.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new StateStore.Holder(f[0], Long.parseLong(f[1]), f[2], Instant.parse(f[3])));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The directory, created if missing, with every symbolic link resolved: one directory reached
   * through two paths ({@code /var/run} is a link to {@code /run}) is one lock.
   */
  private Path realDirectory() {
    try {
      privateDirectory();
      return dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + dir, e);
    }
  }

  /**
   * Makes sure the directory exists, belongs to this process's user and is private to it (mode
   * 0700): the journal decides what a recovery changes on the host, so nobody else may write,
   * replace or plant a link in it. A directory of ours with a wider mode (an older release made it
   * so) is narrowed; one of another user is refused.
   *
   * @throws IOException if it cannot be made or is not ours
   */
  private void privateDirectory() throws IOException {
    Files.createDirectories(dir, PRIVATE_DIRECTORY);
    Path real = dir.toRealPath();
    PosixFileAttributes attributes =
        Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    UserPrincipal me = currentUser(real);
    if (!attributes.owner().equals(me)) {
      throw new IOException(
          "the store directory "
              + real
              + " belongs to "
              + attributes.owner().getName()
              + ", not to "
              + me.getName()
              + " who runs gallium-net; anyone who can write there decides what recover() does to"
              + " the host. Remove it, or give gallium-net a directory of its own"
              + " (HostNetwork.builder().journal(dir))");
    }
    if (!attributes.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
      Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** The user this process runs as, as the file system names it. */
  private static UserPrincipal currentUser(Path somewhere) throws IOException {
    return somewhere
        .getFileSystem()
        .getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name"));
  }

  private Path file(String key) {
    if (!key.matches("[a-z0-9.-]+")) {
      throw new IllegalArgumentException("store key '" + key + "' must be [a-z0-9.-]+");
    }
    return dir.resolve(key);
  }

  private void syncDirectory() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for fsync; the rename is still atomic.
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
