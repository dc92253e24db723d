package io.gallium.net.linux.internal.route;

/**
 * What a bridge reports in IFLA_INFO_DATA (if_link.h IFLA_BR_*).
 *
 * @param vlanFiltering whether the bridge is VLAN-aware
 * @param defaultPvid the PVID given to new ports (0: none), -1 when not reported
 */
public record BridgeInfo(boolean vlanFiltering, int defaultPvid) {}
