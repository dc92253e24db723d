package io.gallium.net.core.internal;

/**
 * How a device's name becomes part of a store key ({@code port.<name>}, {@code expect.<name>},
 * {@code hostif.<name>}): one escaping for every per-device record, so that any kernel name is a
 * safe file name and the name can be read back from the key.
 */
final class DeviceKeys {

  private DeviceKeys() {}

  /**
   * {@code a-z 0-9 -} as they are, every other UTF-16 code unit as {@code .} and four hex digits:
   * lossless for any string, a lone surrogate (a name byte that is not UTF-8) included, which
   * URL-encoding is not.
   */
  static String escape(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        sb.append(c);
      } else {
        sb.append('.').append(String.format("%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /** The inverse of {@link #escape}. */
  static String unescape(String escaped) {
    StringBuilder sb = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '.') {
        sb.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
        i += 4;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
