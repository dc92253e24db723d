package io.gallium.net.core.internal;

import static io.gallium.net.internal.Names.quote;

import io.gallium.net.AdapterGroup;
import io.gallium.net.CidrAddress;
import io.gallium.net.HostInterface;
import io.gallium.net.Topology;
import io.gallium.net.VmPort;
import io.gallium.net.core.Refusal;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Whether a host can take a topology, checked before anything is touched: the names {@link Layout}
 * needs are free or ours, the adapters and VM ports exist and are not someone else's, an adapter
 * that carries IP addresses is taken only when a host interface of its group takes over exactly
 * those (the move) or when allowed, and no group has more VM ports than its bridge takes.
 */
public final class HostChecks {

  private HostChecks() {}

  /**
   * Refuses {@code topology} on {@code observed} with every reason at once.
   *
   * @param topology the topology to apply
   * @param observed the host as it is
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @throws RefusedTopologyException with every reason the host cannot take it
   */
  public static void check(Topology topology, HostState observed, Set<String> allowAddresses) {
    check(topology, observed, allowAddresses, Set.of());
  }

  /**
   * Refuses {@code topology} on {@code observed} with every reason at once.
   *
   * @param topology the topology to apply
   * @param observed the host as it is
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @param allowClaimed adapters and VM ports that may be taken although another program claims
   *     them (see {@link Device#claim()})
   * @throws RefusedTopologyException with every reason the host cannot take it
   */
  public static void check(
      Topology topology, HostState observed, Set<String> allowAddresses, Set<String> allowClaimed) {
    check(topology, observed, allowAddresses, allowClaimed, device -> Optional.empty());
  }

