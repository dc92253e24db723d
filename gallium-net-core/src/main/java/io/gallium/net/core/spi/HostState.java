package io.gallium.net.core.spi;

import io.gallium.net.core.internal.StateEdits;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The devices a host has, by name: an immutable, provider-neutral picture, equal by value. A {@link
 * Driver} observes it; the engine computes the one a topology needs and plans from one to another.
 *
 * <p>Held in a persistent sorted map, so a copy with one device added, replaced or removed costs
 * O(log n): the planner simulates every change of a plan on a copy of the host. Those copies are
 * the engine's, not part of this API.
 */
public final class HostState {

  private static final HostState EMPTY =
      new HostState(io.vavr.collection.TreeMap.empty(), io.vavr.collection.TreeMap.empty());

  private final io.vavr.collection.TreeMap<String, Device> map;

  /** Master name to the names of its ports. */
  private final io.vavr.collection.TreeMap<String, io.vavr.collection.TreeSet<String>> ports;

  private volatile Map<String, Device> view;

  static {
    StateEdits.grant(
        new StateEdits.Access() {
          @Override
          public HostState with(HostState state, Device device) {
            return state.with(device);
          }

          @Override
          public HostState without(HostState state, String name) {
            return state.without(name);
          }
        });
  }

  private HostState(
      io.vavr.collection.TreeMap<String, Device> map,
      io.vavr.collection.TreeMap<String, io.vavr.collection.TreeSet<String>> ports) {
    this.map = map;
    this.ports = ports;
  }

  /** A host without devices. */
  public static HostState empty() {
    return EMPTY;
  }

  /** A host with these devices; fails if two share a name. */
  public static HostState of(Collection<Device> devices) {
    HostState s = EMPTY;
    for (Device d : devices) {
      if (s.map.containsKey(d.name())) {
        throw new IllegalArgumentException("two devices are named " + d.name());
      }
      s = s.with(d);
    }
    return s;
  }

  /** A host with these devices. */
  public static HostState of(Device... devices) {
    return of(List.of(devices));
  }

  /** How many devices the host has. */
  public int size() {
    return map.size();
  }

  /** All devices, by name, sorted by name. */
  public Map<String, Device> devices() {
    Map<String, Device> v = view;
    if (v == null) {
      // The persistent map iterates in name order already: a hash map keeping that order is a
      // linear copy, where a TreeMap would compare names n log n times (the planner asks once per
      // stage).
      Map<String, Device> copy = new java.util.LinkedHashMap<>(map.size() * 4 / 3 + 1);
      map.forEach(copy::put);
      v = Collections.unmodifiableMap(copy);
      view = v;
    }
    return v;
  }

  /** The device of that name. */
  public Optional<Device> device(String name) {
    return map.get(name).toJavaOptional();
  }

  /** Whether a device has this name or alternative name. */
  public boolean hasName(String name) {
    return findByAnyName(name).isPresent();
  }

  /** The device with this name or alternative name. */
  public Optional<Device> findByAnyName(String name) {
    Optional<Device> d = device(name);
    if (d.isPresent()) {
      return d;
    }
    return map.values().find(x -> x.altNames().contains(name)).toJavaOptional();
  }

  /** The devices enslaved to {@code master}, sorted by name. */
  public List<Device> portsOf(String master) {
    return ports(master).toList();
  }

  /**
   * The devices enslaved to {@code master}, sorted by name, looked up as the stream is consumed.
   */
  public Stream<Device> ports(String master) {
    return ports
        .get(master)
        .map(names -> names.toJavaStream().map(n -> map.get(n).get()))
        .getOrElse(Stream.empty());
  }

  /** A copy with {@code device} added or replaced. */
  private HostState with(Device device) {
    var p = unlink(device.name());
    if (device.master().isPresent()) {
      String m = device.master().get();
      p = p.put(m, p.get(m).getOrElse(io.vavr.collection.TreeSet.empty()).add(device.name()));
    }
    return new HostState(map.put(device.name(), device), p);
  }

  /** The port index without {@code name} as a port. */
  private io.vavr.collection.TreeMap<String, io.vavr.collection.TreeSet<String>> unlink(
      String name) {
    var old = map.get(name).flatMap(d -> io.vavr.control.Option.ofOptional(d.master()));
    if (old.isEmpty()) {
      return ports;
    }
    var rest = ports.get(old.get()).get().remove(name);
    return rest.isEmpty() ? ports.remove(old.get()) : ports.put(old.get(), rest);
  }

  /** A copy without the device of that name. */
  private HostState without(String name) {
    return new HostState(map.remove(name), unlink(name));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostState && ((HostState) o).map.equals(map);
  }

  @Override
  public int hashCode() {
    return map.hashCode();
  }

  /** One line per device. */
  @Override
  public String toString() {
    return map.values()
        .map(Device::toString)
        .collect(Collectors.joining("\n", "HostState[\n", "\n]"));
  }
}
