package io.gallium.net.linux.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's strings (device names, aliases) are bytes, not necessarily UTF-8: anyone may name a
 * device {@code a\xff}. They are decoded losslessly: valid UTF-8 as text, each byte that is not
 * part of it as the lone surrogate {@code U+DC80 + (byte - 0x80)} ("surrogateescape"), so that two
 * different names never read as one, and {@link #encode} gives back the very bytes. A name with a
 * lone surrogate is never a valid name of a topology, so such a device is only ever someone else's.
 */
public final class KernelStrings {
  private KernelStrings() {}

  /** The text of {@code bytes}, lossless. */
  public static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isUnderflow()) {
        decoder.flush(out);
        break;
      }
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          out.put((char) (0xDC00 | (in.get() & 0xff)));
        }
      } else {
        try {
          r.throwException();
        } catch (CharacterCodingException e) {
          throw new IllegalStateException("cannot happen: output sized for the input", e);
        }
      }
    }
    out.flip();
    return out.toString();
  }

  /**
   * The bytes of {@code text}: UTF-8, and each lone surrogate of {@link #decode} its byte again.
   */
  public static byte[] encode(String text) {
    boolean escaped = false;
    for (int i = 0; i < text.length() && !escaped; i++) {
      escaped = isEscape(text, i);
    }
    if (!escaped) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() + 8);
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (isEscape(text, i)) {
        out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
        out.write(text.charAt(i) & 0xff);
        start = i + 1;
      }
    }
    out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** A lone low surrogate in U+DC80..U+DCFF: an escaped byte. */
  private static boolean isEscape(String text, int i) {
    char c = text.charAt(i);
    return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }
}
