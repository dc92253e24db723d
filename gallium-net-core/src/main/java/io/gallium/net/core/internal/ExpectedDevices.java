package io.gallium.net.core.internal;

import io.gallium.net.core.StoreDamagedException;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each device a gallium-net transaction changed should look like now, as the last transaction
 * that changed it left it, whichever {@link io.gallium.net.core.HostNetwork} or process ran it: one
 * small record per device in the host's store, {@code expect.<name>}. A watcher that finds a device
 * of ours unlike what its own instance expects reads it, so that another instance's attach, detach,
 * move or apply is not reported as drift, and a change by someone else to a port another instance
 * attached is.
 *
 * <p>Why per device, written by the transaction that changes it: an attach must cost the same on a
 * host of thousands of ports as on one of ten, so it writes the records of the devices its plan
 * changes (the port), not a state of the whole host; and a watcher reads a record only for a device
 * it finds different, so watching costs no more than before while nothing changes. A record is
 * written after the transaction is verified and before its journal goes, and reset to what the
 * devices were when a transaction is rolled back or recovered, so that it never says more than the
 * host was verified to have. A device without a record is judged against the watcher's own
 * expectation, as before there were records.
 *
 * <p>The stored form is sealed ({@link SealedRecord}): the device as a journal writes it ({@link
 * StateCodec}), or {@code absent <name>} for a device a transaction deleted.
 */
public final class ExpectedDevices {

  private static final String KIND = "expect";
  private static final int FORMAT = 1;
  static final String PREFIX = "expect.";

  private static final String REMEDY =
      "It holds what the device should look like after the last gallium-net transaction that"
          + " changed it, to tell another HostNetwork's changes from someone else's: delete it;"
          + " the device is then judged against each watcher's own expectation";

  private ExpectedDevices() {}

  /**
   * The store key of a device's record, escaped by {@link DeviceKeys#escape}.
   *
   * @param device the device's kernel name
   * @return the key
   */
  public static String key(String device) {
    return PREFIX + DeviceKeys.escape(device);
  }

  /**
   * Records that each of {@code devices} should now look as {@code desired} has it (absent if it
   * has none).
   *
   * @param store the store
   * @param devices the devices a transaction changed
   * @param desired the state it verified
   */
  public static void record(StateStore store, Collection<String> devices, HostState desired) {
    Map<String, byte[]> records = new LinkedHashMap<>();
    for (String name : devices) {
      records.put(key(name), encode(name, desired.device(name)));
    }
    // Advisory records, thousands on a whole host's apply: not each made durable on its own (a
    // lost or damaged one only leaves a watcher to its own expectation). The journal's removal,
    // which comes after, syncs the store's directory again.
    store.writeAll(records);
  }

  /**
   * Puts back the records of {@code devices} that say otherwise than {@code target}, after a
   * transaction was rolled back or recovered to it: one that was verified and recorded before it
   * was undone (a confirm window that closed, a crash before its journal went) must not make its
   * undone state the expected one. Devices without a record are left without one; a damaged record
   * is rewritten.
   *
   * @param store the store
   * @param devices the devices the transaction may have changed
   * @param target what they were brought back to
   */
  public static void reset(StateStore store, Collection<String> devices, HostState target) {
    Map<String, byte[]> records = new LinkedHashMap<>();
    for (String name : devices) {
      Optional<Device> want = target.device(name);
      boolean rewrite;
      try {
        rewrite = read(store, name).map(recorded -> !recorded.equals(want)).orElse(false);
      } catch (StoreDamagedException e) {
        // Records are written without an fsync each: one a crash left empty is put right here.
        rewrite = true;
      }
      if (rewrite) {
        records.put(key(name), encode(name, want));
      }
    }
    store.writeAll(records);
  }

  /**
   * The recorded expectation of {@code device}.
   *
   * @param store the store
   * @param device the device's kernel name
   * @return empty if there is no record; else the device as it should be, empty if it should not
   *     exist
   * @throws StoreDamagedException if its record is not whole
   */
  public static Optional<Optional<Device>> read(StateStore store, String device) {
    String key = key(device);
    return store.read(key).map(bytes -> decode(bytes, device, store + "/" + key));
  }

  static byte[] encode(String name, Optional<Device> device) {
    String body =
        device
            .map(d -> StateCodec.encode(HostState.of(List.of(d))))
            .orElse("absent " + DeviceKeys.escape(name) + "\n");
    return SealedRecord.seal(KIND, FORMAT, body);
  }

  static Optional<Device> decode(byte[] bytes, String name, String where) {
    String body = SealedRecord.open(KIND, FORMAT, bytes, where, REMEDY);
    try {
      List<String> lines = Arrays.asList(body.split("\n"));
      if (lines.size() == 1 && lines.get(0).startsWith("absent ")) {
        String absent = DeviceKeys.unescape(lines.get(0).substring(7));
        if (!absent.equals(name)) {
          throw new IllegalArgumentException("it is the record of " + absent + ", not " + name);
        }
        return Optional.empty();
      }
      HostState s = StateCodec.decode(lines);
      if (s.size() != 1 || s.device(name).isEmpty()) {
        throw new IllegalArgumentException("it is not the record of " + name + " alone");
      }
      return s.device(name);
    } catch (RuntimeException e) {
      throw new StoreDamagedException(
          where + " was not used: it cannot be read (" + e.getMessage() + "). " + REMEDY);
    }
  }
}
