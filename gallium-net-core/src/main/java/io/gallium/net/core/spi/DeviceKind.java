package io.gallium.net.core.spi;

import io.gallium.net.core.testing.InMemoryHost;

/**
 * What a device is, as far as gallium-net cares: what the device IS (on Linux, its link kind),
 * never the role a topology gives it. A veth end a test uses as a group's adapter stays a {@link
 * #PORT}, and a physical NIC stays an {@link #ADAPTER} whether a group uses it or not: a topology
 * may name a device of either kind as an adapter or as a VM port (only bonds and bridges are
 * refused there). Every driver follows this rule: {@code LinuxHost} by link kind (none, as a
 * physical NIC has → ADAPTER; {@code veth}, {@code tun} (taps) → PORT; {@code bond} → BOND; {@code
 * bridge} → BRIDGE; any other kind → ADAPTER), {@link InMemoryHost} by what it simulates ({@link
 * InMemoryHost#withAdapters} makes physical NICs, {@link InMemoryHost#addPort} taps).
 */
public enum DeviceKind {
  /**
   * A physical adapter (NIC), or any device the host provides that is neither a bond nor a bridge
   * nor a port; the kernel cannot delete a physical one.
   */
  ADAPTER,
  /** A bond (Linux {@code bonding}); gallium-net creates its own in mode active-backup. */
  BOND,
  /** A bridge; gallium-net creates its own with VLAN filtering on and default PVID 0. */
  BRIDGE,
  /**
   * A virtual port device made by someone else, such as a VM's tap or one end of a veth pair; still
   * a port when a topology uses it as a group's adapter (as tests and sandboxes do).
   */
  PORT,
  /**
   * An 802.1q VLAN device on a parent device ({@code ip link add link PARENT type vlan id N}):
   * gallium-net's host interface on a VLAN network, on its group's bridge.
   */
  VLAN
}
