package io.gallium.net.core.internal;

import io.gallium.net.core.StoreDamagedException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The text form of a record in the state store, whole or refused: a header naming the kind of
 * record and its format version, the body, and a trailer with the body's line count and CRC32C. A
 * record cut anywhere (a full disk, a crash between write and fsync on a file system without atomic
 * rename) or changed by hand fails the check, so it is never half-used.
 *
 * <pre>
 * gallium-net journal 2
 * ...body, one line per entry...
 * end 12 5e0d6a1f
 * </pre>
 */
final class SealedRecord {

  private static final String PREFIX = "gallium-net ";

  private SealedRecord() {}

  /**
   * The sealed text of {@code body}.
   *
   * @param kind the kind of record, e.g. "journal"
   * @param version the format version of the body
   * @param body the body: lines, each ending in a newline
   */
  static byte[] seal(String kind, int version, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String header = PREFIX + kind + " " + version + "\n";
    String trailer = "end " + lines(body) + " " + crc(bytes) + "\n";
    return (header + body + trailer).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The body of a sealed record, after checking that it is whole and of this format.
   *
   * @param kind the kind expected
   * @param version the format version this code reads
   * @param bytes the stored bytes
   * @param where where the record is, for messages
   * @param remedy what the operator should do with a record that is refused
   * @throws StoreDamagedException if it is not a whole record of this kind and version
   */
  static String open(String kind, int version, byte[] bytes, String where, String remedy) {
    return open(kind, version, version, bytes, where, remedy);
  }

  /**
   * The body of a sealed record, after checking that it is whole and of a format this code reads:
   * {@code oldest} to {@code version}, the sealed formats whose bodies its reader understands.
   *
   * @param kind the kind expected
   * @param version the format version this code writes, the newest it reads
   * @param oldest the oldest format version it still reads (one with this seal)
   * @param bytes the stored bytes
   * @param where where the record is, for messages
   * @param remedy what the operator should do with a record that is refused
   * @throws StoreDamagedException if it is not a whole record of this kind and a version read
   */
  static String open(
      String kind, int version, int oldest, byte[] bytes, String where, String remedy) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int headerEnd = text.indexOf('\n');
    String header = headerEnd < 0 ? text : text.substring(0, headerEnd);
    String expected = PREFIX + kind + " ";
    if (!header.startsWith(expected)) {
      throw damaged(
          where,
          "it is not a gallium-net " + kind + " (its first line is '" + abbreviate(header) + "')",
          remedy);
    }
    int found;
    try {
      found = Integer.parseInt(header.substring(expected.length()));
    } catch (NumberFormatException e) {
      throw damaged(
          where,
          "its format version '"
              + abbreviate(header.substring(expected.length()))
              + "' is not a number",
          remedy);
    }
    if (found > version) {
      throw damaged(
          where,
          "it is in format "
              + found
              + ", newer than this gallium-net reads ("
              + version
              + "); the gallium-net that wrote it can read it",
          remedy);
    }
    if (found < oldest) {
      throw damaged(
          where,
          "it is in format "
              + found
              + ", which has no checksum, so it cannot be"
              + " told whole (this gallium-net reads format "
              + (oldest == version ? String.valueOf(version) : oldest + " to " + version)
              + ")",
          remedy);
    }
    if (!text.endsWith("\n")) {
      throw damaged(where, "it is cut short (no end line)", remedy);
    }
    int trailerStart = text.lastIndexOf('\n', text.length() - 2) + 1;
    if (trailerStart <= headerEnd) {
      throw damaged(where, "it is cut short (no end line)", remedy);
    }
    String body = text.substring(headerEnd + 1, trailerStart);
    String trailer = text.substring(trailerStart, text.length() - 1);
    String want = "end " + lines(body) + " " + crc(body.getBytes(StandardCharsets.UTF_8));
    if (!trailer.equals(want)) {
      throw damaged(
          where,
          trailer.startsWith("end ")
              ? "its checksum or line count does not match its content (found '"
                  + abbreviate(trailer)
                  + "', content gives '"
                  + want
                  + "')"
              : "it is cut short (no end line)",
          remedy);
    }
    return body;
  }

  private static long lines(String body) {
    long n = 0;
    for (int at = body.indexOf('\n'); at >= 0; at = body.indexOf('\n', at + 1)) {
      n++;
    }
    return n;
  }

  private static String crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return String.format("%08x", crc.getValue());
  }

  private static String abbreviate(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "...";
  }

  private static StoreDamagedException damaged(String where, String what, String remedy) {
    return new StoreDamagedException(where + " was not used: " + what + ". " + remedy);
  }
}
