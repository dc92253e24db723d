package io.gallium.net.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One explicit, provider-neutral operation on one device, named by its kernel name: data only. Each
 * maps to one kernel request (on Linux one rtnetlink message).
 *
 * <p>Kernel side effects a driver must not add to (the kernel does them): enslaving to a bond
 * brings the adapter up and gives it the bond's MTU; releasing from a bond takes it down; releasing
 * from a bridge drops its VLAN entries; a new bridge port carries no VLAN (default PVID 0).
 */
public sealed interface Change {

  /** The name of the device this change acts on. */
  String device();

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
     * Handles a {@link SetBondMiimon}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetBondMiimon change);

    /**
     * Handles a {@link SetBondSettings}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetBondSettings change);

    /**
     * Handles a {@link SetBridgeSettings}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetBridgeSettings change);

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

    /**
     * Handles a {@link CreateVlan}.
     *
     * @param change the change
     * @return the result
     */
    R visit(CreateVlan change);

    /**
     * Handles a {@link AddAddress}.
     *
     * @param change the change
     * @return the result
     */
    R visit(AddAddress change);

    /**
     * Handles a {@link RemoveAddress}.
     *
     * @param change the change
     * @return the result
     */
    R visit(RemoveAddress change);

    /**
     * Handles a {@link SetMac}.
     *
     * @param change the change
     * @return the result
     */
    R visit(SetMac change);

    /**
     * Handles a {@link AddRoute}.
     *
     * @param change the change
     * @return the result
     */
    R visit(AddRoute change);

    /**
     * Handles a {@link RemoveRoute}.
     *
     * @param change the change
     * @return the result
     */
    R visit(RemoveRoute change);
  }

  /**
   * Creates a bond, down, with the given MTU and settings (mode, link monitoring, failover and LACP
   * settings; without primary or active adapter, which need slaves).
   */
  record CreateBond(String device, int mtu, BondSettings settings) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Drops the primary and active adapter from the settings. */
    public CreateBond {
      Objects.requireNonNull(device, "device");
      settings = Objects.requireNonNull(settings, "settings").withoutSlaves();
    }

    /**
     * An active-backup bond with the kernel's defaults but for link monitoring.
     *
     * @param device the bond's name
     * @param mtu its MTU
     * @param miimonMillis its link monitoring interval
     */
    public CreateBond(String device, int mtu, int miimonMillis) {
      this(device, mtu, BondSettings.activeBackup(miimonMillis));
    }

    /** The link monitoring interval it is created with. */
    public int miimonMillis() {
      return settings.miimonMillis();
    }

    @Override
    public String toString() {
      return "create bond "
          + device
          + " ("
          + settings.mode()
          + ", miimon "
          + settings.miimonMillis()
          + bondExtra(settings)
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

    public CreateBridge {
      Objects.requireNonNull(device, "device");
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

    public DeleteDevice {
      Objects.requireNonNull(device, "device");
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

    public SetMaster {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(master, "master");
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

    public ReleaseMaster {
      Objects.requireNonNull(device, "device");
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

    public SetUp {
      Objects.requireNonNull(device, "device");
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

    public SetMtu {
      Objects.requireNonNull(device, "device");
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

    public SetAlias {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(alias, "alias");
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

    public AddAltName {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(altName, "altName");
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

    public RemoveAltName {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(altName, "altName");
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

    public SetBondPrimary {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(primary, "primary");
    }

    @Override
    public String toString() {
      return "set bond " + device + " primary " + primary.orElse("none");
    }
  }

  /**
   * Sets a bond's link monitoring interval ({@code IFLA_BOND_MIIMON}; 0 turns monitoring off, and
   * with it failover on a lost link). The kernel takes it on a bond that is up and has slaves.
   */
  record SetBondMiimon(String device, int miimonMillis) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    public SetBondMiimon {
      Objects.requireNonNull(device, "device");
      if (miimonMillis < 0) {
        throw new IllegalArgumentException(
            "miimon of bond " + device + " must be >= 0 ms, not " + miimonMillis);
      }
    }

    @Override
    public String toString() {
      return "set bond " + device + " miimon " + miimonMillis;
    }
  }

  /**
   * Sets, in one request, a bond's settings that the kernel changes on a running bond with slaves:
   * link monitoring ({@code miimon}), up and down delays, primary reselection, ARP monitoring
   * (interval and targets) and the transmit hash policy, taken from {@code settings}. Not the mode
   * or LACP rate (the kernel changes those only on a bond that is down, the mode only without
   * slaves: the planner creates such a bond again), the primary ({@link SetBondPrimary}) or the
   * active adapter (the kernel's to choose).
   */
  record SetBondSettings(String device, BondSettings settings) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Keeps only the settings it sets (see {@link BondSettings#withLiveSettingsOf}). */
    public SetBondSettings {
      Objects.requireNonNull(device, "device");
      settings =
          BondSettings.activeBackup(0)
              .withLiveSettingsOf(Objects.requireNonNull(settings, "settings"));
    }

    @Override
    public String toString() {
      return "set bond "
          + device
          + " miimon "
          + settings.miimonMillis()
          + " updelay "
          + settings.updelayMillis()
          + " downdelay "
          + settings.downdelayMillis()
          + " primary_reselect "
          + settings.primaryReselect()
          + " arp_interval "
          + settings.arpIntervalMillis()
          + " arp_ip_target "
          + (settings.arpTargets().isEmpty() ? "none" : String.join(",", settings.arpTargets()))
          + " xmit_hash_policy "
          + settings.xmitHashPolicy();
    }
  }

  /**
   * Sets a bridge's VLAN filtering and default PVID, together ({@code IFLA_BR_VLAN_FILTERING},
   * {@code IFLA_BR_VLAN_DEFAULT_PVID}). The kernel moves the ports that carry the old default PVID
   * (as PVID, untagged) to the new one, so a change of the default PVID also changes ports' VLANs.
   */
  record SetBridgeSettings(String device, BridgeSettings settings) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    public SetBridgeSettings {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String toString() {
      return "set bridge "
          + device
          + " vlan_filtering "
          + (settings.vlanFiltering() ? 1 : 0)
          + " default_pvid "
          + settings.defaultPvid();
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

    /** Keeps the ranges as given (a PVID entry may appear in a range list once). */
    public AddPortVlans {
      Objects.requireNonNull(device, "device");
      ranges = nonEmpty(ranges, "adding no VLANs to ", device);
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

    public RemovePortVlans {
      Objects.requireNonNull(device, "device");
      ranges = nonEmpty(ranges, "removing no VLANs from ", device);
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

  /** A bond's settings beyond mode and miimon that are not the kernel's defaults, for a plan. */
  private static String bondExtra(BondSettings s) {
    StringBuilder sb = new StringBuilder();
    if (s.updelayMillis() != 0 || s.downdelayMillis() != 0) {
      sb.append(", updelay ").append(s.updelayMillis());
      sb.append(", downdelay ").append(s.downdelayMillis());
    }
    if (!s.primaryReselect().equals(BondSettings.RESELECT_ALWAYS)) {
      sb.append(", primary_reselect ").append(s.primaryReselect());
    }
    if (s.arpIntervalMillis() != 0 || !s.arpTargets().isEmpty()) {
      sb.append(", arp_interval ").append(s.arpIntervalMillis());
      sb.append(", arp_ip_target ").append(String.join(",", s.arpTargets()));
    }
    if (!s.xmitHashPolicy().equals(BondSettings.HASH_LAYER2)) {
      sb.append(", xmit_hash_policy ").append(s.xmitHashPolicy());
    }
    if (!s.lacpRate().equals(BondSettings.LACP_SLOW)) {
      sb.append(", lacp_rate ").append(s.lacpRate());
    }
    return sb.toString();
  }

  /**
   * Creates an 802.1q VLAN device on {@code parent}, down, with the given MTU (at most the
   * parent's) and the parent's MAC address: the host's interface on a VLAN network.
   */
  record CreateVlan(String device, String parent, int vlanId, int mtu) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks the names and the VLAN ID. */
    public CreateVlan {
      Objects.requireNonNull(device, "device");
      new VlanLink(parent, vlanId);
    }

    @Override
    public String toString() {
      return "create vlan " + device + " (link " + parent + ", id " + vlanId + ", mtu " + mtu + ")";
    }
  }

  /**
   * Adds an IP address to a device ({@code RTM_NEWADDR}); the kernel adds the routes that come with
   * it (the local route and, on a device that is up, the prefix route).
   */
  record AddAddress(String device, String address) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks the address is in {@code address/prefix} form. */
    public AddAddress {
      Objects.requireNonNull(device, "device");
      requireCidr(address, device);
    }

    @Override
    public String toString() {
      return "add " + device + " address " + address;
    }
  }

  /**
   * Removes an IP address from a device ({@code RTM_DELADDR}); the kernel removes with it the
   * routes that needed it: its prefix route and any route whose gateway it alone reached.
   */
  record RemoveAddress(String device, String address) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks the address is in {@code address/prefix} form. */
    public RemoveAddress {
      Objects.requireNonNull(device, "device");
      requireCidr(address, device);
    }

    @Override
    public String toString() {
      return "remove " + device + " address " + address;
    }
  }

  /**
   * Sets a device's MAC address ({@code IFLA_ADDRESS}). A bridge whose MAC is set keeps it as its
   * ports come and go, where it would otherwise take the lowest of its ports'.
   */
  record SetMac(String device, String mac) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks the MAC's form. */
    public SetMac {
      Objects.requireNonNull(device, "device");
      io.gallium.net.MacAddress.parse(Objects.requireNonNull(mac, "mac"));
    }

    @Override
    public String toString() {
      return "set " + device + " mac " + mac;
    }
  }

  /**
   * Adds a route through a device to the main table ({@code RTM_NEWROUTE}). A route through a
   * gateway needs the device up with an address whose subnet holds the gateway.
   */
  record AddRoute(String device, Route route) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public AddRoute {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(route, "route");
    }

    @Override
    public String toString() {
      return "add route " + route + " dev " + device;
    }
  }

  /** Removes a route through a device from the main table ({@code RTM_DELROUTE}). */
  record RemoveRoute(String device, Route route) implements Change {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** Checks for nulls. */
    public RemoveRoute {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(route, "route");
    }

    @Override
    public String toString() {
      return "remove route " + route + " dev " + device;
    }
  }

  private static void requireCidr(String address, String device) {
    Objects.requireNonNull(address, "address");
    int slash = address.indexOf('/');
    if (slash <= 0 || slash == address.length() - 1) {
      throw new IllegalArgumentException(
          device + ": address " + address + " is not in address/prefix form");
    }
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
