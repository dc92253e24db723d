package io.gallium.net.core.spi;

import io.gallium.net.core.internal.VlanFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One explicit, provider-neutral operation on one device, named by its kernel name. Each maps to
 * one kernel request (on Linux one rtnetlink message) and knows its inverse given the state just
 * before it.
 *
 * <p>Kernel side effects a driver must not add to (the kernel does them): enslaving to a bond
 * brings the adapter up and gives it the bond's MTU; releasing from a bond takes it down; releasing
 * from a bridge drops its VLAN entries; a new bridge port carries no VLAN (default PVID 0).
 */
public sealed interface Change {

  /** The name of the device this change acts on. */
  String device();

  /**
   * The changes that undo this one, in order, given the host state just before this change ran.
   *
   * @param before the state just before this change
   * @return the undo, possibly several changes (e.g. re-enslave, then restore VLANs and up/down)
   */
  List<Change> inverse(HostState before);

  /**
   * Calls the visitor's method for this kind of change.
   *
   * @param visitor what to do with each kind of change
   * @param <R> what the visitor returns
   * @return what the visitor returned
   */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per kind of change, so that adding a kind of change is a compile error in every
   * place that handles changes until it handles the new one too.
   *
   * @param <R> what each method returns
   */
  interface Visitor<R> {
    /**
     * Handles a {@link CreateBond}.
     *
     * @param change the change
     * @return the result
     */
    R visit(CreateBond change);

    /**
     * Handles a {@link CreateBridge}.
     *
     * @param change the change
     * @return the result
     */
    R visit(CreateBridge change);

    /**
     * Handles a {@link DeleteDevice}.
     *
     * @param change the change
     * @return the result
     */
    R visit(DeleteDevice change);

    /**
     * Handles a {@link SetMaster}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetMaster change);

    /**
     * Handles a {@link ReleaseMaster}.
     *
     * @param change the change
     * @return the result
     */
    R visit(ReleaseMaster change);

    /**
     * Handles a {@link SetUp}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetUp change);

    /**
     * Handles a {@link SetMtu}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetMtu change);

    /**
     * Handles a {@link SetAlias}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetAlias change);

    /**
     * Handles a {@link AddAltName}.
     *
     * @param change the change
     * @return the result
     */
    R visit(AddAltName change);

    /**
     * Handles a {@link RemoveAltName}.
     *
     * @param change the change
     * @return the result
     */
    R visit(RemoveAltName change);

    /**
     * Handles a {@link SetBondPrimary}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetBondPrimary change);

    /**
     * Handles a {@link AddPortVlans}.
     *
     * @param change the change
     * @return the result
     */
    R visit(AddPortVlans change);

    /**
     * Handles a {@link RemovePortVlans}.
     *
     * @param change the change
     * @return the result
     */
    R visit(RemovePortVlans change);
  }

  /** Creates a bond in mode active-backup, down, with link monitoring and the given MTU. */
  record CreateBond(String device, int mtu, int miimonMillis) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public CreateBond {
      Objects.requireNonNull(device, "device");
    }

    @Override
    public List<Change> inverse(HostState before) {
      return List.of(new DeleteDevice(device));
    }

