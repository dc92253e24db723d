package io.gallium.net.core;

import io.gallium.net.Topology;

/**
 * The topologies of the host-interface tests: an adapter group "uplink" of eth0 and eth1 carrying a
 * network "mgmt", untagged or on VLAN 100, for the host's own interface to sit on.
 */
final class MgmtTopologies {

  private MgmtTopologies() {}

  /** The group and its "mgmt" network, untagged or on VLAN 100, with nothing on it yet. */
  static Topology.Builder mgmt(boolean vlan) {
    Topology.Builder b = Topology.builder().adapterGroup("uplink", "eth0", "eth1");
    return vlan ? b.vlanNetwork("mgmt", "uplink", 100) : b.untaggedNetwork("mgmt", "uplink");
  }

  /** The group and its untagged "mgmt" network: the bridge itself is the host interface. */
  static Topology.Builder untaggedMgmt() {
    return mgmt(false);
  }

  /** The group and "mgmt" on VLAN 100: a VLAN device on the bridge is the host interface. */
  static Topology.Builder vlan100Mgmt() {
    return mgmt(true);
  }

  /** The host-interface issue's example: 192.0.2.10/24 on untagged "mgmt", gateway 192.0.2.1. */
  static Topology untaggedWithGateway() {
    return untaggedMgmt()
        .hostInterface("mgmt", "192.0.2.10/24")
        .defaultGateway("192.0.2.1")
        .build();
  }
}
