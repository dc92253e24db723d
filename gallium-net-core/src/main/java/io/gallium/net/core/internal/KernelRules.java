package io.gallium.net.core.internal;

import io.gallium.net.CidrAddress;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.VlanLink;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.internal.Names;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the Linux kernel does with each {@link Change}, as a pure function of the host state: the
 * errors it returns (EEXIST, ENODEV, EBUSY, EPERM, ERANGE, EINVAL, EOPNOTSUPP) and its side effects
 * (a bond brings a new slave up with the bond's MTU and takes a released one down; a bridge drops a
 * released port's VLANs; bond failover). The planner simulates its plans with it and the in-memory
 * host runs on it.
 */
public final class KernelRules {

  /** IFALIASZ less the terminating NUL. */
  static final int MAX_ALIAS_BYTES = 255;

  /** ALTIFNAMSIZ less the terminating NUL. */
  static final int MAX_ALTNAME_BYTES = 127;

  /**
   * The most ports a bridge takes: port numbers are 10 bits and 0 is never used (BR_PORT_BITS,
   * BR_MAX_PORTS in net/bridge/br_private.h); the next one is refused with EXFULL.
   */
  public static final int MAX_BRIDGE_PORTS = 1023;

  static final int MIN_MTU = 68;
  static final int MAX_MTU = 65535;

  private KernelRules() {}

  /**
   * Whether a device must be down to join {@code master}: a bond refuses a slave that is up (EPERM,
   * "device can not be enslaved while up"), so plans and undos take such a device down first.
   *
   * @param master the bond or bridge it joins
   * @return whether it must be down
   */
  public static boolean takesOnlyDownPorts(Device master) {
    return master.isBond();
  }

  /**
   * Whether {@code master} imposes its MTU on its ports: a bond gives a slave its MTU when it joins
   * and whenever the bond's MTU is set, so a slave's MTU is never set on its own and an undo of the
   * bond's MTU gives the slaves theirs back.
   *
   * @param master the bond or bridge
   * @return whether its ports take its MTU
   */
  public static boolean imposesMtu(Device master) {
    return master.isBond();
  }

  /**
   * A change the kernel would reject: the errno and its message (not a {@link
   * io.gallium.net.core.Refusal}, which is a reason the host cannot take a topology).
   */
  public static final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;

    Rejection(Errno errno, String message) {
      super(message, null, false, false);
      this.errno = errno;
    }

    /** The error number. */
    public Errno errno() {
      return errno;
    }
  }

  /**
   * The state after the kernel carried out {@code change} on {@code state}.
   *
   * @throws Rejection with the errno the kernel would return; the state is then unchanged
   */
  public static HostState apply(HostState state, Change change) throws Rejection {
    Kernel kernel = new Kernel(state);
    HostState after;
    try {
      after = change.accept(kernel);
    } catch (Refused r) {
      throw r.refusal;
    }
    kernel.affected.add(change.device());
    state.device(change.device()).flatMap(Device::master).ifPresent(kernel.affected::add);
    return settle(after, kernel.affected);
  }

  /**
   * Carries a {@link Rejection} through a {@link Change.Visitor}, whose methods cannot throw it;
   * {@link #apply} unwraps it.
   */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Rejection refusal;

    Refused(Rejection refusal) {
      super(null, null, false, false);
      this.refusal = refusal;
    }
  }

  /**
   * One change on one state, before what the kernel derives from it ({@link #settle}); collects the
   * devices besides the changed one whose derived state the change may move.
   */
  private static final class Kernel implements Change.Visitor<HostState> {
    private final HostState s;
    private final Set<String> affected = new HashSet<>();

    Kernel(HostState s) {
      this.s = s;
    }

    @Override
    public HostState visit(Change.CreateBond c) {
      checkNewName(s, c.device());
      checkMtu(c.device(), c.mtu());
      return StateEdits.with(
          s,
          Device.builder(c.device(), DeviceKind.BOND)
              .mtu(c.mtu())
              .mac(Macs.derived(c.device()))
              .bond(c.settings())
              .build());
    }

    @Override
    public HostState visit(Change.CreateBridge c) {
      checkNewName(s, c.device());
      checkMtu(c.device(), c.mtu());
      return StateEdits.with(
          s,
          Device.builder(c.device(), DeviceKind.BRIDGE)
              .mtu(c.mtu())
              .mac(Macs.derived(c.device()))
              .build());
    }

    @Override
    public HostState visit(Change.DeleteDevice c) {
      // Deleting a master releases its ports, whose carrier no longer counts anywhere.
      s.portsOf(c.device()).forEach(p -> affected.add(p.name()));
      return delete(s, device(s, c.device()));
    }

    @Override
    public HostState visit(Change.SetMaster c) {
      affected.add(c.master());
      return enslave(s, device(s, c.device()), device(s, c.master()));
    }

    @Override
    public HostState visit(Change.ReleaseMaster c) {
      return release(s, device(s, c.device()));
    }

    @Override
    public HostState visit(Change.SetUp c) {
      Device.Builder d = device(s, c.device()).toBuilder().up(c.up());
      if (!c.up()) {
        d.routes(List.of()); // a device that goes down loses its routes (fib_disable_ip)
        // and its IPv6 addresses (addrconf_ifdown; unless keep_addr_on_down, which is off by
        // default)
        d.addresses(
            device(s, c.device()).addresses().stream().filter(a -> a.indexOf(':') < 0).toList());
      }
      return StateEdits.with(s, d.build());
    }

    @Override
    public HostState visit(Change.SetMtu c) {
      return setMtu(s, device(s, c.device()), c.mtu());
    }

    @Override
    public HostState visit(Change.SetAlias c) {
      Device d = device(s, c.device());
      if (c.alias().isPresent() && bytes(c.alias().get()) > MAX_ALIAS_BYTES) {
        throw refused(
            Errno.ERANGE, d.name() + ": an alias is at most " + MAX_ALIAS_BYTES + " bytes");
      }
      return StateEdits.with(s, d.toBuilder().alias(c.alias().orElse(null)).build());
    }

    @Override
    public HostState visit(Change.AddAltName c) {
      Device d = device(s, c.device());
      String n = c.altName();
      if (bytes(n) > MAX_ALTNAME_BYTES) {
        throw refused(
            Errno.ERANGE,
            d.name()
                + ": alternative name "
                + n
                + " is longer than "
                + MAX_ALTNAME_BYTES
                + " bytes");
      }
      if (!validNameChars(n)) {
        throw refused(Errno.EINVAL, d.name() + ": " + Names.quote(n) + " is not a valid name");
      }
      if (s.hasName(n)) {
        throw refused(
            Errno.EEXIST,
            d.name() + ": the name " + n + " is taken by " + s.findByAnyName(n).get().name());
      }
      return StateEdits.with(s, d.toBuilder().addAltName(n).build());
    }

    @Override
    public HostState visit(Change.RemoveAltName c) {
      Device d = device(s, c.device());
      if (!d.altNames().contains(c.altName())) {
        throw refused(Errno.ENOENT, d.name() + " has no alternative name " + c.altName());
      }
      List<String> rest = d.altNames().stream().filter(n -> !n.equals(c.altName())).toList();
      return StateEdits.with(s, d.toBuilder().altNames(rest).build());
    }

    @Override
    public HostState visit(Change.SetBondPrimary c) {
      Device b = device(s, c.device());
      if (!b.isBond()) {
        throw refused(Errno.EOPNOTSUPP, b.name() + " is not a bond");
      }
      if (c.primary().isPresent() && b.bond().get().isLacp()) {
        throw refused(
            Errno.EACCES,
            b.name() + ": option primary: mode dependency failed, not supported in mode 802.3ad");
      }
      if (c.primary().isPresent()) {
        Device p = device(s, c.primary().get());
        if (!p.master().equals(Optional.of(b.name()))) {
          throw refused(Errno.EINVAL, p.name() + " is not a slave of " + b.name());
        }
      }
      return StateEdits.with(
          s, b.toBuilder().bond(b.bond().get().withPrimary(c.primary())).build());
    }

    @Override
    public HostState visit(Change.SetBondMiimon c) {
      Device b = device(s, c.device());
      if (!b.isBond()) {
        throw refused(Errno.EOPNOTSUPP, b.name() + " is not a bond");
      }
      BondSettings bs = b.bond().get();
      return StateEdits.with(
          s, b.toBuilder().bond(monitoring(bs, c.miimonMillis(), bs.arpIntervalMillis())).build());
    }

    @Override
    public HostState visit(Change.SetBondSettings c) {
      Device b = device(s, c.device());
      if (!b.isBond()) {
        throw refused(Errno.EOPNOTSUPP, b.name() + " is not a bond");
      }
      BondSettings bs = b.bond().get();
      BondSettings set = c.settings();
      if (bs.isLacp() && set.arpIntervalMillis() > 0) {
        throw refused(
            Errno.EACCES,
            b.name()
                + ": option arp_interval: mode dependency failed, not supported in mode 802.3ad");
      }
      BondSettings after = bs.withLiveSettingsOf(set);
      // Linux sets miimon before arp_interval, and each turns the other off when it is set.
      int miimon = set.arpIntervalMillis() > 0 ? 0 : set.miimonMillis();
      after = monitoring(after, miimon, set.arpIntervalMillis());
      return StateEdits.with(s, b.toBuilder().bond(after).build());
    }

    @Override
    public HostState visit(Change.SetBridgeSettings c) {
      Device br = device(s, c.device());
      if (!br.isBridge()) {
        throw refused(Errno.EOPNOTSUPP, br.name() + " is not a bridge");
      }
      int pvid = c.settings().defaultPvid();
      if (pvid < 0 || pvid > VlanRange.MAX_VID) {
        throw refused(
            Errno.EINVAL,
            br.name() + ": default PVID " + pvid + " is outside 0.." + VlanRange.MAX_VID);
      }
      int old = br.bridge().get().defaultPvid();
      HostState out = StateEdits.with(s, br.toBuilder().bridge(c.settings()).build());
      if (pvid != old) {
        for (Device p : out.portsOf(br.name())) {
          out = StateEdits.with(out, p.toBuilder().vlans(moveDefaultPvid(p, old, pvid)).build());
        }
      }
      return out;
    }

    @Override
    public HostState visit(Change.AddPortVlans c) {
      Device d = bridgePort(s, c.device());
      TreeMap<Integer, Integer> flags = VlanFlags.of(d.vlans());
      boolean newPvid = c.ranges().stream().anyMatch(VlanRange::pvid);
      if (newPvid) {
        flags.replaceAll((vid, f) -> VlanFlags.withoutPvid(f));
      }
      for (VlanRange r : c.ranges()) {
        for (int v = r.first(); v <= r.last(); v++) {
          flags.put(v, VlanFlags.of(r));
        }
      }
      return StateEdits.with(s, d.toBuilder().vlans(VlanFlags.toRanges(flags)).build());
    }

    @Override
    public HostState visit(Change.RemovePortVlans c) {
      Device d = bridgePort(s, c.device());
      TreeMap<Integer, Integer> flags = VlanFlags.of(d.vlans());
      // Like the kernel, removing a VLAN the port does not carry is no error.
      for (VlanRange r : c.ranges()) {
        for (int v = r.first(); v <= r.last(); v++) {
          flags.remove(v);
        }
      }
      return StateEdits.with(s, d.toBuilder().vlans(VlanFlags.toRanges(flags)).build());
    }

    @Override
    public HostState visit(Change.CreateVlan c) {
      checkNewName(s, c.device());
      checkMtu(c.device(), c.mtu());
      Device parent = device(s, c.parent());
      if (c.mtu() > parent.mtu()) {
        throw refused(
            Errno.ERANGE,
            c.device()
                + ": MTU "
                + c.mtu()
                + " is larger than the MTU "
                + parent.mtu()
                + " of its parent "
                + parent.name());
      }
      boolean taken =
          s.devices().values().stream()
              .anyMatch(
                  v -> v.vlanLink().equals(Optional.of(new VlanLink(c.parent(), c.vlanId()))));
      if (taken) {
        throw refused(
            Errno.EEXIST, c.parent() + ": a VLAN device with ID " + c.vlanId() + " exists already");
      }
      return StateEdits.with(
          s,
          Device.builder(c.device(), DeviceKind.VLAN)
              .mtu(c.mtu())
              .mac(parent.mac().orElse(null))
              .vlanLink(new VlanLink(c.parent(), c.vlanId()))
              .build());
    }

    @Override
    public HostState visit(Change.AddAddress c) {
      Device d = device(s, c.device());
      if (d.addresses().contains(c.address())) {
        throw refused(Errno.EEXIST, d.name() + " has address " + c.address() + " already");
      }
      return StateEdits.with(s, d.toBuilder().addAddress(c.address()).build());
    }

    @Override
    public HostState visit(Change.RemoveAddress c) {
      Device d = device(s, c.device());
      if (!d.addresses().contains(c.address())) {
        throw refused(Errno.EADDRNOTAVAIL, d.name() + " has no address " + c.address());
      }
      List<String> rest = d.addresses().stream().filter(a -> !a.equals(c.address())).toList();
      List<Route> lost = routesLostWithAddress(d, c.address());
      List<Route> routes = d.routes().stream().filter(r -> !lost.contains(r)).toList();
      return StateEdits.with(s, d.toBuilder().addresses(rest).routes(routes).build());
    }

    @Override
    public HostState visit(Change.AddRoute c) {
      Device d = device(s, c.device());
      Route r = c.route();
      if (d.routes().contains(r)) {
        throw refused(Errno.EEXIST, d.name() + " has route " + r + " already");
      }
      if (r.gateway().isPresent()) {
        InetAddress gateway =
            CidrAddress.parse(r.gateway().get() + (r.isIpv6() ? "/128" : "/32")).address();
        boolean onLink =
            d.up() && d.addresses().stream().anyMatch(a -> CidrAddress.parse(a).contains(gateway));
        if (!onLink) {
          throw refused(
              Errno.ENETUNREACH,
              d.name()
                  + ": gateway "
                  + r.gateway().get()
                  + " is in no subnet of the device's addresses"
                  + (d.up() ? "" : " (the device is down)"));
        }
      }
      if (r.isIpv6() && r.gateway().isPresent()) {
        // Linux makes two IPv6 routes to one destination at one metric through gateways one
        // multipath route, whose hops outlive their devices going down and read as no device's.
        Optional<Device> other =
            s.devices().values().stream()
                .filter(o -> !o.name().equals(d.name()))
                .filter(o -> o.routes().stream().anyMatch(q -> oneMultipathRoute(r, q)))
                .findFirst();
        if (other.isPresent()) {
          throw refused(
              Errno.EEXIST,
              d.name()
                  + ": route "
                  + r
                  + " would join "
                  + other.get().name()
                  + "'s into one multipath route");
        }
      }
      return StateEdits.with(s, d.toBuilder().addRoute(r).build());
    }

    @Override
    public HostState visit(Change.RemoveRoute c) {
      Device d = device(s, c.device());
      if (!d.routes().contains(c.route())) {
        throw refused(Errno.ESRCH, d.name() + " has no route " + c.route());
      }
      List<Route> rest = d.routes().stream().filter(r -> !r.equals(c.route())).toList();
      return StateEdits.with(s, d.toBuilder().routes(rest).build());
    }

    @Override
    public HostState visit(Change.SetMac c) {
      Device d = device(s, c.device());
      if ((io.gallium.net.MacAddress.parse(c.mac()).value() & (1L << 40)) != 0) {
        throw refused(
            Errno.EINVAL, d.name() + ": " + c.mac() + " is a multicast address, not a device's");
      }
      return StateEdits.with(s, d.toBuilder().mac(c.mac()).build());
    }
  }

  /**
   * A bond's settings with link monitoring {@code miimon} and ARP monitoring {@code arp}, as Linux
   * reads them back: link monitoring on turns ARP monitoring off, and the up and down delays, which
   * Linux keeps as counts of link monitoring intervals, read 0 while link monitoring is off.
   */
  private static BondSettings monitoring(BondSettings bs, int miimon, int arp) {
    boolean on = miimon > 0;
    return new BondSettings(
        bs.mode(),
        miimon,
        bs.primary(),
        bs.activeAdapter(),
        on ? bs.updelayMillis() : 0,
        on ? bs.downdelayMillis() : 0,
        bs.primaryReselect(),
        on ? 0 : arp,
        bs.arpTargets(),
        bs.xmitHashPolicy(),
        bs.lacpRate());
  }

  private static Refused refused(Errno errno, String message) {
    return new Refused(new Rejection(errno, message));
  }

  private static HostState delete(HostState s, Device d) {
    if (d.kind() == DeviceKind.ADAPTER) {
      throw refused(Errno.EOPNOTSUPP, d.name() + " is a physical adapter and cannot be deleted");
    }
    HostState out = s;
    for (Device p : s.portsOf(d.name())) {
      out = release(out, p);
    }
    // The kernel unregisters a device's VLAN devices with it.
    for (Device v : s.devices().values()) {
      if (v.vlanLink().filter(l -> l.parent().equals(d.name())).isPresent()) {
        out = StateEdits.without(out, v.name());
      }
    }
    return StateEdits.without(out, d.name());
  }

  private static HostState enslave(HostState s, Device d, Device m) {
    if (d.name().equals(m.name())) {
      throw refused(Errno.ELOOP, d.name() + " cannot be enslaved to itself");
    }
    if (!m.isBond() && !m.isBridge()) {
      throw refused(Errno.EOPNOTSUPP, m.name() + " is " + kind(m) + " and cannot take ports");
    }
    if (d.master().isPresent()) {
      if (d.master().get().equals(m.name())) {
        return s;
      }
      throw refused(Errno.EBUSY, d.name() + " is already enslaved to " + d.master().get());
    }
    if (m.master().filter(d.name()::equals).isPresent()) {
      throw refused(Errno.ELOOP, d.name() + " is the master of " + m.name());
    }
    if (m.isBond()) {
      if (d.isBond() || d.isBridge()) {
        throw refused(
            Errno.EPERM,
            d.name() + " is " + kind(d) + " and cannot be enslaved to bond " + m.name());
      }
      if (d.up() && takesOnlyDownPorts(m)) {
        throw refused(Errno.EPERM, d.name() + ": device can not be enslaved while up");
      }
      if (!d.takesMtu(m.mtu())) {
        throw refused(Errno.EINVAL, d.name() + ": mtu greater than device maximum");
      }
      return StateEdits.with(s, d.toBuilder().master(m.name()).up(true).mtu(m.mtu()).build());
    }
    if (d.isBridge()) {
      throw refused(Errno.ELOOP, d.name() + ": can not enslave a bridge to a bridge");
    }
    if (s.ports(m.name()).limit(MAX_BRIDGE_PORTS).count() >= MAX_BRIDGE_PORTS) {
      throw refused(
          Errno.EXFULL,
          m.name() + " has " + MAX_BRIDGE_PORTS + " ports already, the most a bridge takes");
    }
    return StateEdits.with(s, d.toBuilder().master(m.name()).vlans(vlansOfNewPort(m)).build());
  }

  /**
   * Whether Linux makes routes {@code a} and {@code b} (on different devices) hops of one multipath
   * route: both IPv6, through gateways, to the same destination at the same metric.
   */
  private static boolean oneMultipathRoute(Route a, Route b) {
    return a.isIpv6()
        && b.isIpv6()
        && a.gateway().isPresent()
        && b.gateway().isPresent()
        && a.destination().equals(b.destination())
        && a.metric() == b.metric();
  }

  /**
   * The routes the kernel removes with an address: all IPv4 routes through the device when it was
   * the device's last IPv4 address (fib_del_ifaddr disables IPv4 on it); none otherwise, and none
   * for IPv6, whose routes stay with the device.
   *
   * @param d the device before the address goes
   * @param address the address, {@code address/prefix}
   * @return the routes that go with it
   */
  public static List<Route> routesLostWithAddress(Device d, String address) {
    if (address.indexOf(':') >= 0
        || d.addresses().stream().anyMatch(a -> !a.equals(address) && a.indexOf(':') < 0)) {
      return List.of();
    }
    return d.routes().stream().filter(r -> !r.isIpv6()).toList();
  }

  /**
   * The VLANs a bridge gives a port it takes: its default PVID, as PVID and untagged, if it has one
   * (ours have none, so a new port carries no VLAN until it is configured).
   *
   * @param bridge the bridge
   * @return the new port's VLANs
   */
  public static List<VlanRange> vlansOfNewPort(Device bridge) {
    int pvid = bridge.bridge().map(BridgeSettings::defaultPvid).orElse(0);
    return pvid == 0 ? List.of() : List.of(VlanRange.access(pvid));
  }

  /**
   * A port's VLANs after its bridge's default PVID moved from {@code old} to {@code pvid}, as
   * br_vlan.c's __br_vlan_set_default_pvid does: a port still carrying the old default (as PVID,
   * untagged) loses it; it, or any port when there was no default, gets the new one as PVID,
   * untagged, unless it has that VLAN already. Other ports are left as the user configured them.
   */
  private static List<VlanRange> moveDefaultPvid(Device port, int old, int pvid) {
    TreeMap<Integer, Integer> flags = VlanFlags.of(port.vlans());
    Integer oldFlags = old == 0 ? null : flags.get(old);
    boolean carriesOld = oldFlags != null && oldFlags == (VlanFlags.PVID | VlanFlags.UNTAGGED);
    if (pvid == 0) {
      if (carriesOld) {
        flags.remove(old);
      }
      return VlanFlags.toRanges(flags);
    }
    if ((old != 0 && !carriesOld) || flags.containsKey(pvid)) {
      return port.vlans();
    }
    flags.replaceAll((vid, f) -> VlanFlags.withoutPvid(f));
    flags.put(pvid, VlanFlags.PVID | VlanFlags.UNTAGGED);
    if (old != 0) {
      flags.remove(old);
    }
    return VlanFlags.toRanges(flags);
  }

  private static HostState release(HostState s, Device d) {
    if (d.master().isEmpty()) {
      return s;
    }
    boolean fromBond = s.device(d.master().get()).filter(Device::isBond).isPresent();
    Device.Builder b = d.toBuilder().master((String) null).vlans(List.of());
    if (fromBond) {
      b.up(false).routes(List.of());
    }
    HostState out = StateEdits.with(s, b.build());
    if (fromBond) {
      Device bond = out.device(d.master().get()).get();
      BondSettings bs = bond.bond().get();
      if (bs.primary().filter(d.name()::equals).isPresent()) {
        out = StateEdits.with(out, bond.toBuilder().bond(bs.withPrimary(Optional.empty())).build());
      }
    }
    return out;
  }

  private static HostState setMtu(HostState s, Device d, int mtu) {
    checkMtu(d.name(), mtu);
    if (!d.takesMtu(mtu)) {
      throw refused(Errno.EINVAL, d.name() + ": mtu greater than device maximum");
    }
    if (imposesMtu(d)) {
      for (Device slave : s.portsOf(d.name())) {
        if (!slave.takesMtu(mtu)) {
          throw refused(Errno.EINVAL, slave.name() + ": mtu greater than device maximum");
        }
      }
    }
    HostState out = StateEdits.with(s, d.toBuilder().mtu(mtu).build());
    if (imposesMtu(d)) {
      for (Device slave : out.portsOf(d.name())) {
        out = StateEdits.with(out, slave.toBuilder().mtu(mtu).build());
      }
    }
    if (d.kind() != DeviceKind.PORT) {
      // The kernel lowers a VLAN device's MTU to its parent's new one (vlan_device_event).
      for (Device v : s.devices().values()) {
        if (v.vlanLink().filter(l -> l.parent().equals(d.name())).isPresent() && v.mtu() > mtu) {
          out = StateEdits.with(out, v.toBuilder().mtu(mtu).build());
        }
      }
    }
    return out;
  }

  /**
   * Recomputes what the kernel derives: a bond's active adapter (the primary when it is up with
   * carrier, else the current one if still usable, else the first usable slave by name) and
   * carrier, a bridge's carrier (up with a port that is up with carrier).
   */
  public static HostState settle(HostState s) {
    return settle(s, s.devices().keySet());
  }

  /** {@link #settle(HostState)}, for the bonds and bridges among or above {@code names} only. */
  public static HostState settle(HostState s, Collection<String> names) {
    Set<String> bonds = new TreeSet<>();
    Set<String> bridges = new TreeSet<>();
    for (String n : names) {
      Optional<Device> d = s.device(n);
      if (d.isEmpty()) {
        continue;
      }
      Optional<Device> master = d.get().master().flatMap(s::device);
      for (Device x : master.isPresent() ? List.of(d.get(), master.get()) : List.of(d.get())) {
        if (x.isBond()) {
          bonds.add(x.name());
          x.master().ifPresent(bridges::add);
        } else if (x.isBridge()) {
          bridges.add(x.name());
        }
      }
    }
    HostState out = s;
    for (String name : bonds) {
      Device d = out.device(name).get();
      BondSettings bs = d.bond().get();
      List<String> usable =
          out.portsOf(d.name()).stream()
              .filter(p -> p.up() && p.carrier())
              .map(Device::name)
              .toList();
      Optional<String> active;
      if (bs.isLacp()) {
        // An 802.3ad bond has no one active slave (Linux reports none).
        active = Optional.empty();
      } else if (BondSettings.RESELECT_FAILURE.equals(bs.primaryReselect())) {
        // No failback: the primary takes over only when the active slave fails.
        active =
            bs.activeAdapter()
                .filter(usable::contains)
                .or(() -> bs.primary().filter(usable::contains))
                .or(() -> usable.stream().findFirst());
      } else {
        active =
            bs.primary()
                .filter(usable::contains)
                .or(() -> bs.activeAdapter().filter(usable::contains))
                .or(() -> usable.stream().findFirst());
      }
      boolean carrier = bs.isLacp() ? !usable.isEmpty() : active.isPresent();
      if (!active.equals(bs.activeAdapter()) || carrier != d.carrier()) {
        out =
            StateEdits.with(
                out, d.toBuilder().bond(bs.withActiveAdapter(active)).carrier(carrier).build());
      }
    }
    for (String name : bridges) {
      Device d = out.device(name).orElse(null);
      if (d != null && d.isBridge()) {
        boolean carrier = d.up() && out.ports(d.name()).anyMatch(p -> p.up() && p.carrier());
        if (carrier != d.carrier()) {
          out = StateEdits.with(out, d.toBuilder().carrier(carrier).build());
        }
      }
    }
    return out;
  }

  /** Checks a name for a new device: valid, free. */
  private static void checkNewName(HostState s, String name) {
    if (bytes(name) > Names.MAX_INTERFACE_NAME_BYTES) {
      throw refused(
          Errno.ERANGE,
          Names.quote(name) + " is longer than " + Names.MAX_INTERFACE_NAME_BYTES + " bytes");
    }
    if (!Names.isInterfaceName(name)) {
      throw refused(
          Errno.EINVAL,
          Names.quote(name) + " is not a valid interface name: " + Names.INTERFACE_NAME_RULE);
    }
    if (s.hasName(name)) {
      throw refused(Errno.EEXIST, name + ": a device with this name exists already");
    }
  }

  private static boolean validNameChars(String n) {
    return !n.isEmpty()
        && !n.equals(".")
        && !n.equals("..")
        && n.codePoints()
            .noneMatch(
                c ->
                    c == '/' || c == ':' || Character.isWhitespace(c) || Character.isISOControl(c));
  }

  private static void checkMtu(String name, int mtu) {
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw refused(
          Errno.EINVAL, name + ": MTU " + mtu + " is outside " + MIN_MTU + ".." + MAX_MTU);
    }
  }

  private static Device device(HostState s, String name) {
    Optional<Device> d = s.device(name);
    if (d.isEmpty()) {
      throw refused(Errno.ENODEV, "no device " + name);
    }
    return d.get();
  }

  private static Device bridgePort(HostState s, String name) {
    Device d = device(s, name);
    boolean onBridge = d.master().flatMap(s::device).filter(Device::isBridge).isPresent();
    // A VLAN-aware bridge's own VLANs are those of its own port, toward the host
    // (BRIDGE_FLAGS_SELF).
    if (!onBridge && !d.isBridge()) {
      throw refused(
          Errno.EOPNOTSUPP, name + " is not a bridge port, so it carries no bridge VLANs");
    }
    return d;
  }

  /** "an adapter", "a bond", ... */
  private static String kind(Device d) {
    String k = d.kind().name().toLowerCase(java.util.Locale.ROOT);
    return (k.startsWith("a") ? "an " : "a ") + k;
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