  /**
   * Refuses {@code topology} on {@code observed} with every reason at once, among them a route
   * gallium-net does not own that would go, or stop working, with an address of ours the topology
   * takes off a host interface ({@link #routesDependingOnOurs}).
   *
   * @param topology the topology to apply
   * @param observed the host as it is
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @param allowClaimed adapters and VM ports that may be taken although another program claims
   *     them (see {@link Device#claim()})
   * @param hostRecords what gallium-net put on a host interface ({@link HostAddresses})
   * @throws RefusedTopologyException with every reason the host cannot take it
   */
  public static void check(
      Topology topology,
      HostState observed,
      Set<String> allowAddresses,
      Set<String> allowClaimed,
      Function<String, Optional<HostAddresses.Record>> hostRecords) {
    List<Refusal> refusals = new ArrayList<>();
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
      Set<String> movable = Layout.hostAddressesOf(topology, g.name());
      for (String a : g.adapters()) {
        refusals.addAll(
            adapterRefusals(
                observed, a, Optional.of(g.name()), allowAddresses, allowClaimed, movable));
        observed
            .device(a)
            .filter(d -> !d.takesMtu(g.mtu()))
            .ifPresent(d -> refusals.add(mtuRefusal(d, "adapter", g.name(), g.mtu())));
      }
    }
    for (VmPort p : topology.vmPorts()) {
      checkPort(refusals, observed, p);
      checkPortClaim(
          refusals,
          observed,
          p.name(),
          "VM port " + quote(p.name()) + " of " + networksOf(p),
          allowClaimed);
      // A trunk's networks are all of one group (the topology's rules), so its first names it.
      String first = p.networks().get(0);
      int mtu =
          topology
              .network(first)
              .flatMap(n -> topology.adapterGroup(n.adapterGroup()))
              .map(AdapterGroup::mtu)
              .orElse(AdapterGroup.DEFAULT_MTU);
      observed
          .device(p.name())
          .filter(d -> !d.takesMtu(mtu))
          .ifPresent(d -> refusals.add(mtuRefusal(d, "VM port", first, mtu)));
    }
    checkPortsPerGroup(refusals, topology);
    refusals.addAll(routesDependingOnOurs(topology, observed, hostRecords));
    if (!refusals.isEmpty()) {
      throw new RefusedTopologyException(refusals);
    }
  }

  /**
   * Every route someone else put on a host interface that stays (a bridge whose group stays, a host
   * VLAN device whose host interface stays) whose gateway lies only in the subnets of our addresses
   * the topology takes off it. Linux deletes such a route with the device's last IPv4 address and
   * leaves it unreachable otherwise, so taking the address would take the route too: something
   * gallium-net does not own, touched implicitly. Ours (in the record) go or stay by {@link
   * HostOwned}'s rules; without a record nothing of the device is removed, so nothing is refused. A
   * damaged record refuses nothing here: {@link HostOwned} names it if the apply depends on it.
   */
  private static List<Refusal> routesDependingOnOurs(
      Topology topology,
      HostState observed,
      Function<String, Optional<HostAddresses.Record>> hostRecords) {
    List<Refusal> refusals = new ArrayList<>();
    for (Device d : observed.devices().values()) {
      Optional<List<String>> wanted = wantedOnHostInterface(topology, observed, d);
      if (wanted.isEmpty()
          || d.addresses().isEmpty()
          || d.routes().stream().noneMatch(r -> r.gateway().isPresent())) {
        continue;
      }
      Optional<HostAddresses.Record> record;
      try {
        record = hostRecords.apply(d.name());
      } catch (io.gallium.net.core.StoreDamagedException e) {
        continue;
      }
      if (record.isEmpty()) {
        continue;
      }
      Set<String> ours = new java.util.TreeSet<>();
      record.get().addresses().keySet().forEach(a -> ours.add(Layout.canonical(a)));
      List<CidrAddress> removed = new ArrayList<>();
      List<CidrAddress> remaining = new ArrayList<>();
      for (String a : d.addresses()) {
        String c = Layout.canonical(a);
        (ours.contains(c) && !wanted.get().contains(c) ? removed : remaining)
            .add(CidrAddress.parse(a));
      }
      wanted.get().forEach(a -> remaining.add(CidrAddress.parse(a)));
      if (removed.isEmpty()) {
        continue;
      }
      for (Route r : d.routes()) {
        if (r.gateway().isEmpty() || record.get().routes().containsKey(r)) {
          continue;
        }
        InetAddress gateway =
            CidrAddress.parse(r.gateway().get() + (r.isIpv6() ? "/128" : "/32")).address();
        List<String> through =
            removed.stream().filter(a -> a.contains(gateway)).map(Object::toString).toList();
        if (through.isEmpty() || remaining.stream().anyMatch(a -> a.contains(gateway))) {
          continue;
        }
        refusals.add(
            new Refusal(
                d.name(),
                "host interface "
                    + quote(d.name())
                    + " would lose gallium-net's address "
                    + String.join(", ", through)
                    + ", and with it route '"
                    + r
                    + "', which gallium-net did not put there (an operator or another program"
                    + " did): its gateway "
                    + r.gateway().get()
                    + " is reachable through that address only, so the kernel would drop the"
                    + " route or leave it unusable. Remove that route first, or keep the address"
                    + " in the host interface"));
      }
    }
    return refusals;
  }

  /**
   * The addresses (canonical) the topology wants on {@code d} if it is a host interface that stays:
   * a group's bridge whose group stays (none if its untagged network has no host interface), or a
   * host VLAN device whose host interface stays; empty if {@code d} is neither.
   */
  private static Optional<List<String>> wantedOnHostInterface(
      Topology topology, HostState observed, Device d) {
    Optional<String> group;
    int vid;
    if (d.isBridge()) {
      group = DeviceNames.groupOfBridge(d);
      vid = Layout.UNTAGGED_VID;
    } else if (DeviceNames.isHostVlan(d)) {
      group = observed.device(d.vlanLink().get().parent()).flatMap(DeviceNames::groupOfBridge);
      vid = d.vlanLink().get().vlanId();
    } else {
      return Optional.empty();
    }
    if (group.isEmpty() || topology.adapterGroup(group.get()).isEmpty()) {
      return Optional.empty();
    }
    Optional<HostInterface> h =
        topology.hostInterfaces().stream()
            .filter(
                x ->
                    topology
                        .network(x.network())
                        .filter(n -> n.adapterGroup().equals(group.get()))
                        .filter(n -> Layout.vid(n) == vid)
                        .isPresent())
            .findFirst();
    if (h.isEmpty() && vid != Layout.UNTAGGED_VID) {
      return Optional.empty(); // the VLAN device goes, and everything on it with it
    }
    return Optional.of(
        h.map(x -> x.addresses().stream().map(CidrAddress::toString).toList()).orElse(List.of()));
  }

  /**
   * Refuses to attach a VM port that cannot take its group's MTU.
   *
   * @param port the port device as observed
   * @param network the network it is to be attached to
   * @param mtu the MTU of the network's group
   * @throws RefusedTopologyException naming the port and the largest MTU it takes
   */
  static void checkPortMtu(Device port, String network, int mtu) {
    if (!port.takesMtu(mtu)) {
      throw new RefusedTopologyException(List.of(mtuRefusal(port, "VM port", network, mtu)));
    }
  }

  /** An adapter or VM port that takes less than its group's MTU. */
  private static Refusal mtuRefusal(Device d, String what, String where, int mtu) {
    String of = what.equals("adapter") ? " of group " : " of network ";
    return new Refusal(
        d.name(),
        what
            + " "
            + quote(d.name())
            + of
            + quote(where)
            + " takes an MTU of at most "
            + d.maxMtu()
            + " (its device's maximum), not the group's "
            + mtu
            + "; lower the group's MTU to "
            + d.maxMtu()
            + " or less, or use another "
            + (what.equals("adapter") ? "adapter" : "port device"));
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

  /**
   * Every reason the host refuses {@code a} as an adapter of a group: the one home of that rule,
   * which both {@link #check} (an apply) and the adapter list ({@code HostNetwork.adapters()}, its
   * eligibility) ask, so that they say the same in the same words. The adapter must exist, be
   * neither a bond nor a bridge, be enslaved to nothing but a bond or bridge of ours, carry no IP
   * addresses unless allowed (or unless it is in a bond of ours already), and be configured by no
   * other network manager unless allowed.
   *
   * @param observed the host as it is
   * @param a the adapter's device name
   * @param group the group that would take it, named in the messages; empty when the question is
   *     "could any group take it"
   * @param allow adapters that may be taken although they carry IP addresses
   * @param allowClaimed adapters that may be taken although another program claims them
   * @param movable the addresses a host interface of the group takes over (canonical CIDR form): an
   *     adapter carrying exactly these is taken and they move; none when no group is asked about
   * @return the refusals; empty if it can be taken
   */
  public static List<Refusal> adapterRefusals(
      HostState observed,
      String a,
      Optional<String> group,
      Set<String> allow,
      Set<String> allowClaimed,
      Set<String> movable) {
    List<Refusal> refusals = new ArrayList<>(1);
    String where = "adapter " + quote(a) + group.map(g -> " of group " + quote(g)).orElse("");
    Optional<Device> dev = observed.device(a);
    if (dev.isEmpty()) {
      refusals.add(new Refusal(a, where + ": the host has no such device"));
      return refusals;
    }
    Device d = dev.get();
    if (!allowClaimed.contains(a)) {
      claimed(d, where).ifPresent(refusals::add);
    }
    if (refusedAsForeign(refusals, observed, d, where, "a physical adapter")) {
      return refusals;
    }
    Optional<Device> master = d.master().flatMap(observed::device);
    boolean alreadyOurs = master.filter(Device::isBond).isPresent();
    // Addresses that a host interface of the group asks for move onto it, with their routes: the
    // adapter is taken when it carries nothing else.
    List<String> others =
        d.addresses().stream().filter(x -> !movable.contains(Layout.canonical(x))).toList();
    if (!others.isEmpty() && others.size() < d.addresses().size() && !alreadyOurs) {
      refusals.add(
          new Refusal(
              a,
              where
                  + " carries IP addresses "
                  + String.join(", ", others)
                  + " besides those its group's host interface takes over; gallium-net moves an"
                  + " adapter's addresses only when a host interface asks for all of them. Add them"
                  + " to the host interface, or remove them from the adapter"));
      return refusals;
    }
    if (!others.isEmpty() && !alreadyOurs && !allow.contains(a)) {
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
    return refusals;
  }

  private static void checkPort(List<Refusal> refusals, HostState observed, VmPort p) {
    String where = "VM port " + quote(p.name()) + " of " + networksOf(p);
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

  /** {@code network 'prod'} for an access port, {@code trunk of networks 'dev', 'prod'}. */
  private static String networksOf(VmPort p) {
    if (!p.isTrunk()) {
      return "network " + quote(p.network());
    }
    return "trunk of networks "
        + String.join(", ", p.networks().stream().map(n -> quote(n)).toList());
  }

  /**
   * Where the network named {@code name} is: from the catalog, or, for a network the catalog does
   * not name, from the name {@code observe()} gives it ({@code <group>.vlan<vid>}, {@code
   * <group>.untagged}).
   *
   * @param name the network's name
   * @param networks the catalog's networks by name
   * @return its group and VID, if the name says
   */
  static Optional<Catalog.NetworkRef> network(
      String name, Map<String, Catalog.NetworkRef> networks) {
    Catalog.NetworkRef ref = networks.get(name);
    if (ref != null) {
      return Optional.of(ref);
    }
    java.util.regex.Matcher m = UNNAMED_NETWORK.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (m.group(2) == null) {
      return Optional.of(new Catalog.NetworkRef(m.group(1), Layout.UNTAGGED_VID));
    }
    int vid = Integer.parseInt(m.group(2));
    return vid >= 2 && vid <= 4094
        ? Optional.of(new Catalog.NetworkRef(m.group(1), vid))
        : Optional.empty();
  }

  private static final java.util.regex.Pattern UNNAMED_NETWORK =
      java.util.regex.Pattern.compile("(.+)\\.(?:vlan([0-9]{1,4})|untagged)");

  /** The refusal of an attach to a group whose bridge takes no more ports. */
  static RefusedTopologyException groupFull(
      String port, String network, String group, String bridge) {
    return new RefusedTopologyException(
        List.of(
            new Refusal(
                bridge,
                "VM port "
                    + quote(port)
                    + " of network "
                    + quote(network)
                    + ": adapter group "
                    + quote(group)
                    + " is full, its bridge "
                    + bridge
                    + " takes no more ports (the kernel said EXFULL): a group takes at most "
                    + Layout.MAX_VM_PORTS_PER_GROUP
                    + " VM ports; spread the networks and their ports over more adapter"
                    + " groups")));
  }

  /** The refusal of an attach to a network the host does not have. */
  static RefusedTopologyException unknownNetwork(String port, String network) {
    return new RefusedTopologyException(
        List.of(
            new Refusal(
                port,
                "VM port "
                    + quote(port)
                    + ": the host has no network "
                    + quote(network)
                    + "; its networks are those of the last apply (observe() lists them)")));
  }

  /**
   * Refuses, all reasons at once, to attach {@code port} to the network at {@code ref}: the network
   * must be on the host (its group's bridge and bond ours, the bond carrying its VID), the port
   * must exist and be a port device, on no master or on a bridge of ours.
   *
   * @param seen the port, the group's bond and bridge, and the port's master
   * @throws RefusedTopologyException naming each reason
   */
  static void checkAttach(HostState seen, String port, String network, Catalog.NetworkRef ref) {
    checkAttach(seen, port, network, ref, Set.of());
  }

  /**
   * Refuses, all reasons at once, to attach {@code port} to the network at {@code ref}, as {@link
   * #checkAttach(HostState, String, String, Catalog.NetworkRef)} does, and also when another
   * program claims the port unless {@code allowClaimed} names it.
   *
   * @param seen the port, the group's bond and bridge, and the port's master
   * @param allowClaimed ports that may be taken although another program claims them
   * @throws RefusedTopologyException naming each reason
   */
  static void checkAttach(
      HostState seen,
      String port,
      String network,
      Catalog.NetworkRef ref,
      Set<String> allowClaimed) {
    List<Refusal> refusals = new ArrayList<>();
    String where = "VM port " + quote(port) + " of network " + quote(network);
    checkPortClaim(refusals, seen, port, where, allowClaimed);
    checkOnHost(refusals, seen, where, ref);
    checkPortDevice(refusals, seen, port, where);
    if (!refusals.isEmpty()) {
      throw new RefusedTopologyException(refusals);
    }
  }

  /**
   * Refuses, all reasons at once, to attach {@code port} as a trunk of {@code networks}: each must
   * be on the host (as for {@link #checkAttach}), named once, all of one adapter group; the group's
   * untagged network only as the native network; the port as for an attach.
   *
   * @param seen the port, the group's bond and bridge, and the port's master (empty where the
   *     networks are refused before anything is read)
   * @param port the port device
   * @param networks the trunk's networks as given, the native one (if any) first
   * @param nativeNetwork the native network, or null
   * @param refs where each network named is, for the names the host knows
   * @param devices whether to check the devices too (once {@code seen} holds them), or only the
   *     names
   * @param allowClaimed ports that may be taken although another program claims them
   * @throws RefusedTopologyException naming each reason
   */
  static void checkAttachTrunk(
      HostState seen,
      String port,
      List<String> networks,
      String nativeNetwork,
      Map<String, Catalog.NetworkRef> refs,
      boolean devices,
      Set<String> allowClaimed) {
    List<Refusal> refusals = new ArrayList<>();
    String where =
        "VM port "
            + quote(port)
            + " as trunk of networks "
            + String.join(", ", networks.stream().map(n -> quote(n)).toList());
    Map<String, Integer> counts = new TreeMap<>();
    networks.forEach(n -> counts.merge(n, 1, Integer::sum));
    counts.forEach(
        (n, count) -> {
          if (count > 1) {
            refusals.add(
                new Refusal(
                    port, where + ": network " + quote(n) + " is named twice; name each once"));
          }
        });
    Map<String, java.util.Set<String>> byGroup = new TreeMap<>();
    for (String n : new java.util.TreeSet<>(networks)) {
      Catalog.NetworkRef ref = refs.get(n);
      if (ref == null) {
        refusals.add(
            new Refusal(
                port,
                where
                    + ": the host has no network "
                    + quote(n)
                    + "; its networks are those of the last apply (observe() lists them)"));
        continue;
      }
      byGroup.computeIfAbsent(ref.group(), g -> new java.util.TreeSet<>()).add(n);
      if (ref.vid() == Layout.UNTAGGED_VID && !n.equals(nativeNetwork)) {
        refusals.add(
            new Refusal(
                port,
                where
                    + ": network "
                    + quote(n)
                    + " is the untagged network of adapter group "
                    + quote(ref.group())
                    + ", which a port carries only untagged: make it the native network, or"
                    + " leave it out"));
      }
    }
    if (byGroup.size() > 1) {
      refusals.add(
          new Refusal(
              port,
              where
                  + ": its networks are on different adapter groups ("
                  + byGroup.entrySet().stream()
                      .map(
                          e ->
                              String.join(", ", e.getValue().stream().map(n -> quote(n)).toList())
                                  + " on "
                                  + quote(e.getKey()))
                      .collect(java.util.stream.Collectors.joining("; "))
                  + "); a trunk carries networks of one adapter group"));
    }
    if (refusals.isEmpty() && devices) {
      checkPortClaim(refusals, seen, port, where, allowClaimed);
      for (String n : new java.util.TreeSet<>(networks)) {
        checkOnHost(refusals, seen, where + ": network " + quote(n), refs.get(n));
      }
      checkPortDevice(refusals, seen, port, where);
    }
    if (!refusals.isEmpty()) {
      throw new RefusedTopologyException(refusals);
    }
  }

  /**
   * The network at {@code ref} must be on the host: its group's bridge ours, the bond carrying its
   * VID.
   */
  private static void checkOnHost(
      List<Refusal> refusals, HostState seen, String where, Catalog.NetworkRef ref) {
    String bridge = DeviceNames.bridge(ref.group());
    String bond = DeviceNames.bond(ref.group());
    boolean bridgeOurs =
        seen.device(bridge)
            .filter(Device::isBridge)
            .flatMap(DeviceNames::groupOfBridge)
            .filter(ref.group()::equals)
            .isPresent();
    boolean carried =
        seen.device(bond)
            .filter(Device::isBond)
            .filter(d -> DeviceNames.groupOfBond(d).filter(ref.group()::equals).isPresent())
            .filter(d -> d.master().equals(Optional.of(bridge)))
            .filter(d -> d.vlans().stream().anyMatch(r -> r.contains(ref.vid())))
            .isPresent();
    if (!bridgeOurs || !carried) {
      refusals.add(
          new Refusal(
              bridgeOurs ? bond : bridge,
              where
                  + ": the network (VID "
                  + ref.vid()
                  + " of adapter group "
                  + quote(ref.group())
                  + ") is not on the host"
                  + (bridgeOurs
                      ? ": the group's bond " + bond + " does not carry VID " + ref.vid()
                      : ": the group's bridge " + bridge + " is missing or not gallium-net's")
                  + "; apply a topology with it first"));
    }
  }

  /** The port must not be another program's, unless {@code allowClaimed} names it. */
  private static void checkPortClaim(
      List<Refusal> refusals, HostState seen, String port, String where, Set<String> allowClaimed) {
    if (!allowClaimed.contains(port)) {
      seen.device(port).flatMap(d -> claimed(d, where)).ifPresent(refusals::add);
    }
  }

  /** The port must exist and be a VM's port device, on no master or on a bridge of ours. */
  private static void checkPortDevice(
      List<Refusal> refusals, HostState seen, String port, String where) {
    Optional<Device> dev = seen.device(port);
    if (dev.isEmpty()) {
      refusals.add(
          new Refusal(
              port,
              where
                  + ": the host has no such device; the port device (e.g. the VM's tap)"
                  + " must exist before it can be attached"));
    } else if (!refusedAsForeign(refusals, seen, dev.get(), where, "a VM's port device")) {
      dev.get()
          .master()
          .flatMap(seen::device)
          .filter(Device::isBond)
          .ifPresent(
              m ->
                  refusals.add(
                      new Refusal(
                          port,
                          where
                              + " is an adapter of "
                              + quote(m.name())
                              + ", not a VM's port device")));
    }
  }

  /**
   * Whether {@code port} is on a network of ours, so that a detach has something to do; a port on
   * no master, or on one gallium-net does not own, is not (a detach leaves it alone).
   *
   * @param seen the port and its master
   * @throws RefusedTopologyException if it is an adapter of one of our bonds
   */
  static boolean checkDetach(HostState seen, String port) {
    Optional<Device> master = seen.device(port).flatMap(Device::master).flatMap(seen::device);
    if (master.isEmpty() || Layout.groupOf(master.get()).isEmpty()) {
      return false;
    }
    if (master.get().isBond()) {
      throw new RefusedTopologyException(
          List.of(
              new Refusal(
                  port,
                  "VM port "
                      + quote(port)
                      + " is an adapter of "
                      + quote(master.get().name())
                      + ", not a VM port: change the adapter group with apply() or update()")));
    }
    return true;
  }

  /**
   * Why {@code d} cannot be taken because another program configures it (a network manager of the
   * host that would undo what gallium-net sets, take the device down or detach it from its bridge),
   * naming that program, the file or connection that claims it, and what to do; empty when nobody
   * claims it. An uncertain claim (a state file that could not be read whole) refuses alike: not
   * knowing is not "unmanaged". The one rule for adapters and VM ports, in {@code apply}, {@code
   * plan} and {@code attach}, and for whatever lists which adapters can be chosen.
   *
   * @param d the device as observed
   * @param where how the caller names it, e.g. {@code adapter 'eth2' of group 'uplink'}
   * @return the refusal, if another program claims {@code d}
   */
  public static Optional<Refusal> claimed(Device d, String where) {
    return d.claim()
        .map(
            c ->
                new Refusal(
                    d.name(),
                    where
                        + (c.certain() ? " is configured by " : " may be configured by ")
                        + c.program()
                        + " ("
                        + c.source()
                        + "), which would undo what gallium-net sets on it, take it down or"
                        + " detach it. Mark it unmanaged there: "
                        + c.unmanage()
                        + "; or allow it explicitly with"
                        + " HostNetwork.builder().allowOtherManagers(\""
                        + d.name()
                        + "\")"));
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
    if (d.master().isPresent() && (master.isEmpty() || Layout.groupOf(master.get()).isEmpty())) {
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
      // A trunk's networks are all of one group (a rule of the model), so its first one says.
      topology
          .network(p.networks().get(0))
          .ifPresent(n -> perGroup.merge(n.adapterGroup(), 1, Integer::sum));
    }
    perGroup.forEach(
        (group, count) -> {
          if (count > Layout.MAX_VM_PORTS_PER_GROUP) {
            refusals.add(
                new Refusal(
                    DeviceNames.bridge(group),
                    "adapter group "
                        + quote(group)
                        + " has "
                        + count
                        + " VM ports; a group takes at most "
                        + Layout.MAX_VM_PORTS_PER_GROUP
                        + " (a Linux bridge takes "
                        + KernelRules.MAX_BRIDGE_PORTS
                        + " ports and the group's bond is one of them): spread the networks"
                        + " and their ports over more adapter groups"));
          }
        });
  }
}
