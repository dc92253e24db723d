package io.gallium.net.linux.internal.route;

import io.gallium.net.core.Counters;

/**
 * One device's IFLA_STATS64, the counters gallium-net reports.
 *
 * @param name device name
 * @param counters its counters; {@link Counters#ZERO} when the kernel sent none
 */
public record LinkStats(String name, Counters counters) {}
