package io.gallium.net.linux.internal.netlink;

import java.util.OptionalLong;

/**
 * Which network namespace a socket is in, as the kernel identifies it: the inode and device of its
 * nsfs file (what {@code stat -L /proc/self/ns/net} shows; an inode can be given to a new namespace
 * once the old one is gone), and, on kernels from 5.14, its cookie ({@code SO_NETNS_COOKIE}), a
 * number the kernel never gives another namespace until it reboots.
 *
 * @param inode the nsfs inode
 * @param device the nsfs device
 * @param cookie the namespace cookie, where the kernel gives one
 */
public record NamespaceIdentity(long inode, long device, OptionalLong cookie) {

  /** E.g. {@code network namespace net:[4026532285] (nsfs device 4, cookie 7)}. */
  @Override
  public String toString() {
    return "network namespace net:["
        + Long.toUnsignedString(inode)
        + "] (nsfs device "
        + Long.toUnsignedString(device)
        + (cookie.isPresent() ? ", cookie " + Long.toUnsignedString(cookie.getAsLong()) : "")
        + ")";
  }
}
