package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.ALTIFNAMSIZ;
import static io.gallium.net.linux.internal.Kernel.IFLA_ALT_IFNAME;
import static io.gallium.net.linux.internal.Kernel.IFLA_IFNAME;
import static io.gallium.net.linux.internal.Kernel.IFNAMSIZ;

import io.gallium.net.linux.internal.netlink.MessageWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Which device a request is about: by index when known (as iproute2 sends it: ifi_index set, no
 * name), else by name (ifi_index 0 and IFLA_IFNAME, which the kernel resolves; a name longer than a
 * kernel name can only be an alternative name and goes in IFLA_ALT_IFNAME). The name is always
 * kept, for error messages.
 *
 * @param name the device name (at most 15 bytes) or alternative name (at most 127)
 * @param index the interface index, or 0 to address the device by name
 */
public record LinkRef(String name, int index) {
  public LinkRef {
    Objects.requireNonNull(name, "name");
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes >= ALTIFNAMSIZ) {
      throw new IllegalArgumentException(
          "device name '" + name + "' must be 1.." + (ALTIFNAMSIZ - 1) + " bytes");
    }
    if (index < 0) {
      throw new IllegalArgumentException("interface index of " + name + " is negative: " + index);
    }
  }

  /** Checks that {@code name} can be a kernel device name (1..15 bytes), for new devices. */
  public static void requireKernelName(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0
        || bytes >= IFNAMSIZ
        || name.contains("/")
        || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "device name '"
              + name
              + "' must be 1.."
              + (IFNAMSIZ - 1)
              + " bytes without '/' or white space");
    }
  }

  /** A device addressed by name. */
  public static LinkRef named(String name) {
    return new LinkRef(name, 0);
  }

  /** A device addressed by index; the name is for messages. */
  public static LinkRef indexed(String name, int index) {
    if (index <= 0) {
      throw new IllegalArgumentException(
          "interface index of " + name + " must be positive, not " + index);
    }
    return new LinkRef(name, index);
  }

  /** The index to put in ifi_index (0 when addressed by name). */
  int headerIndex() {
    return index;
  }

  /** Writes IFLA_IFNAME when the device is addressed by name. */
  void writeName(MessageWriter out) {
    if (index == 0) {
      boolean kernelName = name.getBytes(StandardCharsets.UTF_8).length < IFNAMSIZ;
      out.attributeString(kernelName ? IFLA_IFNAME : IFLA_ALT_IFNAME, name);
    }
  }
}
