package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Device;
import io.gallium.net.internal.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The names and owner tags of gallium-net's devices, derived from the group's name alone, so they
 * are the same in every run and process. A group {@code g} gets bond {@code gb-g} and bridge {@code
 * gv-g} while that fits the kernel's 15 bytes; a longer name keeps its first 5 characters and gets
 * a stable hash: {@code gb-<5 chars>-<6 hex>}. The alias, {@code gallium-net:bond:g} or {@code
 * gallium-net:bridge:g}, is the owner tag from which the topology is read back; the bridge also
 * gets the group's name as alternative name, so {@code ip link show g} finds it.
 */
public final class DeviceNames {
  /** Every alias gallium-net sets starts with this. */
  public static final String TAG_PREFIX = "gallium-net:";

  private static final String BOND_TAG = TAG_PREFIX + "bond:";
  private static final String BRIDGE_TAG = TAG_PREFIX + "bridge:";
  private static final String HOST_VLAN_TAG = TAG_PREFIX + "host:";
  private static final int KEEP = 5;

  private DeviceNames() {}

  /** The bond of group {@code group}. */
  public static String bond(String group) {
    return derive("gb-", group);
  }

  /** The bridge of group {@code group}. */
  public static String bridge(String group) {
    return derive("gv-", group);
  }

  /**
   * The host's VLAN device on VLAN {@code vid} of group {@code group}: {@code gi<vid>-<group>}, or
   * {@code gi<vid>-} and a hash of the group when that is longer than a kernel name may be. The
   * name is stable: a product's DHCP client may be configured with it.
   */
  public static String hostVlan(String group, int vid) {
    String prefix = "gi" + vid + "-";
    String plain = prefix + group;
    if (plain.getBytes(StandardCharsets.UTF_8).length <= Names.MAX_INTERFACE_NAME_BYTES) {
      return plain;
    }
    return prefix + hash(group);
  }

  /** The owner tag of the host's VLAN device on VLAN {@code vid} of group {@code group}. */
  public static String hostVlanTag(String group, int vid) {
    return HOST_VLAN_TAG + group + ":" + vid;
  }

  /**
   * Whether {@code d} is one of our host VLAN devices: a VLAN device with our host tag whose name
   * is the one derived from the group and VLAN ID in it.
   */
  public static boolean isHostVlan(Device d) {
    if (!d.isVlan() || d.alias().filter(a -> a.startsWith(HOST_VLAN_TAG)).isEmpty()) {
      return false;
    }
    String rest = d.alias().get().substring(HOST_VLAN_TAG.length());
    int colon = rest.lastIndexOf(':');
    if (colon <= 0) {
      return false;
    }
    String group = rest.substring(0, colon);
    try {
      int vid = Integer.parseInt(rest.substring(colon + 1));
      return Names.isEntityName(group)
          && d.vlanLink().filter(l -> l.vlanId() == vid).isPresent()
          && hostVlan(group, vid).equals(d.name());
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The bond's owner tag. */
  public static String bondTag(String group) {
    return BOND_TAG + group;
  }

  /** The bridge's owner tag. */
  public static String bridgeTag(String group) {
    return BRIDGE_TAG + group;
  }

  /**
   * The group whose bond {@code d} is: a bond that carries our bond tag and the name derived from
   * the group in it. A device with our tag but another name or kind is someone else's (its alias a
   * copy of ours) and is never touched.
   */
  public static Optional<String> groupOfBond(Device d) {
    return d.isBond() ? groupOf(d, BOND_TAG, "gb-") : Optional.empty();
  }

  /** The group whose bridge {@code d} is, by the same rule as {@link #groupOfBond}. */
  public static Optional<String> groupOfBridge(Device d) {
    return d.isBridge() ? groupOf(d, BRIDGE_TAG, "gv-") : Optional.empty();
  }

  private static Optional<String> groupOf(Device d, String tag, String prefix) {
    return d.alias()
        .filter(a -> a.startsWith(tag))
        .map(a -> a.substring(tag.length()))
        .filter(g -> !g.isEmpty() && Names.isEntityName(g) && derive(prefix, g).equals(d.name()));
  }

  private static String derive(String prefix, String group) {
    String plain = prefix + group;
    if (plain.getBytes(StandardCharsets.UTF_8).length <= Names.MAX_INTERFACE_NAME_BYTES) {
      return plain;
    }
    return prefix + group.substring(0, KEEP) + "-" + hash(group);
  }

  private static String hash(String group) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8));
      return String.format("%02x%02x%02x", d[0], d[1], d[2]);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
