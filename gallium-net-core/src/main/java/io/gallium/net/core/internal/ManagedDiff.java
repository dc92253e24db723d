package io.gallium.net.core.internal;

import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares two host states in what gallium-net sets: which devices exist and their kind, alias,
 * alternative names, master, up/down, MTU, bridge VLANs, a bond's mode, link monitoring (miimon,
 * ARP), up/down delays, primary reselection, transmit hash, LACP rate and primary, a bridge's VLAN
 * filtering and default PVID (without them, a bond no longer fails over and a bridge forwards
 * between VLANs); on the host's interfaces (bridges and VLAN devices) their addresses, routes, MAC
 * and VLAN link too. Carrier, other devices' MACs and addresses, and the active adapter are
 * observed, never set, so they are not compared.
 */
public final class ManagedDiff {
  private ManagedDiff() {}

  /** Each difference as a readable line naming the device; empty when the states agree. */
  public static List<String> between(HostState actual, HostState expected) {
    List<String> out = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(actual.devices().keySet());
    names.addAll(expected.devices().keySet());
    for (String n : names) {
      Optional<Device> a = actual.device(n);
      Optional<Device> e = expected.device(n);
      if (a.isEmpty()) {
        out.add(n + ": missing");
      } else if (e.isEmpty()) {
        out.add(n + ": unexpected " + a.get().kind().name().toLowerCase(java.util.Locale.ROOT));
      } else if (!a.get().equals(e.get())) {
        // Equal devices have no difference; most are equal, and comparing fields one by one is not
        // free.
        out.addAll(device(a.get(), e.get()));
      }
    }
    return out;
  }

  /** The differences of one device, each a readable line. */
  public static List<String> device(Device a, Device e) {
    List<String> lines = new ArrayList<>();
    for (NetworkEvent.Drift.Difference d : fields(a, e)) {
      lines.add(a.name() + ": " + d.field() + " is " + d.found() + ", expected " + d.expected());
    }
    return lines;
  }

  /**
   * The differences of one device, each as the field, what gallium-net set and what the device has
   * now, e.g. {@code master gv-uplink -> none}.
   */
  public static List<NetworkEvent.Drift.Difference> fields(Device a, Device e) {
    List<NetworkEvent.Drift.Difference> out = new ArrayList<>();
    String n = a.name();
    diff(out, n, "kind", a.kind(), e.kind());
    diff(out, n, "alias", a.alias().orElse("none"), e.alias().orElse("none"));
    diff(out, n, "alternative names", a.altNames(), e.altNames());
    diff(out, n, "master", a.master().orElse("none"), e.master().orElse("none"));
    diff(out, n, "state", a.up() ? "up" : "down", e.up() ? "up" : "down");
    diff(out, n, "mtu", a.mtu(), e.mtu());
    if (e.master().isPresent() || e.isBridge()) {
      diff(out, n, "vlans", a.vlans(), e.vlans());
    }
    if (e.isBridge() || e.isVlan()) {
      // The host's interfaces: their addresses and fixed MAC are ours to set.
      diff(out, n, "addresses", a.addresses(), e.addresses());
      diff(out, n, "routes", a.routes(), e.routes());
      // A bridge's MAC is ours only where it is a host interface (it carries VLANs on its own
      // port then): any other bridge takes the lowest of its ports' MACs as ports come and go,
      // which is the kernel's doing, neither drift nor a failed verification.
      if (e.mac().isPresent() && (e.isVlan() || !e.vlans().isEmpty())) {
        diff(out, n, "mac", a.mac().orElse("none"), e.mac().get());
      }
      diff(out, n, "vlan link", a.vlanLink(), e.vlanLink());
    }
    if (e.isBond() && a.isBond()) {
      BondSettings ab = a.bond().get();
      BondSettings eb = e.bond().get();
      diff(out, n, "bond mode", ab.mode(), eb.mode());
      diff(out, n, "bond miimon", ab.miimonMillis(), eb.miimonMillis());
      diff(out, n, "bond updelay", ab.updelayMillis(), eb.updelayMillis());
      diff(out, n, "bond downdelay", ab.downdelayMillis(), eb.downdelayMillis());
      diff(out, n, "bond primary_reselect", ab.primaryReselect(), eb.primaryReselect());
      diff(out, n, "bond arp_interval", ab.arpIntervalMillis(), eb.arpIntervalMillis());
      diff(out, n, "bond arp_ip_target", ab.arpTargets(), eb.arpTargets());
      diff(out, n, "bond xmit_hash_policy", ab.xmitHashPolicy(), eb.xmitHashPolicy());
      diff(out, n, "bond lacp_rate", ab.lacpRate(), eb.lacpRate());
      diff(
          out,
          n,
          "primary",
          a.bond().flatMap(BondSettings::primary).orElse("none"),
          e.bond().flatMap(BondSettings::primary).orElse("none"));
    }
    if (e.isBridge() && a.isBridge()) {
      BridgeSettings ab = a.bridge().get();
      BridgeSettings eb = e.bridge().get();
      diff(out, n, "bridge vlan_filtering", flag(ab.vlanFiltering()), flag(eb.vlanFiltering()));
      diff(out, n, "bridge default_pvid", ab.defaultPvid(), eb.defaultPvid());
    }
    return out;
  }

  private static int flag(boolean on) {
    return on ? 1 : 0;
  }

  private static void diff(
      List<NetworkEvent.Drift.Difference> out,
      String device,
      String what,
      Object actual,
      Object expected) {
    if (!Objects.equals(actual, expected)) {
      out.add(
          new NetworkEvent.Drift.Difference(
              what, String.valueOf(expected), String.valueOf(actual)));
    }
  }
}
