package io.gallium.net.core.internal;

import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.VlanLink;
import io.gallium.net.core.spi.VlanRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The changes that undo a change, in order, given the host state just before it: what a rollback
 * runs, newest step first. Several changes where the kernel's side effects must be given back too
 * (e.g. re-enslave, then restore VLANs and up/down).
 */
public final class Undo implements Change.Visitor<List<Change>> {

  private final HostState before;

  private Undo(HostState before) {
    this.before = before;
  }

  /**
   * The undo of {@code change}.
   *
   * @param change the change to undo
   * @param before the state just before {@code change}
   * @return the changes that undo it, in order; empty if it changes nothing
   */
  public static List<Change> of(Change change, HostState before) {
    return change.accept(new Undo(before));
  }

  @Override
  public List<Change> visit(Change.CreateBond change) {
    return List.of(new Change.DeleteDevice(change.device()));
  }

  @Override
  public List<Change> visit(Change.CreateBridge change) {
    return List.of(new Change.DeleteDevice(change.device()));
  }

  @Override
  public List<Change> visit(Change.DeleteDevice change) {
    String device = change.device();
    Device d = require(device);
    List<Change> undo = new ArrayList<>();
    if (d.isBond()) {
      undo.add(new Change.CreateBond(device, d.mtu(), d.bond().orElseThrow()));
    } else if (d.isBridge()) {
      undo.add(new Change.CreateBridge(device, d.mtu()));
      BridgeSettings settings = d.bridge().orElseThrow();
      if (!settings.equals(BridgeSettings.vlanAware())) {
        undo.add(new Change.SetBridgeSettings(device, settings));
      }
    } else if (d.isVlan()) {
      VlanLink link = d.vlanLink().orElseThrow();
      undo.add(new Change.CreateVlan(device, link.parent(), link.vlanId(), d.mtu()));
    } else {
      throw new IllegalStateException(
          "cannot recreate "
              + d.kind()
              + " "
              + device
              + ": only bonds, bridges and VLAN devices are deleted");
    }
    if (d.isBridge()) {
      // The bridge's MAC: a created bridge has another, and its host interface needs this one.
      d.mac().ifPresent(m -> undo.add(new Change.SetMac(device, m)));
    }
    d.alias().ifPresent(a -> undo.add(new Change.SetAlias(device, Optional.of(a))));
    d.altNames().forEach(n -> undo.add(new Change.AddAltName(device, n)));
    d.master().ifPresent(m -> undo.add(new Change.SetMaster(device, m)));
    if (!d.vlans().isEmpty()) {
      undo.add(new Change.AddPortVlans(device, d.vlans()));
    }
    if (d.up()) {
      undo.add(new Change.SetUp(device, true));
    }
    d.addresses().forEach(a -> undo.add(new Change.AddAddress(device, a)));
    d.routes().forEach(r -> undo.add(new Change.AddRoute(device, r)));
    // The kernel deletes a device's VLAN devices with it: they come back on the new one.
    before.devices().values().stream()
        .filter(v -> v.vlanLink().filter(l -> l.parent().equals(device)).isPresent())
        .forEach(v -> undo.addAll(new Undo(before).visit(new Change.DeleteDevice(v.name()))));
    return undo;
  }

  @Override
  public List<Change> visit(Change.SetMaster change) {
    Device d = require(change.device());
    if (d.master().equals(Optional.of(change.master()))) {
      return List.of(); // enslaving to the current master changes nothing
    }
    List<Change> undo = new ArrayList<>();
    undo.add(new Change.ReleaseMaster(change.device()));
    if (isBond(change.master())) {
      undo.addAll(restoreAfterBond(d));
    }
    return undo;
  }

  @Override
  public List<Change> visit(Change.ReleaseMaster change) {
    String device = change.device();
    Device d = require(device);
    if (d.master().isEmpty()) {
      return List.of(); // releasing a device without master changes nothing
    }
    String master = d.master().get();
    List<Change> undo = new ArrayList<>();
    boolean bond = isBond(master);
    if (d.up() && before.device(master).filter(KernelRules::takesOnlyDownPorts).isPresent()) {
      undo.add(new Change.SetUp(device, false));
    }
    undo.add(new Change.SetMaster(device, master));
    // A bridge gives the port it takes again the VLANs of a new port: take away those it lacked.
    for (VlanRange given :
        before.device(master).map(KernelRules::vlansOfNewPort).orElse(List.of())) {
      if (d.vlans().stream().noneMatch(r -> r.contains(given.first()))) {
        undo.add(new Change.RemovePortVlans(device, List.of(given)));
      }
    }
    if (!d.vlans().isEmpty()) {
      undo.add(new Change.AddPortVlans(device, d.vlans()));
    }
    if (!bond) {
      return undo;
    }
    undo.addAll(restoreAfterBond(d));
    before
        .device(master)
        .flatMap(Device::bond)
        .flatMap(BondSettings::primary)
        .filter(device::equals)
        .ifPresent(p -> undo.add(new Change.SetBondPrimary(master, Optional.of(p))));
    return undo;
  }

