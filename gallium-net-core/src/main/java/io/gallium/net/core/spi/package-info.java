/**
 * What a driver implements and sees: {@link io.gallium.net.core.spi.Driver} observes a host as a
 * provider-neutral {@link io.gallium.net.core.spi.HostState} of {@link
 * io.gallium.net.core.spi.Device}s and executes explicit {@link io.gallium.net.core.spi.Change}s,
 * reporting each one's {@link io.gallium.net.core.spi.ChangeOutcome}; a {@link
 * io.gallium.net.core.spi.StateStore} keeps the journal, the catalog and the host's lock.
 *
 * <p>A product needs this package only to write a driver of its own, or to read the changes of a
 * {@link io.gallium.net.core.Plan}.
 */
package io.gallium.net.core.spi;
