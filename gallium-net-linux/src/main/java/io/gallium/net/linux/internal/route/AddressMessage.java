package io.gallium.net.linux.internal.route;

import java.net.InetAddress;

/**
 * One address of a device, from a RTM_GETADDR dump.
 *
 * @param index the device's interface index
 * @param family AF_INET or AF_INET6
 * @param prefixLength the prefix length
 * @param scope RT_SCOPE_* (0 universe, 253 link, 254 host)
 * @param address the address (IFA_LOCAL when present, else IFA_ADDRESS)
 */
public record AddressMessage(
    int index, int family, int prefixLength, int scope, InetAddress address) {
  /**
   * Link-local (fe80::/10, 169.254/16) or host-only (127/8, ::1): says nothing about how a host is
   * reached.
   */
  public boolean isLinkOrHostScope() {
    return scope >= io.gallium.net.linux.internal.Kernel.RT_SCOPE_LINK;
  }
}
