package io.gallium.net.linux.internal.route;

/**
 * What a VLAN device reports: its parent (IFLA_LINK) and, in IFLA_INFO_DATA, its VLAN ID
 * (IFLA_VLAN_ID).
 *
 * @param parentIndex the parent's interface index, 0 when not reported
 * @param vlanId the VLAN ID, -1 when not reported
 */
public record VlanInfo(int parentIndex, int vlanId) {}
