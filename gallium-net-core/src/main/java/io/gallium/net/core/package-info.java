/**
 * What a product calls to own a host's VM networking: {@link io.gallium.net.core.HostNetwork} plans
 * a {@link io.gallium.net.Topology} against what the host has and applies it all or nothing; its
 * results ({@link io.gallium.net.core.ApplyResult}, {@link io.gallium.net.core.Plan}, {@link
 * io.gallium.net.core.PendingApply}), status, events and exceptions live here too.
 *
 * <p>A driver (the Linux one, or {@link io.gallium.net.core.testing.InMemoryHost} in tests) is
 * chosen once, when the {@code HostNetwork} is built; what a driver implements is in {@link
 * io.gallium.net.core.spi}.
 */
package io.gallium.net.core;
