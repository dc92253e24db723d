package io.gallium.net.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A bond's settings and what it is doing now.
 *
 * @param mode the kernel's name of the bonding mode, e.g. {@value #ACTIVE_BACKUP}
 * @param miimonMillis the link monitoring interval in milliseconds (0 = off)
 * @param primary the primary slave, if one is set and enslaved
 * @param activeAdapter the slave carrying traffic now, if any (observed, never planned)
 */
public record BondSettings(
    String mode, int miimonMillis, Optional<String> primary, Optional<String> activeAdapter) {

  /** The only mode gallium-net creates. */
  public static final String ACTIVE_BACKUP = "active-backup";

  public BondSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(activeAdapter, "activeAdapter");
  }

  /** An active-backup bond with the given link monitoring interval, no primary, nothing active. */
  public static BondSettings activeBackup(int miimonMillis) {
    return new BondSettings(ACTIVE_BACKUP, miimonMillis, Optional.empty(), Optional.empty());
  }

  /** A copy with another primary. */
  public BondSettings withPrimary(Optional<String> newPrimary) {
    return new BondSettings(mode, miimonMillis, newPrimary, activeAdapter);
  }

  /** A copy with another active adapter. */
  public BondSettings withActiveAdapter(Optional<String> newActive) {
    return new BondSettings(mode, miimonMillis, primary, newActive);
  }
}
