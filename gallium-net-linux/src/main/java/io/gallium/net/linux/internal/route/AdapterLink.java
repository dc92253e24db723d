package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.IFF_LOOPBACK;

/**
 * What a RTM_NEWLINK message tells of a device as an adapter: whether it sits on a bus, its
 * burnt-in address and largest MTU.
 *
 * @param index interface index
 * @param name device name
 * @param flags IFF_* flags
 * @param hasKind whether the message has an IFLA_INFO_KIND (a virtual device: veth, bond, ...)
 * @param permanentMac IFLA_PERM_ADDRESS as {@code aa:bb:cc:dd:ee:ff}, null when not reported (the
 *     kernel leaves it out for an all-zero address, as a veth has)
 * @param maxMtu IFLA_MAX_MTU, 0 when not reported
 * @param parentDevice IFLA_PARENT_DEV_NAME (e.g. the PCI address), null when none or not reported
 * @param parentBus IFLA_PARENT_DEV_BUS_NAME (e.g. {@code pci}), null when none or not reported
 */
public record AdapterLink(
    int index,
    String name,
    int flags,
    boolean hasKind,
    String permanentMac,
    int maxMtu,
    String parentDevice,
    String parentBus) {

  /** Whether this is a loopback device ({@code lo}). */
  public boolean isLoopback() {
    return (flags & IFF_LOOPBACK) != 0;
  }
}
