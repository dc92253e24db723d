/**
 * gallium-net on Linux: {@link io.gallium.net.linux.LinuxHost}, the core's {@link
 * io.gallium.net.core.spi.Driver} that talks rtnetlink to the kernel through JNA (no {@code ip}
 * process, no shell), bound to one network namespace; and {@link
 * io.gallium.net.linux.NetlinkException}, a request the kernel refused, with its errno and the
 * kernel's own explanation.
 */
package io.gallium.net.linux;
