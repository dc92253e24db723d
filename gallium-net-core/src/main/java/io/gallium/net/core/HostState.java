package io.gallium.net.core;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The devices a host has, by name: an immutable, provider-neutral picture, equal by value.
 * A {@link Driver} observes it, the layout computes the one a topology needs, and the
 * {@link Planner} computes the {@link Plan} from one to another.
 */
public final class HostState {

  private static final HostState EMPTY = new HostState(new TreeMap<>());

  private final Map<String, Device> devices;

  private HostState(TreeMap<String, Device> devices) {
    // A sorted view, so that copying it into a new TreeMap is linear, not n log n.
    this.devices = Collections.unmodifiableSortedMap(devices);
  }

  /** A host without devices. */
  public static HostState empty() {
    return EMPTY;
  }

  /** A host with these devices; fails if two share a name. */
  public static HostState of(Collection<Device> devices) {
    TreeMap<String, Device> map = new TreeMap<>();
    for (Device d : devices) {
      if (map.put(d.name(), d) != null) {
        throw new IllegalArgumentException("two devices are named " + d.name());
      }
    }
    return new HostState(map);
  }

  /**
   * A host with these devices, by name; linear in their number.
   *
   * @throws IllegalArgumentException if a key is not its device's name
   */
  public static HostState of(SortedMap<String, Device> devices) {
    TreeMap<String, Device> map = new TreeMap<>(devices);
    if (map.comparator() != null) {
      return of(devices.values());
    }
    for (Map.Entry<String, Device> e : map.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException("device " + e.getValue().name() + " is filed under the name " + e.getKey());
      }
    }
    return new HostState(map);
  }

  /** A host with these devices. */
  public static HostState of(Device... devices) {
    return of(List.of(devices));
  }

  /** All devices, by name, sorted by name. */
  public Map<String, Device> devices() {
    return devices;
  }

  /** The device of that name. */
  public Optional<Device> device(String name) {
    return Optional.ofNullable(devices.get(name));
  }

  /** Whether a device has this name or alternative name. */
  public boolean hasName(String name) {
    return findByAnyName(name).isPresent();
  }

  /** The device with this name or alternative name. */
  public Optional<Device> findByAnyName(String name) {
    Device d = devices.get(name);
    if (d != null) {
      return Optional.of(d);
    }
    return devices.values().stream().filter(x -> x.altNames().contains(name)).findFirst();
  }

  /** The devices enslaved to {@code master}, sorted by name. */
  public List<Device> portsOf(String master) {
    return devices.values().stream()
        .filter(d -> d.master().filter(master::equals).isPresent())
        .collect(Collectors.toUnmodifiableList());
  }

  /** A copy with {@code device} added or replaced. */
  public HostState with(Device device) {
    TreeMap<String, Device> map = new TreeMap<>(devices);
    map.put(device.name(), device);
    return new HostState(map);
  }

  /** A copy without the device of that name. */
  public HostState without(String name) {
    TreeMap<String, Device> map = new TreeMap<>(devices);
    map.remove(name);
    return new HostState(map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostState && ((HostState) o).devices.equals(devices);
  }

  @Override
  public int hashCode() {
    return devices.hashCode();
  }

  /** One line per device. */
  @Override
  public String toString() {
    return devices.values().stream().map(Device::toString).collect(Collectors.joining("\n", "HostState[\n", "\n]"));
  }
}
