package io.gallium.net.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** MAC addresses the in-memory host gives its devices: stable per name, locally administered. */
public final class Macs {
  private Macs() {}

  /**
   * {@code 02:xx:xx:xx:xx:xx} derived from the name, so a device recreated under its name gets it
   * back.
   */
  public static String derived(String name) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    long v = crc.getValue() ^ ((long) name.length() << 32);
    return String.format(
        "02:%02x:%02x:%02x:%02x:%02x",
        (v >> 32) & 0xff, (v >> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  }
}
