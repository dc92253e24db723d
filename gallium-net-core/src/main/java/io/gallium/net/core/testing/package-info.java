/**
 * For a product's tests: {@link io.gallium.net.core.testing.InMemoryHost}, a driver that keeps its
 * devices in memory, follows the kernel's rules and side effects, and injects faults and crashes at
 * any request.
 */
package io.gallium.net.core.testing;
