package io.gallium.net.linux.internal.ethtool;

import static io.gallium.net.linux.internal.Kernel.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * struct ethtool_drvinfo, the answer to ETHTOOL_GDRVINFO ({@code ethtool -i}): the driver's name
 * and the device's bus address.
 *
 * @param driver the driver's name, e.g. {@code ixgbe}, {@code veth}; empty when not reported
 * @param busInfo the bus address, e.g. {@code 0000:3b:00.0}; empty for a device on no bus
 */
public record EthtoolDrvInfo(String driver, String busInfo) {

  /** Writes the request: the command, the rest zero. */
  static void writeRequest(ByteBuffer command) {
    clear(command, ETHTOOL_DRVINFO_SIZE);
    command.putInt(0, ETHTOOL_GDRVINFO);
  }

  /** Reads the kernel's answer. */
  static EthtoolDrvInfo read(ByteBuffer command) {
    return new EthtoolDrvInfo(
        cString(command, ETHTOOL_DRVINFO_DRIVER_OFFSET, ETHTOOL_DRVINFO_DRIVER_LEN),
        cString(command, ETHTOOL_DRVINFO_BUS_INFO_OFFSET, ETHTOOL_BUSINFO_LEN));
  }

  /** Zeroes the first {@code size} bytes. */
  static void clear(ByteBuffer buffer, int size) {
    for (int i = 0; i < size; i++) {
      buffer.put(i, (byte) 0);
    }
  }

  /** A NUL-terminated string of at most {@code length} bytes at {@code offset}. */
  static String cString(ByteBuffer buffer, int offset, int length) {
    int end = 0;
    while (end < length && buffer.get(offset + end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end];
    buffer.get(offset, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
