package io.gallium.net.core.spi;

import io.gallium.net.core.internal.VlanFlags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One network device of a host, identified by its kernel name. Immutable, equal by value. Lists are
 * kept in canonical order (alternative names and addresses sorted, VLANs normalized), so two
 * devices that mean the same are equal.
 *
 * @param name the kernel name (at most 15 bytes on Linux)
 * @param kind what the device is
 * @param altNames alternative names (sorted)
 * @param alias the alias (Linux {@code IFLA_IFALIAS}); gallium-net puts its owner tag here
 * @param master the device this one is enslaved to (a bond or a bridge)
 * @param up whether the device is administratively up
 * @param mtu the MTU
 * @param mac the MAC address as {@code aa:bb:cc:dd:ee:ff}, if the device has one
 * @param carrier whether the device has carrier (observed, never planned)
 * @param bond the bond settings, present exactly for {@link DeviceKind#BOND}
 * @param bridge the bridge settings, present exactly for {@link DeviceKind#BRIDGE}
 * @param vlans the bridge VLAN entries of this device as a bridge port (normalized ranges)
 * @param addresses the IP addresses on this device, as {@code address/prefix} (sorted)
 * @param maxMtu the largest MTU the device takes (Linux {@code IFLA_MAX_MTU}); 0 when not reported
 *     or unlimited
 * @param bondPort what its bond says of it, when it is a bond's slave (observed, never planned)
 * @param claim another program's claim that it configures this device (observed, never planned: see
 *     {@link Claim})
 * @param vlanLink the parent and VLAN ID, present exactly for {@link DeviceKind#VLAN}
 * @param routes the routes through this device that someone added (sorted; not those the kernel
 *     derives from addresses)
 * @param permanentMac the address burnt into the device (Linux {@code IFLA_PERM_ADDRESS}), where it
 *     has one and the kernel reports it (observed, never planned)
 */
public record Device(
    String name,
    DeviceKind kind,
    List<String> altNames,
    Optional<String> alias,
    Optional<String> master,
    boolean up,
    int mtu,
    Optional<String> mac,
    boolean carrier,
    Optional<BondSettings> bond,
    Optional<BridgeSettings> bridge,
    List<VlanRange> vlans,
    List<String> addresses,
    int maxMtu,
    Optional<BondPort> bondPort,
    Optional<Claim> claim,
    Optional<VlanLink> vlanLink,
    List<Route> routes,
    Optional<String> permanentMac) {

  /** Brings the lists into canonical order. */
  public Device {
    Objects.requireNonNull(bondPort, "bondPort");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(bond, "bond");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(claim, "claim");
    altNames = List.copyOf(new TreeSet<>(altNames));
    addresses = List.copyOf(new TreeSet<>(addresses));
    routes = List.copyOf(new TreeSet<>(routes));
    vlans = VlanFlags.normalize(vlans);
    requireSettingsOf(name, kind, DeviceKind.BOND, bond, "bond");
    requireSettingsOf(name, kind, DeviceKind.BRIDGE, bridge, "bridge");
    Objects.requireNonNull(vlanLink, "vlanLink");
    Objects.requireNonNull(permanentMac, "permanentMac");
    requireSettingsOf(name, kind, DeviceKind.VLAN, vlanLink, "VLAN device");
  }

  /** Settings of a kind (a bond's, a bridge's) are present exactly on devices of that kind. */
  private static void requireSettingsOf(
      String name, DeviceKind kind, DeviceKind owner, Optional<?> settings, String what) {
    if (settings.isPresent() != (kind == owner)) {
      throw new IllegalArgumentException(
          "device "
              + name
              + ": "
              + what
              + " settings belong to "
              + what
              + "s only, and every "
              + what
              + " has them");
    }
  }

  /**
   * A builder for a device of the given name and kind: down, MTU 1500, no carrier, nothing else.
   */
  public static Builder builder(String name, DeviceKind kind) {
    return new Builder(name, kind);
  }

  /** A builder holding this device's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether the device takes this MTU as far as its maximum goes ({@link #maxMtu()} 0: any). */
  public boolean takesMtu(int value) {
    return maxMtu <= 0 || value <= maxMtu;
  }

  /** Whether this device is a bond. */
  public boolean isBond() {
    return kind == DeviceKind.BOND;
  }

  /** Whether this device is an 802.1q VLAN device. */
  public boolean isVlan() {
    return kind == DeviceKind.VLAN;
  }

  /** Whether this device is a bridge. */
  public boolean isBridge() {
    return kind == DeviceKind.BRIDGE;
  }

  /** The PVID this device has as a bridge port, if any. */
  public Optional<Integer> pvid() {
    return vlans.stream().filter(VlanRange::pvid).map(VlanRange::first).findFirst();
  }

  /** Compact, e.g. {@code eth0 adapter up mtu 1500 master gb-uplink carrier mac 02:..}. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(name)
            .append(' ')
            .append(kind.name().toLowerCase(java.util.Locale.ROOT))
            .append(up ? " up" : " down")
            .append(" mtu ")
            .append(mtu);
    master.ifPresent(m -> sb.append(" master ").append(m));
    alias.ifPresent(a -> sb.append(" alias \"").append(a).append('"'));
    if (!altNames.isEmpty()) {
      sb.append(" altnames ").append(String.join(",", altNames));
    }
    sb.append(carrier ? " carrier" : " no-carrier");
    mac.ifPresent(m -> sb.append(" mac ").append(m));
    bond.ifPresent(
        b ->
            sb.append(" bond ")
                .append(b.mode())
                .append(" miimon ")
                .append(b.miimonMillis())
                .append(" primary ")
                .append(b.primary().orElse("none"))
                .append(" active ")
                .append(b.activeAdapter().orElse("none")));
    bridge.ifPresent(
        b ->
            sb.append(" vlan_filtering ")
                .append(b.vlanFiltering() ? 1 : 0)
                .append(" default_pvid ")
                .append(b.defaultPvid()));
    if (!vlans.isEmpty()) {
      sb.append(" vlans ").append(vlans);
    }
    if (!addresses.isEmpty()) {
      sb.append(" addresses ").append(addresses);
    }
    claim.ifPresent(c -> sb.append(" claimed-by ").append(c.program()));
    vlanLink.ifPresent(
        v -> sb.append(" link ").append(v.parent()).append(" id ").append(v.vlanId()));
    return sb.toString();
  }

  /** Builds a {@link Device}; defaults: down, MTU 1500, no carrier, no master, nothing else. */
  public static final class Builder {
    private final String name;
    private DeviceKind kind;
    private final List<String> altNames = new ArrayList<>();
    private Optional<String> alias = Optional.empty();
    private Optional<String> master = Optional.empty();
    private boolean up;
    private int mtu = 1500;
    private Optional<String> mac = Optional.empty();
    private boolean carrier;
    private Optional<BondSettings> bond = Optional.empty();
    private Optional<BridgeSettings> bridge = Optional.empty();
    private final List<VlanRange> vlans = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private Optional<Claim> claim = Optional.empty();
    private int maxMtu;
    private Optional<BondPort> bondPort = Optional.empty();
    private Optional<VlanLink> vlanLink = Optional.empty();
    private final List<Route> routes = new ArrayList<>();
    private Optional<String> permanentMac = Optional.empty();

    private Builder(String name, DeviceKind kind) {
      this.name = Objects.requireNonNull(name, "name");
      this.kind = Objects.requireNonNull(kind, "kind");
      if (kind == DeviceKind.BOND) {
        bond = Optional.of(BondSettings.activeBackup(100));
      }
      if (kind == DeviceKind.BRIDGE) {
        bridge = Optional.of(BridgeSettings.vlanAware());
      }
    }

    private Builder(Device d) {
      name = d.name;
      kind = d.kind;
      altNames.addAll(d.altNames);
      alias = d.alias;
      master = d.master;
      up = d.up;
      mtu = d.mtu;
      mac = d.mac;
      carrier = d.carrier;
      bond = d.bond;
      bridge = d.bridge;
      vlans.addAll(d.vlans);
      addresses.addAll(d.addresses);
      vlanLink = d.vlanLink;
      routes.addAll(d.routes);
      permanentMac = d.permanentMac;
      claim = d.claim;
      maxMtu = d.maxMtu;
      bondPort = d.bondPort;
    }

    /** Sets the largest MTU the device takes (0: not reported, or unlimited). */
    public Builder maxMtu(int value) {
      maxMtu = value;
      return this;
    }

    /** Sets what its bond says of it ({@code null}: not a bond's slave, or not known). */
    public Builder bondPort(BondPort value) {
      bondPort = Optional.ofNullable(value);
      return this;
    }

    /** Replaces the alternative names. */
    public Builder altNames(Collection<String> names) {
      altNames.clear();
      altNames.addAll(names);
      return this;
    }

    /** Adds an alternative name. */
    public Builder addAltName(String altName) {
      altNames.add(altName);
      return this;
    }

    /** Sets the alias ({@code null} or empty: none). */
    public Builder alias(String value) {
      alias = value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
      return this;
    }

    /** Sets the master ({@code null}: none). */
    public Builder master(String value) {
      master = Optional.ofNullable(value);
      return this;
    }

    /** Sets the master. */
    public Builder master(Optional<String> value) {
      master = Objects.requireNonNull(value, "master");
      return this;
    }

    /** Sets whether the device is administratively up. */
    public Builder up(boolean value) {
      up = value;
      return this;
    }

    /** Sets the MTU. */
    public Builder mtu(int value) {
      mtu = value;
      return this;
    }

    /** Sets the MAC address ({@code null}: none). */
    public Builder mac(String value) {
      mac = Optional.ofNullable(value);
      return this;
    }

    /** Sets whether the device has carrier. */
    public Builder carrier(boolean value) {
      carrier = value;
      return this;
    }

    /** Sets the bond settings (the device must be a bond). */
    public Builder bond(BondSettings value) {
      bond = Optional.of(value);
      return this;
    }

    /** Sets the bridge settings (the device must be a bridge). */
    public Builder bridge(BridgeSettings value) {
      bridge = Optional.of(value);
      return this;
    }

    /** Replaces the bridge VLAN entries. */
    public Builder vlans(Collection<VlanRange> ranges) {
      vlans.clear();
      vlans.addAll(ranges);
      return this;
    }

    /** Replaces the IP addresses ({@code address/prefix}). */
    public Builder addresses(Collection<String> values) {
      addresses.clear();
      addresses.addAll(values);
      return this;
    }

    /** Adds an IP address ({@code address/prefix}). */
    public Builder addAddress(String value) {
      addresses.add(value);
      return this;
    }

    /** Sets another program's claim on the device ({@code null}: none). */
    public Builder claim(Claim value) {
      claim = Optional.ofNullable(value);
      return this;
    }

    /** Sets another program's claim on the device. */
    public Builder claim(Optional<Claim> value) {
      claim = Objects.requireNonNull(value, "claim");
      return this;
    }

    /** Sets the parent and VLAN ID (the device must be a VLAN device). */
    public Builder vlanLink(VlanLink value) {
      vlanLink = Optional.of(value);
      return this;
    }

    /** Sets the address burnt into the device ({@code null}: it has none, or it is not known). */
    public Builder permanentMac(String value) {
      permanentMac = Optional.ofNullable(value);
      return this;
    }

    /** Replaces the routes through the device. */
    public Builder routes(Collection<Route> values) {
      routes.clear();
      routes.addAll(values);
      return this;
    }

    /** Adds a route through the device. */
    public Builder addRoute(Route value) {
      routes.add(value);
      return this;
    }

    /**
     * Builds the device; fails with a message naming the device if bond/bridge settings do not fit
     * the kind.
     */
    public Device build() {
      return new Device(
          name,
          kind,
          altNames,
          alias,
          master,
          up,
          mtu,
          mac,
          carrier,
          bond,
          bridge,
          vlans,
          addresses,
          maxMtu,
          bondPort,
          claim,
          vlanLink,
          routes,
          permanentMac);
    }
  }
}
