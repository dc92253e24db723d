package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one transaction reads, changes, journals, verifies and may restore: the whole host (an apply
 * of a topology), or the few devices it names (a VM port, its bridge and bond). A transaction owns
 * its scope and nothing else, so what others do outside it is never undone, and the cost of a
 * scoped transaction does not grow with the host.
 */
public final class Scope {

  /** The whole host. */
  public static final Scope HOST = new Scope(Optional.empty());

  private final Optional<Set<String>> names;

  private Scope(Optional<Set<String>> names) {
    this.names = names;
  }

  /**
   * These devices only.
   *
   * @param names kernel names
   * @return the scope
   */
  public static Scope of(Collection<String> names) {
    return new Scope(Optional.of(Collections.unmodifiableSet(new TreeSet<>(names))));
  }

  /**
   * The devices a plan changes, and the masters they leave or join (a restore plans over them), as
   * the scope of the transaction that runs it: all it journals, verifies and may restore.
   *
   * @param plan the plan
   * @param before the host the plan starts from
   * @param desired the host it ends in
   * @return the scope
   */
  public static Scope touchedBy(StagedPlan plan, HostState before, HostState desired) {
    Set<String> names = new TreeSet<>();
    for (io.gallium.net.core.spi.Change c : plan.changes()) {
      names.add(c.device());
      // A bridge's new default PVID moves its ports' VLANs: they are changed too.
      if (c instanceof io.gallium.net.core.spi.Change.SetBridgeSettings) {
        before.portsOf(c.device()).forEach(p -> names.add(p.name()));
      }
      // Deleting a device deletes the VLAN devices on it.
      if (c instanceof io.gallium.net.core.spi.Change.DeleteDevice) {
        before.devices().values().stream()
            .filter(v -> v.vlanLink().filter(l -> l.parent().equals(c.device())).isPresent())
            .forEach(v -> names.add(v.name()));
      }
    }
    // A VLAN device's parent: restoring it needs the parent there.
    for (String n : List.copyOf(names)) {
      for (HostState s : List.of(before, desired)) {
        s.device(n)
            .flatMap(io.gallium.net.core.spi.Device::vlanLink)
            .ifPresent(l -> names.add(l.parent()));
      }
    }
    Set<String> masters = new TreeSet<>();
    for (String n : names) {
      before.device(n).flatMap(io.gallium.net.core.spi.Device::master).ifPresent(masters::add);
      desired.device(n).flatMap(io.gallium.net.core.spi.Device::master).ifPresent(masters::add);
    }
    names.addAll(masters);
    // A master's own master (a bond's bridge) is in scope too, so that no device in it is restored
    // as if its master were gone.
    for (String m : masters) {
      before.device(m).flatMap(io.gallium.net.core.spi.Device::master).ifPresent(names::add);
      desired.device(m).flatMap(io.gallium.net.core.spi.Device::master).ifPresent(names::add);
    }
    // A bond's primary is named by the bond: restoring or setting it needs that adapter too.
    for (String n : List.copyOf(names)) {
      for (HostState s : List.of(before, desired)) {
        s.device(n)
            .flatMap(io.gallium.net.core.spi.Device::bond)
            .flatMap(io.gallium.net.core.spi.BondSettings::primary)
            .ifPresent(names::add);
      }
    }
    return of(names);
  }

  /**
   * The devices of {@code state} in this scope.
   *
   * @param state a host
   * @return those of its devices this scope names (all of them for the whole host)
   */
  public HostState restrict(HostState state) {
    if (names.isEmpty()) {
      return state;
    }
    java.util.List<io.gallium.net.core.spi.Device> out = new java.util.ArrayList<>();
    for (String n : names.get()) {
      state.device(n).ifPresent(out::add);
    }
    return HostState.of(out);
  }

  /** The names, or empty for the whole host. */
  public Optional<Set<String>> names() {
    return names;
  }

  /**
   * What the host has in this scope now.
   *
   * @param driver the host
   * @return the whole host, or the named devices it has
   */
  public HostState observe(Driver driver) {
    return names.isPresent() ? driver.observe(names.get()) : driver.observe();
  }

  /**
   * {@code whole} with this scope's devices as {@code scoped} has them (absent ones removed): what
   * the whole host looks like after a transaction on this scope.
   *
   * @param whole the host before
   * @param scoped this scope's devices after
   * @return the merge
   */
  public HostState merge(HostState whole, HostState scoped) {
    if (names.isEmpty()) {
      return scoped;
    }
    HostState out = whole;
    for (String n : names.get()) {
      Optional<io.gallium.net.core.spi.Device> d = scoped.device(n);
      out = d.isPresent() ? StateEdits.with(out, d.get()) : StateEdits.without(out, n);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scope s && s.names.equals(names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return names.map(n -> String.join(" ", n)).orElse("host");
  }
}
