package io.gallium.net.core;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** A driver that passes every call to another; a test overrides the calls it watches or bends. */
class ForwardingDriver implements Driver {
  final Driver delegate;

  ForwardingDriver(Driver delegate) {
    this.delegate = delegate;
  }

  @Override
  public HostState observe() {
    return delegate.observe();
  }

  @Override
  public HostState observe(Set<String> names) {
    return delegate.observe(names);
  }

  @Override
  public List<ChangeOutcome> execute(List<Change> changes) {
    return delegate.execute(changes);
  }

  @Override
  public java.util.Optional<String> identity() {
    return delegate.identity();
  }

  @Override
  public StateStore defaultStore() {
    return delegate.defaultStore();
  }

  @Override
  public AutoCloseable watch(Consumer<HostState> listener) {
    return delegate.watch(listener);
  }

  @Override
  public AutoCloseable watch(Consumer<HostState> listener, Consumer<String> troubles) {
    return delegate.watch(listener, troubles);
  }

  @Override
  public List<io.gallium.net.core.spi.AdapterFacts> adapterFacts(Set<String> alsoThese) {
    return delegate.adapterFacts(alsoThese);
  }

  @Override
  public java.util.Map<String, Counters> counters() {
    return delegate.counters();
  }

  @Override
  public java.util.Map<String, Counters> counters(Set<String> names) {
    return delegate.counters(names);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  @Override
  public void resolveNeighboursAgain(Set<String> devices) {
    delegate.resolveNeighboursAgain(devices);
  }
}
