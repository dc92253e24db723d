package io.gallium.net.core;

/** What a device is, as far as gallium-net cares. */
public enum DeviceKind {
  /** A physical adapter (NIC), or any device the host provides that is neither a bond nor a bridge nor a port. */
  ADAPTER,
  /** A bond (Linux {@code bonding}); gallium-net creates its own in mode active-backup. */
  BOND,
  /** A bridge; gallium-net creates its own with VLAN filtering on and default PVID 0. */
  BRIDGE,
  /** A port device made by someone else for a VM, such as a tap or one end of a veth pair. */
  PORT
}
