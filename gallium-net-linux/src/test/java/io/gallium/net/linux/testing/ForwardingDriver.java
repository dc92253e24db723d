package io.gallium.net.linux.testing;

import io.gallium.net.core.Counters;
import io.gallium.net.core.spi.AdapterFacts;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A driver that passes every call to a real one: the base of the lane's drivers that watch or bend
 * {@link #execute}, so that each of them keeps every other call the real driver's, a method the SPI
 * gains included once it is added here.
 */
public class ForwardingDriver implements Driver {
  /** The driver every call goes to. */
  protected final Driver real;

  /**
   * Wraps {@code real}.
   *
   * @param real the driver that does the work
   */
  public ForwardingDriver(Driver real) {
    this.real = real;
  }

  @Override
  public HostState observe() {
    return real.observe();
  }

  @Override
  public HostState observe(Set<String> names) {
    return real.observe(names);
  }

  @Override
  public List<AdapterFacts> adapterFacts(Set<String> names) {
    return real.adapterFacts(names);
  }

  @Override
  public Map<String, Counters> counters() {
    return real.counters();
  }

  @Override
  public Map<String, Counters> counters(Set<String> names) {
    return real.counters(names);
  }

  @Override
  public List<ChangeOutcome> execute(List<Change> changes) {
    return real.execute(changes);
  }

  @Override
  public StateStore defaultStore() {
    return real.defaultStore();
  }

  @Override
  public Optional<String> identity() {
    return real.identity();
  }

  @Override
  public AutoCloseable watch(Consumer<HostState> listener) {
    return real.watch(listener);
  }

  @Override
  public AutoCloseable watch(Consumer<HostState> listener, Consumer<String> troubles) {
    return real.watch(listener, troubles);
  }

  @Override
  public boolean answers(String device, InetAddress address, Duration timeout) {
    return real.answers(device, address, timeout);
  }

  @Override
  public void resolveNeighboursAgain(Set<String> devices) {
    real.resolveNeighboursAgain(devices);
  }
}
