package io.gallium.net.core.internal;

import io.gallium.net.core.PhysicalAdapter;
import io.gallium.net.core.spi.AdapterFacts;
import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host's adapters as a product lists them: the driver's facts (which devices are NICs, their
 * driver, bus, speed) joined with the observed devices (MAC, burnt-in MAC, MTU, largest MTU,
 * carrier, master), each with its group and role and whether {@link HostChecks} would take it.
 * Which devices count as adapters has its one home here: the physical NICs the driver reports among
 * the {@link #candidates}, and every device enslaved to a bond of ours (a group's adapter, whatever
 * it is).
 */
public final class AdapterInventory {

  private AdapterInventory() {}

  /**
   * Reads the adapters of {@code driver}'s host, sorted by name.
   *
   * @param driver the host
   * @param allowAddresses adapters that may be taken although they carry IP addresses
   * @param allowClaimed adapters that may be taken although another program claims them
   * @return the adapters; a device the driver described but that vanished before it was observed,
   *     or that has no hardware address, is left out
   */
  public static List<PhysicalAdapter> read(
      Driver driver, Set<String> allowAddresses, Set<String> allowClaimed) {
    HostState host = driver.observe();
    Map<String, Device> inGroups = groupAdapters(host);
    List<PhysicalAdapter> out = new ArrayList<>();
    for (AdapterFacts f : driver.adapterFacts(candidates(host, inGroups.keySet()))) {
      Optional<Device> found = host.device(f.name());
      if (found.isEmpty()
          || found.get().mac().isEmpty()
          || !(f.physical() || inGroups.containsKey(f.name()))) {
        continue;
      }
      Device d = found.get();
      Device bond = inGroups.get(d.name());
      Optional<String> group = bond == null ? Optional.empty() : DeviceNames.groupOfBond(bond);
      Optional<PhysicalAdapter.Role> role =
          group.map(
              g ->
                  bond.bond().flatMap(BondSettings::primary).equals(Optional.of(d.name()))
                      ? PhysicalAdapter.Role.ACTIVE
                      : PhysicalAdapter.Role.STANDBY);
      out.add(
          new PhysicalAdapter(
              d.name(),
              d.mac().get(),
              d.permanentMac(),
              f.physical(),
              d.carrier(),
              d.mtu(),
              d.maxMtu() > 0 ? OptionalInt.of(d.maxMtu()) : OptionalInt.empty(),
              group,
              role,
              f.driver(),
              f.busAddress(),
              f.speedMbps(),
              f.duplex(),
              HostChecks.adapterRefusals(
                  host, d.name(), group, allowAddresses, allowClaimed, Set.of())));
    }
    out.sort(Comparator.comparing(PhysicalAdapter::name));
    return out;
  }

  /**
   * The devices that may be adapters: every {@link DeviceKind#ADAPTER} (a NIC always is one; the
   * driver tells which are NICs) and {@code alsoThese}.
   *
   * @param host the host
   * @param alsoThese devices to ask about whatever their kind (a group's adapters)
   * @return the names to ask the driver about
   */
  public static Set<String> candidates(HostState host, Set<String> alsoThese) {
    Set<String> out = new TreeSet<>(alsoThese);
    for (Device d : host.devices().values()) {
      if (d.kind() == DeviceKind.ADAPTER) {
        out.add(d.name());
      }
    }
    return out;
  }

  /**
   * The devices enslaved to bonds of ours (the adapters of our groups), each with its bond.
   *
   * @param host the host
   * @return adapter name to its bond, sorted by adapter name
   */
  public static Map<String, Device> groupAdapters(HostState host) {
    Map<String, Device> out = new TreeMap<>();
    for (Device d : host.devices().values()) {
      if (d.isBond() && DeviceNames.groupOfBond(d).isPresent()) {
        host.ports(d.name()).forEach(p -> out.put(p.name(), d));
      }
    }
    return out;
  }
}
