package io.gallium.net.examples;

import io.gallium.net.AdapterGroup;
import io.gallium.net.Network;
import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.GroupStatus;
import io.gallium.net.core.spi.HostState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Human-readable text for the examples' output: topologies, devices, and status. */
public final class Descriptions {

  private Descriptions() {}

  /**
   * One line per group, network and VM port, e.g. {@code network prod: VLAN 100 on group uplink}.
   */
  public static List<String> topology(Topology t) {
    List<String> lines = new ArrayList<>();
    if (t.adapterGroups().isEmpty()) {
      lines.add("(nothing: no adapter group, no network, no VM port)");
    }
    for (AdapterGroup g : t.adapterGroups()) {
      lines.add(
          "adapter group "
              + g.name()
              + ": "
              + g.active()
              + " (active)"
              + g.standby().map(s -> ", " + s + " (standby)").orElse(""));
    }
    for (Network n : t.networks()) {
      lines.add(
          "network "
              + n.name()
              + ": "
              + n.vlanId().map(v -> "VLAN " + v.value()).orElse("untagged")
              + " on group "
              + n.adapterGroup());
    }
    for (VmPort p : t.vmPorts()) {
      if (p.isTrunk()) {
        lines.add(
            "VM port "
                + p.name()
                + ": trunk of networks "
                + String.join(", ", p.taggedNetworks())
                + " (tagged)"
                + p.nativeNetwork().map(n -> ", native " + n).orElse(""));
      } else {
        lines.add("VM port " + p.name() + " on network " + p.network());
      }
    }
    return lines;
  }

  /** One line per device, sorted by name, as the driver observed them. */
  public static List<String> devices(HostState s) {
    return s.devices().values().stream().map(Object::toString).collect(Collectors.toList());
  }

  /** One line per group, e.g. {@code group uplink: active eth0; eth0 carrier, eth1 carrier}. */
  public static List<String> status(List<GroupStatus> groups) {
    return groups.stream()
        .map(
            g ->
                "group "
                    + g.group()
                    + ": active "
                    + g.activeAdapter().orElse("none")
                    + "; "
                    + g.adapters().stream()
                        .map(a -> a.name() + (a.carrier() ? " carrier" : " NO carrier"))
                        .collect(Collectors.joining(", ")))
        .collect(Collectors.toList());
  }
}
