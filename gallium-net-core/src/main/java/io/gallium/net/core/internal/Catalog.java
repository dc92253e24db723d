package io.gallium.net.core.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the kernel cannot hold for gallium-net, kept in the {@link
 * io.gallium.net.core.spi.StateStore} next to the journal and written as part of each apply:
 *
 * <ul>
 *   <li>network names. A VLAN network has no device, so no alias or alternative name can carry its
 *       name, and there are up to 4093 per group: far more than a device's alias (255 bytes) or
 *       alternative names (the kernel caps a device's property list near 64 KB) could hold. Keyed
 *       by group and bridge VID (1 = the untagged network).
 *   <li>each adapter's up/down and MTU from before gallium-net enslaved it, to restore on release
 *       (the kernel forgets them once the adapter is back).
 * </ul>
 *
 * Text, one record a line, sorted: {@code network <group> <vid> <name>} and {@code adapter <name>
 * <up|down> <mtu>}, sealed by {@link SealedRecord} so that a damaged catalog is refused whole.
 */
public record Catalog(
    SortedMap<String, String> networks, SortedMap<String, AdapterOrigin> adapters) {

  /** The store key. */
  public static final String KEY = "catalog";

  private static final int FORMAT = 2;

  private static final String REMEDY =
      "It holds the names of the networks and each adapter's MTU and up/down state from before"
          + " gallium-net took it: keep a copy for a bug report, delete it, and apply the desired"
          + " topology again, which writes it anew (until then observe() names networks"
          + " <group>.vlan<vid>, and an adapter released meanwhile keeps its current MTU and"
          + " state)";

  /** Copies the maps. */
  public Catalog {
    networks = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(networks));
    adapters = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(adapters));
  }

  /** The catalog of a host gallium-net never touched. */
  public static Catalog empty() {
    return new Catalog(new TreeMap<>(), new TreeMap<>());
  }

  /** The key of a network: group and bridge VID. */
  public static String networkKey(String group, int vid) {
    return group + " " + vid;
  }

  /** The name recorded for the network of {@code group} on {@code vid}. */
  public Optional<String> networkName(String group, int vid) {
    return Optional.ofNullable(networks.get(networkKey(group, vid)));
  }

  /**
   * Where a network is: its adapter group and bridge VID.
   *
   * @param group the adapter group
   * @param vid the bridge VID (1 for the untagged network)
   */
  public record NetworkRef(String group, int vid) {}

  /** Every network of this catalog by name. */
  public Map<String, NetworkRef> byName() {
    Map<String, NetworkRef> out = new java.util.HashMap<>(networks.size() * 4 / 3 + 1);
    networks.forEach(
        (key, name) -> {
          int space = key.lastIndexOf(' ');
          out.put(
              name,
              new NetworkRef(key.substring(0, space), Integer.parseInt(key.substring(space + 1))));
        });
    return out;
  }

  /** An adapter's state before gallium-net enslaved it. */
  public record AdapterOrigin(boolean up, int mtu) {}

  /** The stored form: the lines below, sealed (format version and checksum). */
  public byte[] encode() {
    return SealedRecord.seal("catalog", FORMAT, lines());
  }

  /**
   * Reads the stored form.
   *
   * @param where where it was stored, for messages
   * @throws io.gallium.net.core.StoreDamagedException if it is not a whole catalog of this format
   */
  public static Catalog decode(byte[] bytes, String where) {
    String lines = SealedRecord.open("catalog", FORMAT, bytes, where, REMEDY);
    try {
      return parse(lines);
    } catch (RuntimeException e) {
      throw new io.gallium.net.core.StoreDamagedException(
          where + " was not used: it cannot be read (" + e.getMessage() + "). " + REMEDY);
    }
  }

  /** One record a line, sorted. */
  String lines() {
    StringBuilder sb = new StringBuilder();
    networks.forEach((k, v) -> sb.append("network ").append(k).append(' ').append(v).append('\n'));
    adapters.forEach(
        (k, v) ->
            sb.append("adapter ")
                .append(k)
                .append(' ')
                .append(v.up() ? "up" : "down")
                .append(' ')
                .append(v.mtu())
                .append('\n'));
    return sb.toString();
  }

  /** Parses {@link #lines()}. */
  static Catalog parse(String lines) {
    Map<String, String> networks = new TreeMap<>();
    Map<String, AdapterOrigin> adapters = new TreeMap<>();
    for (String line : lines.split("\n")) {
      String[] f = line.split(" ");
      if (f.length == 4 && f[0].equals("network")) {
        networks.put(networkKey(f[1], Integer.parseInt(f[2])), f[3]);
      } else if (f.length == 4 && f[0].equals("adapter")) {
        adapters.put(f[1], new AdapterOrigin(f[2].equals("up"), Integer.parseInt(f[3])));
      } else if (!line.isBlank()) {
        throw new IllegalArgumentException("catalog line not understood: " + line);
      }
    }
    return new Catalog(new TreeMap<>(networks), new TreeMap<>(adapters));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Catalog c && c.networks.equals(networks) && c.adapters.equals(adapters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networks, adapters);
  }
}
