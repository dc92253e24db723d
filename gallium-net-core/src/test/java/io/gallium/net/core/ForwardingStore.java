package io.gallium.net.core;

import io.gallium.net.core.spi.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A store that passes every call to another; a test overrides the calls it watches. */
class ForwardingStore implements StateStore {
  final StateStore delegate;

  ForwardingStore(StateStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<byte[]> read(String key) {
    return delegate.read(key);
  }

  @Override
  public void write(String key, byte[] content) {
    delegate.write(key, content);
  }

  @Override
  public Set<String> keys(String prefix) {
    return delegate.keys(prefix);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public Optional<Object> version(String key) {
    return delegate.version(key);
  }

  @Override
  public Optional<Lock> lock(Duration timeout, String purpose) {
    return delegate.lock(timeout, purpose);
  }

  @Override
  public Optional<Holder> holder() {
    return delegate.holder();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
