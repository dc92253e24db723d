package io.gallium.net;

/** How an adapter group uses its adapters. */
public enum GroupMode {
  /** One adapter carries traffic, the other stands by (Linux bond mode {@code active-backup}). */
  ACTIVE_BACKUP,
  /** All adapters carry traffic, aggregated with the switch (Linux bond mode {@code 802.3ad}). */
  LACP
}
