package io.gallium.net.core.internal;

import static io.gallium.net.internal.Names.quote;

import io.gallium.net.AdapterGroup;
import io.gallium.net.Network;
import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.Refusal;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a {@link Topology} maps to devices, both ways. Each adapter group is a bond (active-backup,
 * the first adapter primary) enslaved to a VLAN-aware bridge; a VLAN network is its VID, tagged, on
 * the bond's bridge port, the untagged network VID 1 as PVID and untagged there; a VM port is a
 * port of its group's bridge with its network's VID as PVID and untagged. Names and tags come from
 * {@link DeviceNames}; network names from the {@link Catalog}.
 */
public final class Layout {

  /** The link monitoring interval of our bonds. */
  public static final int MIIMON_MILLIS = 100;

  /** The bridge VID of a group's untagged network. */
  public static final int UNTAGGED_VID = 1;

  /** The VM ports one adapter group takes: its bridge's ports less the bond. */
  public static final int MAX_VM_PORTS_PER_GROUP = KernelRules.MAX_BRIDGE_PORTS - 1;

  private Layout() {}

  /**
   * The desired state and catalog for a topology.
   *
   * @param desired the whole host as it should be, unowned devices exactly as observed
   * @param catalog the catalog that goes with it
   */
  public record Result(HostState desired, Catalog catalog) {}

  /**
   * The state the host must have for {@code topology}, given what it has.
   *
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @throws RefusedTopologyException with every reason the host cannot take it
   */
  public static Result desired(
      Topology topology, HostState observed, Catalog catalog, Set<String> allowAddresses) {
    List<Refusal> refusals = new ArrayList<>();
    Map<String, Device> out = new TreeMap<>(observed.devices());
    TreeMap<String, String> networks = new TreeMap<>();
    TreeMap<String, Catalog.AdapterOrigin> origins = new TreeMap<>(catalog.adapters());

    // Ours that go: bonds and bridges of groups no longer wanted; their ports are released.
    for (Device d : observed.devices().values()) {
      Optional<String> group = groupOf(d);
      if (group.isPresent() && topology.adapterGroup(group.get()).isEmpty()) {
        out.remove(d.name());
      }
    }
    for (Device d : observed.devices().values()) {
      Optional<Device> master = d.master().flatMap(observed::device);
      if (master.isEmpty() || groupOf(master.get()).isEmpty() || isOurs(d)) {
        continue;
      }
      if (master.get().isBond()) {
        Catalog.AdapterOrigin o = origins.get(d.name());
        out.put(
            d.name(),
            d.toBuilder()
                .master((String) null)
                .vlans(List.of())
                .up(o == null || o.up())
                .mtu(o == null ? d.mtu() : o.mtu())
                .build());
      } else {
        out.put(d.name(), d.toBuilder().master((String) null).vlans(List.of()).build());
      }
    }

    Map<String, String> ourNames = new HashMap<>();
    for (AdapterGroup g : topology.adapterGroups()) {
      String bond = DeviceNames.bond(g.name());
      String bridge = DeviceNames.bridge(g.name());
      checkName(
          refusals,
          observed,
          ourNames,
          g.name(),
          bond,
          DeviceNames.bondTag(g.name()),
          "device name");
      checkName(
          refusals,
          observed,
          ourNames,
          g.name(),
          bridge,
          DeviceNames.bridgeTag(g.name()),
          "device name");
      checkName(
          refusals,
          observed,
          ourNames,
          g.name(),
          g.name(),
          DeviceNames.bridgeTag(g.name()),
          "alternative name");
      for (String a : g.adapters()) {
        checkAdapter(refusals, observed, g, a, allowAddresses);
      }
    }
    for (VmPort p : topology.vmPorts()) {
      checkPort(refusals, observed, p);
    }
    checkPortsPerGroup(refusals, topology);
    if (!refusals.isEmpty()) {
      throw new RefusedTopologyException(refusals);
    }

    for (AdapterGroup g : topology.adapterGroups()) {
      String bondName = DeviceNames.bond(g.name());
      String bridgeName = DeviceNames.bridge(g.name());
      Optional<Device> oldBond = observed.device(bondName);
      Optional<Device> oldBridge = observed.device(bridgeName);
      int mtu =
          oldBond.map(Device::mtu).orElseGet(() -> originalMtu(observed, origins, g.active()));
      List<VlanRange> trunk = new ArrayList<>();
      for (Network n : topology.networksOf(g.name())) {
        int vid = vid(n);
        trunk.add(n.isUntagged() ? VlanRange.access(vid) : VlanRange.tagged(vid, vid));
        networks.put(Catalog.networkKey(g.name(), vid), n.name());
      }
      BondSettings settings =
          oldBond
              .flatMap(Device::bond)
              .orElse(BondSettings.activeBackup(MIIMON_MILLIS))
              .withPrimary(Optional.of(g.active()));
      out.put(
          bondName,
          oldBond
              .map(Device::toBuilder)
              .orElse(Device.builder(bondName, DeviceKind.BOND).mtu(mtu))
              .alias(DeviceNames.bondTag(g.name()))
              .altNames(List.of())
              .master(bridgeName)
              .up(true)
              .bond(settings)
              .vlans(trunk)
              .build());
      out.put(
          bridgeName,
          oldBridge
              .map(Device::toBuilder)
              .orElse(Device.builder(bridgeName, DeviceKind.BRIDGE).mtu(mtu))
              .alias(DeviceNames.bridgeTag(g.name()))
              .altNames(List.of(g.name()))
              .master((String) null)
              .up(true)
              .bridge(oldBridge.flatMap(Device::bridge).orElse(BridgeSettings.vlanAware()))
              .vlans(List.of())
              .build());
      for (String a : g.adapters()) {
        Device ad = observed.device(a).get();
        boolean ours =
            ad.master().flatMap(observed::device).flatMap(Layout::groupOf).isPresent()
                && ad.master().flatMap(observed::device).get().isBond();
        if (!ours || !origins.containsKey(a)) {
          origins.put(a, new Catalog.AdapterOrigin(ad.up(), ad.mtu()));
        }
        out.put(a, ad.toBuilder().master(bondName).up(true).mtu(mtu).vlans(List.of()).build());
      }
    }
    for (VmPort p : topology.vmPorts()) {
      Network n = topology.network(p.network()).get();
      Device d = observed.device(p.name()).get();
      out.put(
          p.name(),
          d.toBuilder()
              .master(DeviceNames.bridge(n.adapterGroup()))
              .vlans(List.of(VlanRange.access(vid(n))))
              .up(true)
              .build());
    }
    Set<String> taken = new java.util.HashSet<>();
    topology.adapterGroups().forEach(g -> taken.addAll(g.adapters()));
    origins.keySet().retainAll(taken);
    return new Result(HostState.of(out.values()), new Catalog(networks, origins));
  }

