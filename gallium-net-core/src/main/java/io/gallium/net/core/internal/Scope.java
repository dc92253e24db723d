package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import java.util.Collection;
import java.util.Collections;
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
