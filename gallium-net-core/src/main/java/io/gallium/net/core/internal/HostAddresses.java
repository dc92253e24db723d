package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.StateStore;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What gallium-net put on each host interface (a group's bridge on its untagged network, or a host
 * VLAN device {@code gi<vid>-<group>}): the addresses and routes it added there or moved there from
 * an adapter, and, for a move, which adapter they came from.
 *
 * <p>Why a record: a host interface is a device other programs use too — a DHCP client runs on it,
 * an operator adds an address or a route — and the kernel cannot say who added what. Without the
 * record, an address the topology no longer names cannot be told from a DHCP client's, so it could
 * only be left behind (the host keeps an address nobody configures) or taken with the others (the
 * host loses one that was not ours). With it, exactly what gallium-net put there goes, and a group
 * removed gives its adapters back the addresses and routes that came from them.
 *
 * <p>One small record per host interface, {@code hostif.<device>} next to the journal, as {@link
 * PortOrigins} keeps a VM port's: written by the apply that changes what is ours on it, removed
 * when nothing there is ours any more, and journaled as it was, so that a rollback and {@code
 * recover()} put it back with the devices. An attach never reads or writes one. Every host
 * interface gallium-net lays out has one, without entries when nothing there is ours (a host
 * interface declared without addresses, whose addresses are a DHCP client's): without it such an
 * interface could not be told from one set up by an older version. A host interface without a
 * record (set up by a version that kept none) is left with its addresses and routes: there is
 * nothing to tell ours from, and gallium-net does not guess. A damaged record refuses only an apply
 * that must know what is ours on that device, naming the file.
 *
 * <p>The stored form is sealed ({@link SealedRecord}), one line per entry after a header naming the
 * device (and nothing else for a record without entries, new in format 2): {@code address <cidr>
 * <adapter|->} and {@code route <destination> <gateway|-> <metric> <adapter|-> <named|moved>},
 * names escaped by {@link DeviceKeys#escape}.
 */
public final class HostAddresses {

  private static final String KIND = "hostif";

  /**
   * Format 2 adds records without entries, which a gallium-net that writes format 1 took for
   * damaged ones; its bodies are otherwise format 1's, which is still read.
   */
  private static final int FORMAT = 2;

  private static final int OLDEST_FORMAT = 1;
  static final String PREFIX = "hostif.";
  private static final String NONE = "-";

  private static final String REMEDY =
      "It holds which addresses and routes of that host interface gallium-net put there (the rest"
          + " are a DHCP client's or an operator's): keep a copy for a bug report and delete it;"
          + " gallium-net then leaves the interface's addresses and routes as they are, and you"
          + " remove those the topology no longer names yourself";

  private HostAddresses() {}

  /**
   * Where one of our routes came from.
   *
   * @param from the adapter it moved from, empty if gallium-net added it
   * @param named whether the topology names it (a default route through its gateway): such a route
   *     goes when the topology stops naming it, wherever it came from
   */
  public record RouteOrigin(Optional<String> from, boolean named) {}

  /**
   * What is ours on one host interface.
   *
   * @param addresses each address we put there (as the device carries it) and the adapter it moved
   *     from, if it moved
   * @param routes each route we put there and where it came from
   */
  public record Record(Map<String, Optional<String>> addresses, Map<Route, RouteOrigin> routes) {
    /** Copies the maps, sorted. */
    public Record {
      addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
      routes = Collections.unmodifiableMap(new TreeMap<>(routes));
    }

    /** Whether nothing on the device is ours. */
    public boolean isEmpty() {
      return addresses.isEmpty() && routes.isEmpty();
    }
  }

  /**
   * The store key of a host interface's record: {@code hostif.} and its name, escaped by {@link
   * DeviceKeys#escape}.
   *
   * @param device the host interface's kernel name
   * @return the key
   */
  public static String key(String device) {
    return PREFIX + DeviceKeys.escape(device);
  }

  /**
   * The record of {@code device}, if there is one.
   *
   * @param store the store
   * @param device the host interface's kernel name
   * @return what is ours on it
   * @throws io.gallium.net.core.StoreDamagedException if its record is not whole
   */
  public static Optional<Record> read(StateStore store, String device) {
    String key = key(device);
    return store.read(key).map(bytes -> decode(bytes, device, store + "/" + key));
  }

  /**
   * Writes the record of {@code device}, or removes it.
   *
   * @param store the store
   * @param device the host interface's kernel name
   * @param record what is ours on it (a record without entries: nothing); empty removes it
   */
  public static void write(StateStore store, String device, Optional<Record> record) {
    if (record.isPresent()) {
      store.write(key(device), SealedRecord.seal(KIND, FORMAT, body(device, record.get())));
    } else {
      store.delete(key(device));
    }
  }

  /**
   * The records {@code changes} replace, as they are in the store now, for a journal to put back.
   *
   * @param store the store
   * @param changes the records a transaction is about to write (empty: remove)
   * @return device to its record before (empty: none), sorted
   * @throws io.gallium.net.core.StoreDamagedException if one of them is not whole
   */
  public static Map<String, Optional<Record>> before(
      StateStore store, Map<String, Optional<Record>> changes) {
    Map<String, Optional<Record>> out = new TreeMap<>();
    changes.keySet().forEach(device -> out.put(device, read(store, device)));
    return out;
  }

  /** The body of a record: its device, then one line per entry. */
  private static String body(String device, Record record) {
    StringBuilder sb = new StringBuilder("hostif ").append(DeviceKeys.escape(device)).append('\n');
    record
        .addresses()
        .forEach(
            (a, from) ->
                sb.append("address ")
                    .append(a)
                    .append(' ')
                    .append(from.map(DeviceKeys::escape).orElse(NONE))
                    .append('\n'));
    record
        .routes()
        .forEach(
            (r, o) ->
                sb.append("route ")
                    .append(r.destination())
                    .append(' ')
                    .append(r.gateway().orElse(NONE))
                    .append(' ')
                    .append(r.metric())
                    .append(' ')
                    .append(o.from().map(DeviceKeys::escape).orElse(NONE))
                    .append(' ')
                    .append(o.named() ? "named" : "moved")
                    .append('\n'));
    return sb.toString();
  }

  static Record decode(byte[] bytes, String device, String where) {
    String body = SealedRecord.open(KIND, FORMAT, OLDEST_FORMAT, bytes, where, REMEDY);
    try {
      Map.Entry<String, Record> e = parseBody(body);
      if (!e.getKey().equals(device)) {
        throw new IllegalArgumentException("it is the record of " + e.getKey() + ", not " + device);
      }
      return e.getValue();
    } catch (RuntimeException e) {
      throw new io.gallium.net.core.StoreDamagedException(
          where + " was not used: it cannot be read (" + e.getMessage() + "). " + REMEDY);
    }
  }

  /**
   * Parses a record's body.
   *
   * @throws IllegalArgumentException if it is not one
   */
  private static Map.Entry<String, Record> parseBody(String body) {
    String[] lines = body.split("\n");
    String[] head = lines[0].split(" ");
    if (head.length != 2 || !head[0].equals("hostif")) {
      throw new IllegalArgumentException("no hostif line first");
    }
    Map<String, Optional<String>> addresses = new TreeMap<>();
    Map<Route, RouteOrigin> routes = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(" ");
      if (f.length == 3 && f[0].equals("address")) {
        addresses.put(f[1], from(f[2]));
      } else if (f.length == 6
          && f[0].equals("route")
          && (f[5].equals("named") || f[5].equals("moved"))) {
        Route r =
            new Route(
                f[1], f[2].equals(NONE) ? Optional.empty() : Optional.of(f[2]), parseMetric(f[3]));
        routes.put(r, new RouteOrigin(from(f[4]), f[5].equals("named")));
      } else {
        throw new IllegalArgumentException("line not understood: " + lines[i]);
      }
    }
    return Map.entry(DeviceKeys.unescape(head[1]), new Record(addresses, routes));
  }

  private static int parseMetric(String s) {
    int m = Integer.parseInt(s);
    if (m < 0) {
      throw new IllegalArgumentException("metric " + s + " < 0");
    }
    return m;
  }

  private static Optional<String> from(String field) {
    return field.equals(NONE) ? Optional.empty() : Optional.of(DeviceKeys.unescape(field));
  }

  /**
   * One record as a journal line: {@code hostif <device> <body, URL-encoded>}, or {@code hostif
   * <device> none} for a device without one.
   */
  static String line(String device, Optional<Record> record) {
    String name = DeviceKeys.escape(device);
    return "hostif "
        + name
        + " "
        + record
            .map(
                r ->
                    java.net.URLEncoder.encode(
                        body(device, r), java.nio.charset.StandardCharsets.UTF_8))
            .orElse("none");
  }

  /**
   * Parses {@link #line}.
   *
   * @throws IllegalArgumentException if it is not such a line
   */
  static Map.Entry<String, Optional<Record>> parse(String line) {
    String[] f = line.split(" ");
    if (f.length != 3 || !f[0].equals("hostif")) {
      throw new IllegalArgumentException("hostif line not understood: " + line);
    }
    String device = DeviceKeys.unescape(f[1]);
    if (f[2].equals("none")) {
      return Map.entry(device, Optional.empty());
    }
    Map.Entry<String, Record> e =
        parseBody(java.net.URLDecoder.decode(f[2], java.nio.charset.StandardCharsets.UTF_8));
    if (!e.getKey().equals(device)) {
      throw new IllegalArgumentException("hostif line of " + device + " holds " + e.getKey());
    }
    return Map.entry(device, Optional.of(e.getValue()));
  }
}
