package io.gallium.net.linux.internal.ethtool;

import static io.gallium.net.linux.internal.Kernel.*;

import java.nio.ByteBuffer;

/**
 * A link's speed and duplex, from struct ethtool_link_settings (ETHTOOL_GLINKSETTINGS, kernel >=
 * 4.6) or the legacy struct ethtool_cmd (ETHTOOL_GSET).
 *
 * @param speedMbps the speed in Mbit/s, -1 when the driver does not know it (e.g. without carrier)
 * @param duplex DUPLEX_HALF, DUPLEX_FULL, or another value (DUPLEX_UNKNOWN) when not known
 */
public record EthtoolLinkSettings(int speedMbps, int duplex) {

  /**
   * Writes an ETHTOOL_GLINKSETTINGS request for {@code nwords} words per link-mode bitmap: 0 for
   * the handshake, in which the kernel answers with the number it wants, negated.
   */
  static void writeRequest(ByteBuffer command, int nwords) {
    EthtoolDrvInfo.clear(command, ETHTOOL_LINK_SETTINGS_SIZE + 3 * 4 * Math.max(0, nwords));
    command.putInt(0, ETHTOOL_GLINKSETTINGS);
    command.put(ETHTOOL_LINK_SETTINGS_NWORDS_OFFSET, (byte) nwords);
  }

  /** The words per bitmap the kernel answered the handshake with (its value negated). */
  static int nwordsWanted(ByteBuffer command) {
    return -command.get(ETHTOOL_LINK_SETTINGS_NWORDS_OFFSET);
  }

  /** Reads an answer to ETHTOOL_GLINKSETTINGS. */
  static EthtoolLinkSettings read(ByteBuffer command) {
    return new EthtoolLinkSettings(
        command.getInt(ETHTOOL_LINK_SETTINGS_SPEED_OFFSET),
        Byte.toUnsignedInt(command.get(ETHTOOL_LINK_SETTINGS_DUPLEX_OFFSET)));
  }

  /** Writes a legacy ETHTOOL_GSET request. */
  static void writeLegacyRequest(ByteBuffer command) {
    EthtoolDrvInfo.clear(command, ETHTOOL_CMD_SIZE);
    command.putInt(0, ETHTOOL_GSET);
  }

  /** Reads an answer to ETHTOOL_GSET: the speed is split into two u16 halves. */
  static EthtoolLinkSettings readLegacy(ByteBuffer command) {
    int speed =
        Short.toUnsignedInt(command.getShort(ETHTOOL_CMD_SPEED_OFFSET))
            | Short.toUnsignedInt(command.getShort(ETHTOOL_CMD_SPEED_HI_OFFSET)) << 16;
    return new EthtoolLinkSettings(
        speed, Byte.toUnsignedInt(command.get(ETHTOOL_CMD_DUPLEX_OFFSET)));
  }

  /** Whether the speed is known (neither SPEED_UNKNOWN nor 0). */
  public boolean speedKnown() {
    return speedMbps != SPEED_UNKNOWN && speedMbps > 0;
  }
}