    @Override
    public String toString() {
      return "create bond "
          + device
          + " (active-backup, miimon "
          + miimonMillis
          + ", mtu "
          + mtu
          + ")";
    }
  }

  /** Creates a bridge with VLAN filtering on and default PVID 0, down, with the given MTU. */
  record CreateBridge(String device, int mtu) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public CreateBridge {
      Objects.requireNonNull(device, "device");
    }

    @Override
    public List<Change> inverse(HostState before) {
      return List.of(new DeleteDevice(device));
    }

    @Override
    public String toString() {
      return "create bridge " + device + " (vlan_filtering 1, default_pvid 0, mtu " + mtu + ")";
    }
  }

  /** Deletes a (bond or bridge) device; the planner releases its ports first. */
  record DeleteDevice(String device) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public DeleteDevice {
      Objects.requireNonNull(device, "device");
    }

    @Override
    public List<Change> inverse(HostState before) {
      Device d = require(before, device);
      List<Change> undo = new ArrayList<>();
      if (d.isBond()) {
        undo.add(new CreateBond(device, d.mtu(), d.bond().orElseThrow().miimonMillis()));
      } else if (d.isBridge()) {
        undo.add(new CreateBridge(device, d.mtu()));
      } else {
        throw new IllegalStateException(
            "cannot recreate " + d.kind() + " " + device + ": only bonds and bridges are deleted");
      }
      d.alias().ifPresent(a -> undo.add(new SetAlias(device, Optional.of(a))));
      d.altNames().forEach(n -> undo.add(new AddAltName(device, n)));
      d.master().ifPresent(m -> undo.add(new SetMaster(device, m)));
      if (!d.vlans().isEmpty()) {
        undo.add(new AddPortVlans(device, d.vlans()));
      }
      if (d.up()) {
        undo.add(new SetUp(device, true));
      }
      return undo;
    }

    @Override
    public String toString() {
      return "delete " + device;
    }
  }

  /**
   * Enslaves a device to a bond or bridge ({@code IFLA_MASTER}); the device must have no master.
   */
  record SetMaster(String device, String master) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public SetMaster {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(master, "master");
    }

    @Override
    public List<Change> inverse(HostState before) {
      Device d = require(before, device);
      if (d.master().equals(Optional.of(master))) {
        return List.of(); // enslaving to the current master changes nothing
      }
      List<Change> undo = new ArrayList<>();
      undo.add(new ReleaseMaster(device));
      if (isBond(before, master)) {
        undo.addAll(restoreAfterBond(d));
      }
      return undo;
    }

    @Override
    public String toString() {
      return "enslave " + device + " to " + master;
    }
  }

  /** Releases a device from its master ({@code IFLA_MASTER} 0). */
  record ReleaseMaster(String device) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public ReleaseMaster {
      Objects.requireNonNull(device, "device");
    }

    @Override
    public List<Change> inverse(HostState before) {
      Device d = require(before, device);
      if (d.master().isEmpty()) {
        return List.of(); // releasing a device without master changes nothing
      }
      String master = d.master().get();
      List<Change> undo = new ArrayList<>();
      boolean bond = isBond(before, master);
      if (d.up() && bond) {
        undo.add(new SetUp(device, false));
      }
      undo.add(new SetMaster(device, master));
      if (!d.vlans().isEmpty()) {
        undo.add(new AddPortVlans(device, d.vlans()));
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
          .ifPresent(p -> undo.add(new SetBondPrimary(master, Optional.of(p))));
      return undo;
    }

    @Override
    public String toString() {
      return "release " + device;
    }
  }

  /** Brings a device administratively up or down. */
  record SetUp(String device, boolean up) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public SetUp {
      Objects.requireNonNull(device, "device");
    }

    @Override
    public List<Change> inverse(HostState before) {
      return List.of(new SetUp(device, require(before, device).up()));
    }

    @Override
    public String toString() {
      return "set " + device + (up ? " up" : " down");
    }
  }

  /** Sets a device's MTU (on a bond, the kernel passes it on to the slaves). */
  record SetMtu(String device, int mtu) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public SetMtu {
      Objects.requireNonNull(device, "device");
    }

    @Override
    public List<Change> inverse(HostState before) {
      Device d = require(before, device);
      List<Change> undo = new ArrayList<>();
      undo.add(new SetMtu(device, d.mtu()));
      if (d.isBond()) {
        // The bond passed its MTU on to its slaves; give back any that had another.
        before.portsOf(device).stream()
            .filter(p -> p.mtu() != d.mtu())
            .forEach(p -> undo.add(new SetMtu(p.name(), p.mtu())));
      }
      return undo;
    }

    @Override
    public String toString() {
      return "set " + device + " mtu " + mtu;
    }
  }

  /** Sets or clears a device's alias ({@code IFLA_IFALIAS}; empty clears). */
  record SetAlias(String device, Optional<String> alias) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public SetAlias {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(alias, "alias");
    }

    @Override
    public List<Change> inverse(HostState before) {
      return List.of(new SetAlias(device, require(before, device).alias()));
    }

    @Override
    public String toString() {
      return alias
          .map(a -> "set " + device + " alias \"" + a + "\"")
          .orElse("clear " + device + " alias");
    }
  }

  /** Adds an alternative name ({@code RTM_NEWLINKPROP}, {@code IFLA_ALT_IFNAME}). */
  record AddAltName(String device, String altName) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public AddAltName {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(altName, "altName");
    }

    @Override
    public List<Change> inverse(HostState before) {
      return List.of(new RemoveAltName(device, altName));
    }

    @Override
    public String toString() {
      return "add " + device + " altname " + altName;
    }
  }

  /** Removes an alternative name ({@code RTM_DELLINKPROP}, {@code IFLA_ALT_IFNAME}). */
  record RemoveAltName(String device, String altName) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public RemoveAltName {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(altName, "altName");
    }

    @Override
    public List<Change> inverse(HostState before) {
      return List.of(new AddAltName(device, altName));
    }

    @Override
    public String toString() {
      return "remove " + device + " altname " + altName;
    }
  }

  /** Sets a bond's primary slave (empty: none; on Linux {@code IFLA_BOND_PRIMARY} 0). */
  record SetBondPrimary(String device, Optional<String> primary) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public SetBondPrimary {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(primary, "primary");
    }

    @Override
    public List<Change> inverse(HostState before) {
      return List.of(
          new SetBondPrimary(
              device, require(before, device).bond().flatMap(BondSettings::primary)));
    }

    @Override
    public String toString() {
      return "set bond " + device + " primary " + primary.orElse("none");
    }
  }

  /**
   * Adds bridge VLAN entries to a bridge port, all in one request; an entry that exists takes the
   * new flags (as the kernel does). A PVID entry moves the port's PVID to it.
   */
  record AddPortVlans(String device, List<VlanRange> ranges) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /**
     * Checks for nulls; keeps the ranges as given (a PVID entry may appear in a range list once).
     */
    public AddPortVlans {
      Objects.requireNonNull(device, "device");
      ranges = nonEmpty(ranges, "adding no VLANs to ", device);
    }

    @Override
    public List<Change> inverse(HostState before) {
      Device d = require(before, device);
      var had = VlanFlags.of(d.vlans());
      var added = VlanFlags.of(ranges);
      var restore = new TreeMap<Integer, Integer>();
      var remove = new TreeMap<Integer, Integer>();
      for (var e : added.entrySet()) {
        Integer old = had.get(e.getKey());
        if (old == null) {
          remove.put(e.getKey(), 0);
        } else if (!old.equals(e.getValue())) {
          restore.put(e.getKey(), old);
        }
      }
      // A PVID elsewhere on the port is lost when an added entry takes the PVID.
      if (added.values().stream().anyMatch(f -> (f & 1) != 0)) {
        had.forEach(
            (vid, f) -> {
              if ((f & 1) != 0 && !added.containsKey(vid)) {
                restore.put(vid, f);
              }
            });
      }
      List<Change> undo = new ArrayList<>();
      if (!remove.isEmpty()) {
        undo.add(new RemovePortVlans(device, VlanFlags.toRanges(remove)));
      }
      if (!restore.isEmpty()) {
        undo.add(new AddPortVlans(device, VlanFlags.toRanges(restore)));
      }
      return undo;
    }

    @Override
    public String toString() {
      return "add " + device + " vlan " + join(ranges);
    }
  }

  /** Removes bridge VLAN entries from a bridge port, all in one request (flags are ignored). */
  record RemovePortVlans(String device, List<VlanRange> ranges) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public RemovePortVlans {
      Objects.requireNonNull(device, "device");
      ranges = nonEmpty(ranges, "removing no VLANs from ", device);
    }

    @Override
    public List<Change> inverse(HostState before) {
      var had = VlanFlags.of(require(before, device).vlans());
      var restore = new TreeMap<Integer, Integer>();
      for (VlanRange r : ranges) {
        for (int v = r.first(); v <= r.last(); v++) {
          Integer f = had.get(v);
          if (f != null) {
            restore.put(v, f);
          }
        }
      }
      return restore.isEmpty()
          ? List.of()
          : List.of(new AddPortVlans(device, VlanFlags.toRanges(restore)));
    }

    @Override
    public String toString() {
      List<String> vids =
          ranges.stream()
              .map(r -> r.first() == r.last() ? "" + r.first() : r.first() + "-" + r.last())
              .toList();
      return "remove " + device + " vlan " + String.join(", ", vids);
    }
  }

  private static Device require(HostState before, String device) {
    return before
        .device(device)
        .orElseThrow(
            () -> new IllegalStateException("no device " + device + " to undo a change on"));
  }

  private static boolean isBond(HostState state, String device) {
    return state.device(device).filter(Device::isBond).isPresent();
  }

  /**
   * Gives a device back the MTU and up/down state it had before a bond changed them (enslaving
   * gives a slave the bond's MTU and brings it up; releasing takes it down).
   */
  private static List<Change> restoreAfterBond(Device before) {
    return List.of(new SetMtu(before.name(), before.mtu()), new SetUp(before.name(), before.up()));
  }

  /** The ranges, copied; the error (its text built only then) when there are none. */
  private static List<VlanRange> nonEmpty(List<VlanRange> ranges, String error, String device) {
    List<VlanRange> copy = List.copyOf(ranges);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(error + device);
    }
    return copy;
  }

  private static String join(List<VlanRange> ranges) {
    return String.join(", ", ranges.stream().map(VlanRange::toString).toList());
  }
}
