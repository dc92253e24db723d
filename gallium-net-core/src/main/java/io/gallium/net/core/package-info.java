/**
 * Owning a host's VM networking: {@link io.gallium.net.core.HostNetwork} plans a {@link
 * io.gallium.net.Topology} against what the host has and applies it all or nothing.
 *
 * <ul>
 *   <li>{@link io.gallium.net.core.HostState}, {@link io.gallium.net.core.Device}: the
 *       provider-neutral picture of a host's devices;
 *   <li>{@link io.gallium.net.core.Change}, {@link io.gallium.net.core.Plan}, {@link
 *       io.gallium.net.core.Planner}: explicit operations, in dependency stages, each with its
 *       undo;
 *   <li>{@link io.gallium.net.core.Driver}, {@link io.gallium.net.core.ChangeOutcome}, {@link
 *       io.gallium.net.core.StateStore}: the SPI a provider (Linux) implements;
 *   <li>{@link io.gallium.net.core.InMemoryHost}: a driver that behaves like the kernel, with fault
 *       injection, for tests.
 * </ul>
 */
package io.gallium.net.core;
