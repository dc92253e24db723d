package io.gallium.net.linux.internal.ethtool;

import static io.gallium.net.linux.internal.Kernel.*;

import io.gallium.net.linux.internal.libc.LibC;
import io.gallium.net.linux.internal.libc.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The ethtool queries gallium-net needs (driver info, link settings), as the SIOCETHTOOL ioctl on a
 * socket of the namespace the devices are in: the kernel resolves the name in that socket's
 * namespace, so no {@code ethtool} process and no {@code /sys/class/net} (which shows the namespace
 * sysfs was mounted in). Not thread-safe: its owner serializes calls.
 */
public final class EthtoolQuery {
  /** Room for struct ethtool_link_settings with the largest bitmaps (127 words each). */
  private static final int COMMAND_CAPACITY = ETHTOOL_LINK_SETTINGS_SIZE + 3 * 4 * 127;

  private final int fd;
  private final ByteBuffer ifreq = NativeMemory.allocate(IFREQ_SIZE);
  private final ByteBuffer command = NativeMemory.allocate(COMMAND_CAPACITY);
  private final long ifreqAddress = NativeMemory.address(ifreq);

  /**
   * Queries through the socket {@code fd}, which must stay open while this is used.
   *
   * @param fd a socket in the devices' namespace
   */
  public EthtoolQuery(int fd) {
    this.fd = fd;
    ifreq.putLong(IFREQ_DATA_OFFSET, NativeMemory.address(command));
  }

  /**
   * The driver and bus address of device {@code name}; empty when the device has no driver info
   * (EOPNOTSUPP) or is gone.
   *
   * @param name the device's kernel name
   * @return its driver info
   */
  public Optional<EthtoolDrvInfo> driverInfo(String name) {
    EthtoolDrvInfo.writeRequest(command);
    return call(name) ? Optional.of(EthtoolDrvInfo.read(command)) : Optional.empty();
  }

  /**
   * The speed and duplex of device {@code name}, by ETHTOOL_GLINKSETTINGS (its handshake, then the
   * query) or, where the driver has only the legacy call, ETHTOOL_GSET; empty when it reports
   * neither or is gone.
   *
   * @param name the device's kernel name
   * @return its link settings
   */
  public Optional<EthtoolLinkSettings> linkSettings(String name) {
    EthtoolLinkSettings.writeRequest(command, 0);
    if (call(name)) {
      int nwords = EthtoolLinkSettings.nwordsWanted(command);
      if (nwords > 0) {
        EthtoolLinkSettings.writeRequest(command, nwords);
        if (call(name)) {
          return Optional.of(EthtoolLinkSettings.read(command));
        }
      }
      return Optional.empty();
    }
    EthtoolLinkSettings.writeLegacyRequest(command);
    return call(name) ? Optional.of(EthtoolLinkSettings.readLegacy(command)) : Optional.empty();
  }

  /**
   * One SIOCETHTOOL on {@code name}; whether it succeeded. Every failure means "not reported":
   * EOPNOTSUPP (the driver lacks the query), ENODEV (the device went away since the dump), a name
   * too long to be a kernel name.
   */
  private boolean call(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= IFNAMSIZ) {
      return false;
    }
    for (int i = 0; i < IFNAMSIZ; i++) {
      ifreq.put(IFREQ_NAME_OFFSET + i, i < bytes.length ? bytes[i] : 0);
    }
    return LibC.ioctl(fd, SIOCETHTOOL, ifreqAddress) == 0;
  }
}
