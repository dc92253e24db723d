package io.gallium.net.core.internal;

import io.gallium.net.core.StoreDamagedException;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.util.List;
import java.util.Optional;

/**
 * Removes the per-device records of devices the host no longer has: a VM port's origin ({@link
 * PortOrigins}), a device's expected state ({@link ExpectedDevices}) and a host interface's own
 * addresses ({@link HostAddresses}). A hypervisor deletes a VM's tap while it is attached, so its
 * records are never released; on a host that makes and deletes thousands of taps a day they would
 * fill the store without bound, and a new device that reuses a name would find the old one's.
 *
 * <p>Why only at the commit of a whole host's apply: it has just observed every device, so telling
 * which are gone costs it one listing of the store; a VM port's attach and detach must cost the
 * same on any host, so they never list it. Why after the commit, under the lock: the journal is
 * gone, so {@code recover()} has nothing to put back that a removal could contradict, and no other
 * transaction writes records meanwhile.
 *
 * <p>What is kept: every record of a device the host has; an expected-state record that says its
 * device should be absent (a transaction of ours deleted it, and another instance's watcher that
 * still expects the device must learn so from it, not report drift); any key that is not a record's
 * (not written by gallium-net). A record of a device that is gone is of no use to anyone: a port
 * origin restores nothing on a device that is not there, a host interface's addresses went with it,
 * and a watcher that finds a device missing reports it whether the record said it should be there
 * or it has none.
 */
public final class StaleRecords {

  private StaleRecords() {}

  /**
   * Removes the records of devices {@code host} does not have.
   *
   * @param store the host's store, its lock held and no journal in it
   * @param host the whole host as the apply that just committed left it
   * @return how many records were removed
   */
  public static int prune(StateStore store, HostState host) {
    int removed = 0;
    for (String prefix :
        List.of(PortOrigins.PREFIX, ExpectedDevices.PREFIX, HostAddresses.PREFIX)) {
      for (String key : store.keys(prefix)) {
        Optional<String> device = deviceOf(key, prefix);
        if (device.isEmpty() || host.device(device.get()).isPresent()) {
          continue;
        }
        if (prefix.equals(ExpectedDevices.PREFIX) && expectsAbsent(store, device.get())) {
          continue;
        }
        store.delete(key);
        removed++;
      }
    }
    return removed;
  }

  /** The device a record's key names; empty for a key that is not one gallium-net writes. */
  static Optional<String> deviceOf(String key, String prefix) {
    try {
      String device = DeviceKeys.unescape(key.substring(prefix.length()));
      return device.isEmpty() || !DeviceKeys.escape(device).equals(key.substring(prefix.length()))
          ? Optional.empty()
          : Optional.of(device);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the device's expected-state record says it should not exist (damaged: it does not). */
  private static boolean expectsAbsent(StateStore store, String device) {
    try {
      return ExpectedDevices.read(store, device).map(Optional::isEmpty).orElse(false);
    } catch (StoreDamagedException e) {
      return false;
    }
  }
}
