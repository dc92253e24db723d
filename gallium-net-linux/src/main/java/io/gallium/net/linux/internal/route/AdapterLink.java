package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.IFF_LOOPBACK;

/**
 * What a RTM_NEWLINK message tells of a device as an adapter: whether it sits on a bus. Its
 * burnt-in address and largest MTU are read with the device itself ({@link LinkMessage}).
 *
 * @param index interface index
 * @param name device name
 * @param flags IFF_* flags
 * @param hasKind whether the message has an IFLA_INFO_KIND (a virtual device: veth, bond, ...)
 * @param parentDevice IFLA_PARENT_DEV_NAME (e.g. the PCI address), null when none or not reported
 * @param parentBus IFLA_PARENT_DEV_BUS_NAME (e.g. {@code pci}), null when none or not reported
 */
public record AdapterLink(
    int index, String name, int flags, boolean hasKind, String parentDevice, String parentBus) {

  /** Whether this is a loopback device ({@code lo}). */
  public boolean isLoopback() {
    return (flags & IFF_LOOPBACK) != 0;
  }
}
