package io.gallium.net.linux.internal.route;

import java.net.InetAddress;

/**
 * One address of a device, from a RTM_GETADDR dump.
 *
 * @param index        the device's interface index
 * @param family       AF_INET or AF_INET6
 * @param prefixLength the prefix length
 * @param address      the address (IFA_LOCAL when present, else IFA_ADDRESS)
 */
public record AddressMessage(int index, int family, int prefixLength, InetAddress address) {
}
