package io.gallium.net.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The naming rules shared by the model and the providers: Linux interface names and the names of
 * our own entities (adapter groups, networks).
 */
public final class Names {
  /** The kernel's IFNAMSIZ less the terminating NUL. */
  public static final int MAX_INTERFACE_NAME_BYTES = 15;

  /** The longest name of an adapter group or a network. */
  public static final int MAX_ENTITY_NAME_LENGTH = 64;

  /** What an interface name may be, worded for error messages. */
  public static final String INTERFACE_NAME_RULE =
      "a Linux interface name is 1..15 bytes of UTF-8 without '/', ':', whitespace (the kernel"
          + " counts byte 0xA0 as one) or control characters, and is not '.' or '..'";

  /** What an entity name may be, worded for error messages. */
  public static final String ENTITY_NAME_RULE =
      "use 1..64 characters of A-Z a-z 0-9 '.' '_' '-', starting with a letter or digit";

  private static final Pattern ENTITY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Names() {}

  /**
   * Whether {@code name} is a name the Linux kernel accepts for a network interface (its {@code
   * dev_valid_name}, which tests each byte with the kernel's Latin-1 {@code isspace}), and which
   * this library can write and read back unchanged: well-formed UTF-16 (an unpaired surrogate would
   * be sent as '?') without control characters.
   */
  public static boolean isInterfaceName(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return false;
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
      return false;
    }
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_INTERFACE_NAME_BYTES) {
      return false;
    }
    for (byte b : bytes) {
      if (b == '/' || b == ':' || isKernelSpace(b & 0xff)) {
        return false;
      }
    }
    return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  /** The kernel's {@code isspace} (lib/ctype.c): tab to carriage return, space, and 0xA0. */
  private static boolean isKernelSpace(int b) {
    return (b >= 0x09 && b <= 0x0d) || b == 0x20 || b == 0xa0;
  }

  /** Whether {@code name} is a valid name for an adapter group or a network. */
  public static boolean isEntityName(String name) {
    return ENTITY_NAME.matcher(name).matches();
  }

  /**
   * {@code name} in single quotes, with control characters escaped so messages stay on one line.
   */
  public static String quote(String name) {
    StringBuilder out = new StringBuilder(name.length() + 2).append('\'');
    name.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('\'').toString();
  }
}