  /**
   * The topology a host carries, read from our devices' owner tags and the catalog. A group whose
   * bond has no adapter, and a VM port whose VID no network of its group carries, are left out
   * (only a half-done apply leaves such things).
   *
   * @throws IllegalStateException if what the host carries is not a valid topology
   */
  public static Topology observe(HostState s, Catalog catalog) {
    Topology.Builder b = Topology.builder();
    for (Device bridge : s.devices().values()) {
      Optional<String> group =
          DeviceNames.groupOfBridge(bridge.alias()).filter(g -> bridge.isBridge());
      if (group.isEmpty()) {
        continue;
      }
      String g = group.get();
      Optional<Device> bond =
          s.portsOf(bridge.name()).stream()
              .filter(
                  p ->
                      p.isBond()
                          && DeviceNames.groupOfBond(p.alias()).filter(g::equals).isPresent())
              .findFirst();
      if (bond.isEmpty()) {
        continue;
      }
      List<String> adapters = new ArrayList<>();
      Optional<String> primary = bond.get().bond().flatMap(BondSettings::primary);
      primary.ifPresent(adapters::add);
      s.portsOf(bond.get().name()).stream()
          .map(Device::name)
          .filter(n -> !adapters.contains(n))
          .forEach(adapters::add);
      if (adapters.isEmpty()) {
        continue;
      }
      b.adapterGroup(g, adapters.toArray(String[]::new));
      Map<Integer, String> byVid = new HashMap<>();
      for (var e : VlanFlags.of(bond.get().vlans()).entrySet()) {
        int vid = e.getKey();
        if (vid == UNTAGGED_VID) {
          String name = catalog.networkName(g, vid).orElse(g + ".untagged");
          b.untaggedNetwork(name, g);
          byVid.put(vid, name);
        } else {
          String name = catalog.networkName(g, vid).orElse(g + ".vlan" + vid);
          b.vlanNetwork(name, g, vid);
          byVid.put(vid, name);
        }
      }
      for (Device p : s.portsOf(bridge.name())) {
        if (p.name().equals(bond.get().name())) {
          continue;
        }
        p.pvid().map(byVid::get).ifPresent(net -> b.vmPort(p.name(), net));
      }
    }
    var result = b.validate();
    if (result.isInvalid()) {
      throw new IllegalStateException(
          "the host carries no valid topology: " + result.getError().mkString("; "));
    }
    return result.get();
  }

  private static int vid(Network n) {
    return n.vlanId().map(v -> v.value()).orElse(UNTAGGED_VID);
  }

  private static boolean isOurs(Device d) {
    return groupOf(d).isPresent();
  }

  /** The group of one of our bonds or bridges. */
  private static Optional<String> groupOf(Device d) {
    if (d.isBond()) {
      return DeviceNames.groupOfBond(d.alias());
    }
    if (d.isBridge()) {
      return DeviceNames.groupOfBridge(d.alias());
    }
    return Optional.empty();
  }

  private static int originalMtu(
      HostState observed, Map<String, Catalog.AdapterOrigin> origins, String adapter) {
    Device a = observed.device(adapter).get();
    boolean enslavedToOurs =
        a.master().flatMap(observed::device).flatMap(Layout::groupOf).isPresent();
    Catalog.AdapterOrigin o = origins.get(adapter);
    return enslavedToOurs && o != null ? o.mtu() : a.mtu();
  }