  @Override
  public List<Change> visit(Change.SetUp change) {
    Device d = require(change.device());
    List<Change> undo = new ArrayList<>();
    undo.add(new Change.SetUp(change.device(), d.up()));
    if (d.up() && !change.up()) {
      // The kernel dropped the device's IPv6 addresses as it went down (KernelRules), and flushed
      // the routes through it: the addresses first, so the routes' gateways are reachable again.
      d.addresses().stream()
          .filter(a -> a.indexOf(':') >= 0)
          .forEach(a -> undo.add(new Change.AddAddress(d.name(), a)));
      d.routes().forEach(r -> undo.add(new Change.AddRoute(d.name(), r)));
    }
    return undo;
  }

  @Override
  public List<Change> visit(Change.SetMtu change) {
    Device d = require(change.device());
    List<Change> undo = new ArrayList<>();
    undo.add(new Change.SetMtu(change.device(), d.mtu()));
    if (KernelRules.imposesMtu(d)) {
      // The bond passed its MTU on to its slaves; give back any that had another.
      before.portsOf(change.device()).stream()
          .filter(p -> p.mtu() != d.mtu())
          .forEach(p -> undo.add(new Change.SetMtu(p.name(), p.mtu())));
    }
    if (d.kind() != DeviceKind.PORT) {
      // A VLAN device never has a larger MTU than its parent: the kernel lowered those above it.
      // (A VM port carries none of ours; skipping it keeps an attach's undo off the whole host.)
      before.devices().values().stream()
          .filter(v -> v.vlanLink().filter(l -> l.parent().equals(change.device())).isPresent())
          .filter(v -> v.mtu() > change.mtu())
          .forEach(v -> undo.add(new Change.SetMtu(v.name(), v.mtu())));
    }
    return undo;
  }

  @Override
  public List<Change> visit(Change.SetAlias change) {
    return List.of(new Change.SetAlias(change.device(), require(change.device()).alias()));
  }

  @Override
  public List<Change> visit(Change.AddAltName change) {
    return List.of(new Change.RemoveAltName(change.device(), change.altName()));
  }

  @Override
  public List<Change> visit(Change.RemoveAltName change) {
    return List.of(new Change.AddAltName(change.device(), change.altName()));
  }

  @Override
  public List<Change> visit(Change.SetBondPrimary change) {
    return List.of(
        new Change.SetBondPrimary(
            change.device(), require(change.device()).bond().flatMap(BondSettings::primary)));
  }

  @Override
  public List<Change> visit(Change.SetBondSettings change) {
    return List.of(
        new Change.SetBondSettings(change.device(), require(change.device()).bond().orElseThrow()));
  }

  /**
   * Sets the link monitoring back; when the bond had more than link monitoring (delays, ARP
   * monitoring, which a change of miimon turns off or hides), all its live settings.
   */
  @Override
  public List<Change> visit(Change.SetBondMiimon change) {
    BondSettings had = require(change.device()).bond().orElseThrow();
    BondSettings onlyMiimon =
        new BondSettings(had.mode(), had.miimonMillis(), had.primary(), had.activeAdapter());
    if (had.sameLiveSettings(onlyMiimon)) {
      return List.of(new Change.SetBondMiimon(change.device(), had.miimonMillis()));
    }
    return List.of(new Change.SetBondSettings(change.device(), had));
  }

  /**
   * Sets the bridge's settings back; when that moves the default PVID, the kernel moves it on the
   * ports only where they still carry the one it set, so the ports that end otherwise than before
   * get their VLANs back by explicit changes.
   */
  @Override
  public List<Change> visit(Change.SetBridgeSettings change) {
    String bridge = change.device();
    Change back = new Change.SetBridgeSettings(bridge, require(bridge).bridge().orElseThrow());
    List<Change> undo = new ArrayList<>();
    undo.add(back);
    if (back.equals(change)) {
      return List.of();
    }
    HostState restored;
    try {
      restored = KernelRules.apply(KernelRules.apply(before, change), back);
    } catch (KernelRules.Rejection refused) {
      return undo; // the change itself is refused, so it has nothing to undo on the ports
    }
    for (Device port : before.portsOf(bridge)) {
      Device now = restored.device(port.name()).orElseThrow();
      var had = VlanFlags.of(port.vlans());
      var has = VlanFlags.of(now.vlans());
      var remove = new TreeMap<Integer, Integer>();
      var add = new TreeMap<Integer, Integer>();
      has.keySet().stream()
          .filter(v -> !had.containsKey(v))
          .forEach(v -> remove.put(v, VlanFlags.NONE));
      had.forEach(
          (v, f) -> {
            if (!f.equals(has.get(v))) {
              add.put(v, f);
            }
          });
      if (!remove.isEmpty()) {
        undo.add(new Change.RemovePortVlans(port.name(), VlanFlags.toRanges(remove)));
      }
      if (!add.isEmpty()) {
        undo.add(new Change.AddPortVlans(port.name(), VlanFlags.toRanges(add)));
      }
    }
    return undo;
  }

