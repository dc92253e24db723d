package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each VM port's up/down state and MTU from before gallium-net took it (made it a port of one of
 * its bridges), given back when it is released, as an adapter's are.
 *
 * <p>Why a store record per port, {@code port.<name>} next to the journal, and not the {@link
 * Catalog} that holds the adapters' origins: the catalog is one file, rewritten whole, and a VM
 * port's attach and detach must not cost more on a host of thousands of ports than on one of ten.
 * One small file per port is written when it is taken and deleted when it is released, by whichever
 * process does it (the store outlives the process, like the kernel state it describes). Why not on
 * the device itself (its alias): the port is the hypervisor's device, and its alias is not ours to
 * use; nor can the kernel say what a port was before it was enslaved.
 *
 * <p>The rule: a port that goes from no bridge of ours to one of ours is recorded as it was; a port
 * released from a bridge of ours gets its recorded up/down state and MTU back, and its record goes;
 * a port that moves between our bridges keeps its record. A port gallium-net did not take (someone
 * put it on our bridge by hand), or whose record is gone, is released as it is: there is nothing to
 * restore it from, and gallium-net does not guess. A transaction journals the records it changes as
 * they were, so that its rollback and {@code recover()} put them back with the devices.
 *
 * <p>The stored form is sealed ({@link SealedRecord}): {@code port <name> <up|down> <mtu>}, the
 * name escaped as in its key; a damaged record is refused, never half-used.
 */
public final class PortOrigins {

  private static final String KIND = "port";
  private static final int FORMAT = 1;
  static final String PREFIX = "port.";

  private static final String REMEDY =
      "It holds the port's MTU and up/down state from before gallium-net attached it, to give"
          + " them back when the port is released: keep a copy for a bug report and delete it; the"
          + " port is then released as it is (set its MTU and up/down state yourself if needed)";

  private PortOrigins() {}

  /**
   * The store key of a port's record: {@code port.} and the name, with every character other than
   * {@code a-z 0-9 -} (store keys allow only those and {@code .}) written as {@code .} and four hex
   * digits of its UTF-16 code unit, so that any kernel name, however decoded, has a key of its own
   * (at most 80 characters for a 15-byte name).
   *
   * @param port the port's kernel name
   * @return the key
   */
  public static String key(String port) {
    return PREFIX + DeviceKeys.escape(port);
  }

  /**
   * The recorded origin of {@code port}, if gallium-net took it and still has its record.
   *
   * @param store the store
   * @param port the port's kernel name
   * @return its up/down state and MTU from before it was taken
   * @throws io.gallium.net.core.StoreDamagedException if its record is not whole
   */
  public static Optional<Catalog.AdapterOrigin> read(StateStore store, String port) {
    String key = key(port);
    return store.read(key).map(bytes -> decode(bytes, port, store + "/" + key));
  }

  /**
   * Records {@code origin} for {@code port}, or removes its record.
   *
   * @param store the store
   * @param port the port's kernel name
   * @param origin its origin; empty removes the record
   */
  public static void write(StateStore store, String port, Optional<Catalog.AdapterOrigin> origin) {
    if (origin.isPresent()) {
      store.write(key(port), encode(port, origin.get()));
    } else {
      store.delete(key(port));
    }
  }

  /**
   * Records or removes the origins of many ports at once, as a whole host's apply changes them: the
   * records written are durable together ({@link StateStore#writeAllDurably}), not one fsync of the
   * store's directory each; the removed ones go one by one.
   *
   * @param store the store
   * @param origins port name to its origin; empty removes its record
   */
  public static void writeAll(
      StateStore store, Map<String, Optional<Catalog.AdapterOrigin>> origins) {
    Map<String, byte[]> records = new LinkedHashMap<>();
    origins.forEach(
        (port, origin) -> origin.ifPresent(o -> records.put(key(port), encode(port, o))));
    store.writeAllDurably(records);
    origins.forEach(
        (port, origin) -> {
          if (origin.isEmpty()) {
            store.delete(key(port));
          }
        });
  }

