package io.gallium.net.core.internal;

import io.gallium.net.core.spi.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link StateStore} in a directory: each key a file, written to a temporary file, fsynced and
 * renamed over the old one; the lock is a {@link FileLock} on {@code lock}, which also excludes
 * other processes. A JVM cannot hold two file locks on one file, so holders in this JVM are
 * excluded by a map of held directories first.
 */
public final class DirectoryStore implements StateStore {

  private static final Map<Path, Boolean> HELD = new ConcurrentHashMap<>();

  private final Path dir;

  /** A store in {@code dir}. */
  public DirectoryStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public Optional<byte[]> read(String key) {
    try {
      return Optional.of(Files.readAllBytes(file(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file(key), e);
    }
  }

  @Override
  public void write(String key, byte[] content) {
    Path target = file(key);
    Path tmp = dir.resolve(key + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
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
      syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
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
  public Optional<Lock> tryLock() {
    if (HELD.putIfAbsent(dir, Boolean.TRUE) != null) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(dir);
      FileChannel ch =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        HELD.remove(dir);
        return Optional.empty();
      }
      FileLock held = lock;
      AtomicBoolean open = new AtomicBoolean(true);
      return Optional.of(
          () -> {
            if (open.compareAndSet(true, false)) {
              try {
                held.release();
                ch.close();
              } catch (IOException e) {
                throw new UncheckedIOException("cannot release " + dir.resolve("lock"), e);
              } finally {
                HELD.remove(dir);
              }
            }
          });
    } catch (IOException e) {
      HELD.remove(dir);
      throw new UncheckedIOException("cannot lock " + dir.resolve("lock"), e);
    }
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