  private static void checkName(
      List<Refusal> refusals,
      HostState observed,
      Map<String, String> ourNames,
      String group,
      String name,
      String tag,
      String what) {
    String other = ourNames.putIfAbsent(name, group);
    if (other != null && !other.equals(group)) {
      refusals.add(
          new Refusal(
              name,
              "adapter groups "
                  + quote(other)
                  + " and "
                  + quote(group)
                  + " both need the "
                  + what
                  + " "
                  + quote(name)
                  + "; rename one of them"));
      return;
    }
    Optional<Device> holder = observed.findByAnyName(name);
    if (holder.isPresent() && !holder.get().alias().equals(Optional.of(tag))) {
      Device h = holder.get();
      String how =
          h.name().equals(name)
              ? "device " + quote(name)
              : "device " + quote(h.name()) + " (as alternative name)";
      refusals.add(
          new Refusal(
              name,
              "adapter group "
                  + quote(group)
                  + " needs the "
                  + what
                  + " "
                  + quote(name)
                  + ", but "
                  + how
                  + " has it and gallium-net does not own it; rename the group or that device"));
    }
  }

  private static void checkAdapter(
      List<Refusal> refusals, HostState observed, AdapterGroup g, String a, Set<String> allow) {
    String where = "adapter " + quote(a) + " of group " + quote(g.name());
    Optional<Device> dev = observed.device(a);
    if (dev.isEmpty()) {
      refusals.add(new Refusal(a, where + ": the host has no such device"));
      return;
    }
    Device d = dev.get();
    if (refusedAsForeign(refusals, observed, d, where, "a physical adapter")) {
      return;
    }
    Optional<Device> master = d.master().flatMap(observed::device);
    boolean alreadyOurs = master.filter(Device::isBond).isPresent();
    if (!d.addresses().isEmpty() && !alreadyOurs && !allow.contains(a)) {
      refusals.add(
          new Refusal(
              a,
              where
                  + " carries IP addresses "
                  + String.join(", ", d.addresses())
                  + ", so it may be how this host is managed; taking it would cut that off. Remove"
                  + " the addresses, or allow it explicitly with"
                  + " HostNetwork.builder().allowAdapterAddresses(\""
                  + a
                  + "\")"));
    }
  }

  private static void checkPort(List<Refusal> refusals, HostState observed, VmPort p) {
    String where = "VM port " + quote(p.name()) + " of network " + quote(p.network());
    Optional<Device> dev = observed.device(p.name());
    if (dev.isEmpty()) {
      refusals.add(
          new Refusal(
              p.name(),
              where
                  + ": the host has no such device; the port device (e.g. the VM's tap)"
                  + " must exist before it can be attached"));
      return;
    }
    refusedAsForeign(refusals, observed, dev.get(), where, "a VM's port device");
  }

  /**
   * Refuses a device the topology names as an adapter or VM port when it is itself a bond or
   * bridge, or is enslaved to a master gallium-net does not own.
   *
   * @return whether it was refused
   */
  private static boolean refusedAsForeign(
      List<Refusal> refusals, HostState observed, Device d, String where, String expected) {
    if (d.isBond() || d.isBridge()) {
      refusals.add(
          new Refusal(
              d.name(),
              where + " is a " + d.kind().name().toLowerCase(Locale.ROOT) + ", not " + expected));
      return true;
    }
    Optional<Device> master = d.master().flatMap(observed::device);
    if (d.master().isPresent() && (master.isEmpty() || groupOf(master.get()).isEmpty())) {
      refusals.add(
          new Refusal(
              d.name(),
              where
                  + " is enslaved to "
                  + quote(d.master().get())
                  + ", which gallium-net does not own; release it from there first"));
      return true;
    }
    return false;
  }

  /**
   * A group's bridge takes at most {@link KernelRules#MAX_BRIDGE_PORTS} ports and its bond is one
   * of them; more VM ports would fail with EXFULL halfway through an apply.
   */
  private static void checkPortsPerGroup(List<Refusal> refusals, Topology topology) {
    Map<String, Integer> perGroup = new TreeMap<>();
    for (VmPort p : topology.vmPorts()) {
      topology
          .network(p.network())
          .ifPresent(n -> perGroup.merge(n.adapterGroup(), 1, Integer::sum));
    }
    perGroup.forEach(
        (group, count) -> {
          if (count > MAX_VM_PORTS_PER_GROUP) {
            refusals.add(
                new Refusal(
                    DeviceNames.bridge(group),
                    "adapter group "
                        + quote(group)
                        + " has "
                        + count
                        + " VM ports; a group takes at most "
                        + MAX_VM_PORTS_PER_GROUP
                        + " (a Linux bridge takes "
                        + KernelRules.MAX_BRIDGE_PORTS
                        + " ports and the group's bond is one of them): spread the networks"
                        + " and their ports over more adapter groups"));
          }
        });
  }
}