  /**
   * The records a transaction from {@code before} to {@code desired} changes, each as it will be:
   * the ports it takes get their state in {@code before}; the ports it releases lose theirs.
   *
   * @param before the devices of the transaction's scope as observed
   * @param desired the same devices as they should be
   * @return port name to its new record (empty: removed), sorted
   */
  public static Map<String, Optional<Catalog.AdapterOrigin>> changedBy(
      HostState before, HostState desired) {
    Map<String, Optional<Catalog.AdapterOrigin>> out = new TreeMap<>();
    for (Device want : desired.devices().values()) {
      Optional<Device> was = before.device(want.name());
      if (was.isEmpty() || Layout.groupOf(want).isPresent()) {
        continue;
      }
      boolean onOursBefore = onOurBridge(was.get(), before);
      boolean onOursAfter = onOurBridge(want, desired);
      if (!onOursBefore && onOursAfter) {
        out.put(
            want.name(), Optional.of(new Catalog.AdapterOrigin(was.get().up(), was.get().mtu())));
      } else if (onOursBefore && !onOursAfter) {
        out.put(want.name(), Optional.empty());
      }
    }
    return out;
  }

  /** Whether {@code d} is a port of one of our bridges in {@code state}. */
  static boolean onOurBridge(Device d, HostState state) {
    return d.master()
        .flatMap(state::device)
        .filter(Device::isBridge)
        .flatMap(Layout::groupOf)
        .isPresent();
  }

  /**
   * The records {@code changes} replace, as a transaction journals them to put them back: a port it
   * releases had its record as the store has it now; a port it takes had none worth keeping (it was
   * on no bridge of ours, so a record left under its name is stale), so it is not even read, and a
   * damaged stale record cannot stop an attach.
   *
   * @param store the store
   * @param changes the records a transaction is about to change ({@link #changedBy})
   * @return port name to its record before (empty: none), sorted
   */
  public static Map<String, Optional<Catalog.AdapterOrigin>> before(
      StateStore store, Map<String, Optional<Catalog.AdapterOrigin>> changes) {
    Map<String, Optional<Catalog.AdapterOrigin>> out = new TreeMap<>();
    changes.forEach(
        (port, after) -> out.put(port, after.isPresent() ? Optional.empty() : read(store, port)));
    return out;
  }

  static byte[] encode(String port, Catalog.AdapterOrigin origin) {
    return SealedRecord.seal(KIND, FORMAT, line(port, Optional.of(origin)) + "\n");
  }

  static Catalog.AdapterOrigin decode(byte[] bytes, String port, String where) {
    String body = SealedRecord.open(KIND, FORMAT, bytes, where, REMEDY);
    try {
      Map.Entry<String, Optional<Catalog.AdapterOrigin>> e = parse(body.strip());
      if (!e.getKey().equals(port) || e.getValue().isEmpty()) {
        throw new IllegalArgumentException("it is the record of " + e.getKey() + ", not " + port);
      }
      return e.getValue().get();
    } catch (RuntimeException e) {
      throw new io.gallium.net.core.StoreDamagedException(
          where + " was not used: it cannot be read (" + e.getMessage() + "). " + REMEDY);
    }
  }

  /**
   * One record as a line: {@code port <name> <up|down> <mtu>}, or {@code port <name> none} for a
   * port without one (as a journal writes it).
   */
  static String line(String port, Optional<Catalog.AdapterOrigin> origin) {
    String name = DeviceKeys.escape(port);
    return origin
        .map(o -> "port " + name + " " + (o.up() ? "up" : "down") + " " + o.mtu())
        .orElse("port " + name + " none");
  }

  /**
   * Parses {@link #line}.
   *
   * @throws IllegalArgumentException if it is not such a line
   */
  static Map.Entry<String, Optional<Catalog.AdapterOrigin>> parse(String line) {
    String[] f = line.split(" ");
    if (f.length == 3 && f[0].equals("port") && f[2].equals("none")) {
      return Map.entry(DeviceKeys.unescape(f[1]), Optional.empty());
    }
    if (f.length != 4 || !f[0].equals("port") || !(f[2].equals("up") || f[2].equals("down"))) {
      throw new IllegalArgumentException("port line not understood: " + line);
    }
    int mtu = Integer.parseInt(f[3]);
    return Map.entry(
        DeviceKeys.unescape(f[1]), Optional.of(new Catalog.AdapterOrigin(f[2].equals("up"), mtu)));
  }
}