  @Override
  public List<Change> visit(Change.AddPortVlans change) {
    Device d = require(change.device());
    var had = VlanFlags.of(d.vlans());
    var added = VlanFlags.of(change.ranges());
    var restore = new TreeMap<Integer, Integer>();
    var remove = new TreeMap<Integer, Integer>();
    for (var e : added.entrySet()) {
      Integer old = had.get(e.getKey());
      if (old == null) {
        remove.put(e.getKey(), VlanFlags.NONE);
      } else if (!old.equals(e.getValue())) {
        restore.put(e.getKey(), old);
      }
    }
    // A PVID elsewhere on the port is lost when an added entry takes the PVID.
    if (added.values().stream().anyMatch(VlanFlags::isPvid)) {
      had.forEach(
          (vid, f) -> {
            if (VlanFlags.isPvid(f) && !added.containsKey(vid)) {
              restore.put(vid, f);
            }
          });
    }
    List<Change> undo = new ArrayList<>();
    if (!remove.isEmpty()) {
      undo.add(new Change.RemovePortVlans(change.device(), VlanFlags.toRanges(remove)));
    }
    if (!restore.isEmpty()) {
      undo.add(new Change.AddPortVlans(change.device(), VlanFlags.toRanges(restore)));
    }
    return undo;
  }

  @Override
  public List<Change> visit(Change.RemovePortVlans change) {
    var had = VlanFlags.of(require(change.device()).vlans());
    var restore = new TreeMap<Integer, Integer>();
    for (VlanRange r : change.ranges()) {
      for (int v = r.first(); v <= r.last(); v++) {
        Integer f = had.get(v);
        if (f != null) {
          restore.put(v, f);
        }
      }
    }
    return restore.isEmpty()
        ? List.of()
        : List.of(new Change.AddPortVlans(change.device(), VlanFlags.toRanges(restore)));
  }

  @Override
  public List<Change> visit(Change.CreateVlan change) {
    return List.of(new Change.DeleteDevice(change.device()));
  }

  @Override
  public List<Change> visit(Change.AddAddress change) {
    if (require(change.device()).addresses().contains(change.address())) {
      return List.of(); // refused by the kernel (EEXIST): nothing to undo
    }
    return List.of(new Change.RemoveAddress(change.device(), change.address()));
  }

  @Override
  public List<Change> visit(Change.RemoveAddress change) {
    Device d = require(change.device());
    if (!d.addresses().contains(change.address())) {
      return List.of();
    }
    List<Change> undo = new ArrayList<>();
    undo.add(new Change.AddAddress(change.device(), change.address()));
    // The routes the kernel flushed with the device's last IPv4 address come back after it.
    for (Route r : KernelRules.routesLostWithAddress(d, change.address())) {
      undo.add(new Change.AddRoute(d.name(), r));
    }
    return undo;
  }

  @Override
  public List<Change> visit(Change.AddRoute change) {
    if (require(change.device()).routes().contains(change.route())) {
      return List.of();
    }
    return List.of(new Change.RemoveRoute(change.device(), change.route()));
  }

  @Override
  public List<Change> visit(Change.RemoveRoute change) {
    if (!require(change.device()).routes().contains(change.route())) {
      return List.of();
    }
    return List.of(new Change.AddRoute(change.device(), change.route()));
  }

  @Override
  public List<Change> visit(Change.SetMac change) {
    Device d = require(change.device());
    return d.mac()
        .map(m -> List.<Change>of(new Change.SetMac(change.device(), m)))
        .orElse(List.of());
  }

  private Device require(String device) {
    return before
        .device(device)
        .orElseThrow(
            () -> new IllegalStateException("no device " + device + " to undo a change on"));
  }

  private boolean isBond(String device) {
    return before.device(device).filter(Device::isBond).isPresent();
  }

  /**
   * Gives a device back the MTU and up/down state it had before a bond changed them (enslaving
   * gives a slave the bond's MTU and brings it up; releasing takes it down).
   */
  private static List<Change> restoreAfterBond(Device before) {
    return List.of(
        new Change.SetMtu(before.name(), before.mtu()),
        new Change.SetUp(before.name(), before.up()));
  }
}
