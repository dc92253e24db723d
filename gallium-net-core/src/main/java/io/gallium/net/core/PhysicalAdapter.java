package io.gallium.net.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A network adapter of the host as {@link HostNetwork#adapters()} lists it: a physical NIC (a
 * device on a bus, such as PCI), or a device an adapter group already uses as an adapter (a veth
 * end in a sandbox). What a product shows when the administrator picks the adapters of a group.
 * Immutable, equal by value; a snapshot of the moment it was read.
 *
 * @param name the kernel name, e.g. {@code eth0}, {@code enp59s0f0}
 * @param mac the hardware address now, as {@code aa:bb:cc:dd:ee:ff} (a bond gives its adapters its
 *     own, so this may be the active adapter's)
 * @param permanentMac the address burnt into the NIC (Linux {@code IFLA_PERM_ADDRESS}), where the
 *     device has one and the kernel reports it: the name to show for a NIC inside a group, whose
 *     {@code mac} the bond has changed
 * @param physical whether the device is a NIC on a bus (it has a parent bus device); {@code false}
 *     for a virtual device listed because a group uses it
 * @param carrier whether it has carrier (a cable in, the switch port up)
 * @param mtu its MTU now
 * @param maxMtu the largest MTU it accepts (Linux {@code IFLA_MAX_MTU}), where the kernel reports
 *     it
 * @param group the adapter group using it, if one of gallium-net's groups does
 * @param role its role in that group, present exactly when {@code group} is
 * @param driver the kernel driver's name, e.g. {@code ixgbe}, {@code mlx5_core}, where known
 * @param busAddress where the NIC sits on its bus, e.g. PCI {@code 0000:3b:00.0}, where it has one
 * @param speedMbps the link speed in Mbit/s, where the driver reports one (usually only while it
 *     has carrier)
 * @param duplex half or full duplex, where the driver reports it
 * @param refusals why it cannot be put into an adapter group now, in the words {@link
 *     HostNetwork#apply} would refuse it with (enslaved to a device gallium-net does not own,
 *     carrying IP addresses, ...); empty when it can be. An adapter already in a group of ours is
 *     judged as that group would take it again
 */
public record PhysicalAdapter(
    String name,
    String mac,
    Optional<String> permanentMac,
    boolean physical,
    boolean carrier,
    int mtu,
    OptionalInt maxMtu,
    Optional<String> group,
    Optional<Role> role,
    Optional<String> driver,
    Optional<String> busAddress,
    OptionalInt speedMbps,
    Optional<Duplex> duplex,
    List<Refusal> refusals) {

  /**
   * Checks that nothing is null and that a role goes with a group; copies the list.
   *
   * @throws IllegalArgumentException if {@code role} and {@code group} are not both present or both
   *     empty
   */
  public PhysicalAdapter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(permanentMac, "permanentMac");
    Objects.requireNonNull(maxMtu, "maxMtu");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(busAddress, "busAddress");
    Objects.requireNonNull(speedMbps, "speedMbps");
    Objects.requireNonNull(duplex, "duplex");
    refusals = List.copyOf(refusals);
    if (group.isPresent() != role.isPresent()) {
      throw new IllegalArgumentException(
          "adapter "
              + name
              + ": a role goes with a group, and an adapter in a group has a role; got group "
              + group
              + ", role "
              + role);
    }
  }

  /**
   * Whether it can be put into an adapter group now: nothing on the host refuses it ({@link
   * #refusals()} is empty).
   */
  public boolean eligible() {
    return refusals.isEmpty();
  }

  /** An adapter's role in its group, as the topology gives it. */
  public enum Role {
    /**
     * The group's first adapter: it carries the traffic while it has its link (the bond's primary).
     */
    ACTIVE,
    /** The group's second adapter: it takes over when the active one loses its link. */
    STANDBY
  }

  /** How a link uses its medium. */
  public enum Duplex {
    /** Sends and receives in turn. */
    HALF,
    /** Sends and receives at once. */
    FULL
  }

  /**
   * One line, e.g. {@code eth0 02:00:00:00:00:01 carrier mtu 1500 (max 9000) ixgbe 0000:3b:00.0
   * 10000 Mbit/s full, group uplink (active)}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(' ').append(mac);
    sb.append(carrier ? " carrier" : " no-carrier").append(" mtu ").append(mtu);
    maxMtu.ifPresent(m -> sb.append(" (max ").append(m).append(')'));
    driver.ifPresent(d -> sb.append(' ').append(d));
    busAddress.ifPresent(b -> sb.append(' ').append(b));
    speedMbps.ifPresent(s -> sb.append(' ').append(s).append(" Mbit/s"));
    duplex.ifPresent(d -> sb.append(' ').append(d.name().toLowerCase(java.util.Locale.ROOT)));
    group.ifPresent(
        g ->
            sb.append(", group ")
                .append(g)
                .append(" (")
                .append(role.get().name().toLowerCase(java.util.Locale.ROOT))
                .append(')'));
    if (!refusals.isEmpty()) {
      sb.append(", not eligible: ").append(refusals.get(0).message());
    }
    return sb.toString();
  }
}
