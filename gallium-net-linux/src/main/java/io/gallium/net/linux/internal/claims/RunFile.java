package io.gallium.net.linux.internal.claims;

import io.gallium.net.core.spi.Claim;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A small state file another program keeps under {@code /run}, read whole or not at all: absent
 * (the program keeps no state for it), its bytes, or unreadable with the reason. Never throws: a
 * reader of another program's state must not fail gallium-net's own work, and must not mistake
 * "could not read" for "not there".
 */
sealed interface RunFile {

  /** More than this is no state file of the programs read here: read as unreadable. */
  int MAX_BYTES = 1 << 20;

  /** No such file: the program keeps no state for what was asked. */
  record Absent(Path path) implements RunFile {}

  /** The file's bytes. */
  record Bytes(Path path, byte[] content) implements RunFile {
    /** The content as text; bytes that are not UTF-8 become U+FFFD, never an exception. */
    String text() {
      return new String(content, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The file is there (or may be) but could not be read; {@code reason} says why. */
  record Unreadable(Path path, String reason) implements RunFile {}

  /**
   * Reads {@code path}: a symbolic link is followed (the programs write plain files, but an
   * administrator may link them); a dangling link, a directory or an oversized file is unreadable.
   */
  static RunFile read(Path path) {
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return new Absent(path);
      }
      if (!Files.isRegularFile(path)) {
        return new Unreadable(path, "not a regular file");
      }
      try (InputStream in = Files.newInputStream(path)) {
        byte[] content = in.readNBytes(MAX_BYTES + 1);
        if (content.length > MAX_BYTES) {
          return new Unreadable(path, "larger than " + MAX_BYTES + " bytes");
        }
        return new Bytes(path, content);
      }
    } catch (NoSuchFileException e) {
      // Removed between the check and the read: the program dropped its state meanwhile.
      return new Absent(path);
    } catch (IOException | RuntimeException e) {
      return new Unreadable(path, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The claim one state file per device makes: none when the file is absent, an uncertain one when
   * it cannot be read (not knowing is never "unmanaged"), else what {@code parse} reads in its
   * text.
   *
   * @param path the device's state file
   * @param parse reads the text and the file's name (for the message) into a claim, or none
   * @param unreadable the uncertain claim, given why the file could not be read
   */
  static Optional<Claim> claimOf(
      Path path,
      BiFunction<String, String, Optional<Claim>> parse,
      Function<String, Claim> unreadable) {
    RunFile file = read(path);
    if (file instanceof Absent) {
      return Optional.empty();
    }
    if (file instanceof Unreadable u) {
      return Optional.of(unreadable.apply(u.path() + " could not be read: " + u.reason()));
    }
    Bytes b = (Bytes) file;
    return parse.apply(b.text(), b.path().toString());
  }
}
