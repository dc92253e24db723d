package io.gallium.net.core.internal;

import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.DeviceKind;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.VlanLink;
import io.gallium.net.core.spi.VlanRange;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link HostState} as text, one device a line of {@code key=value} fields (values URL-encoded), so
 * the journal can hold the state to return to.
 */
public final class StateCodec {
  private StateCodec() {}

  /** One line per device. */
  public static String encode(HostState s) {
    StringBuilder sb = new StringBuilder();
    for (Device d : s.devices().values()) {
      sb.append("device");
      field(sb, "name", d.name());
      field(sb, "kind", d.kind().name());
      field(sb, "alt", joinList(d.altNames()));
      d.alias().ifPresent(a -> field(sb, "alias", a));
      d.master().ifPresent(m -> field(sb, "master", m));
      field(sb, "up", Boolean.toString(d.up()));
      field(sb, "mtu", Integer.toString(d.mtu()));
      d.mac().ifPresent(m -> field(sb, "mac", m));
      field(sb, "carrier", Boolean.toString(d.carrier()));
      d.bond()
          .ifPresent(
              b -> {
                field(sb, "bondMode", b.mode());
                field(sb, "miimon", Integer.toString(b.miimonMillis()));
                b.primary().ifPresent(p -> field(sb, "primary", p));
                b.activeAdapter().ifPresent(p -> field(sb, "active", p));
                field(sb, "updelay", Integer.toString(b.updelayMillis()));
                field(sb, "downdelay", Integer.toString(b.downdelayMillis()));
                field(sb, "primaryReselect", b.primaryReselect());
                field(sb, "arpInterval", Integer.toString(b.arpIntervalMillis()));
                field(sb, "arpTargets", joinList(b.arpTargets()));
                field(sb, "xmitHash", b.xmitHashPolicy());
                field(sb, "lacpRate", b.lacpRate());
              });
      d.bridge()
          .ifPresent(
              b -> {
                field(sb, "vlanFiltering", Boolean.toString(b.vlanFiltering()));
                field(sb, "defaultPvid", Integer.toString(b.defaultPvid()));
              });
      field(
          sb,
          "vlans",
          d.vlans().stream()
              .map(r -> r.first() + "-" + r.last() + "-" + VlanFlags.of(r))
              .collect(Collectors.joining(",")));
      field(sb, "addresses", joinList(d.addresses()));
      if (d.maxMtu() > 0) {
        field(sb, "maxMtu", Integer.toString(d.maxMtu()));
      }
      d.permanentMac().ifPresent(m -> field(sb, "permanentMac", m));
      field(
          sb,
          "routes",
          joinList(
              d.routes().stream()
                  .map(r -> r.destination() + "|" + r.gateway().orElse("") + "|" + r.metric())
                  .toList()));
      d.vlanLink()
          .ifPresent(
              v -> {
                field(sb, "vlanParent", v.parent());
                field(sb, "vlanId", Integer.toString(v.vlanId()));
              });
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Parses the lines that start with {@code device}; other lines are left to the caller. */
  public static HostState decode(List<String> lines) {
    List<Device> devices = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("device ")) {
        continue;
      }
      Map<String, String> f = new HashMap<>();
      for (String kv : line.substring(7).split(" ")) {
        int eq = kv.indexOf('=');
        f.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
      DeviceKind kind = DeviceKind.valueOf(f.get("kind"));
      Device.Builder b =
          Device.builder(f.get("name"), kind)
              .altNames(splitList(f.get("alt")))
              .alias(f.get("alias"))
              .master(f.get("master"))
              .up(Boolean.parseBoolean(f.get("up")))
              .mtu(Integer.parseInt(f.get("mtu")))
              .mac(f.get("mac"))
              .carrier(Boolean.parseBoolean(f.get("carrier")))
              .addresses(splitList(f.get("addresses")))
              .maxMtu(Integer.parseInt(f.getOrDefault("maxMtu", "0")))
              .permanentMac(f.get("permanentMac"));
      if (kind == DeviceKind.BOND) {
        b.bond(
            new BondSettings(
                f.get("bondMode"),
                Integer.parseInt(f.get("miimon")),
                Optional.ofNullable(f.get("primary")),
                Optional.ofNullable(f.get("active")),
                // Journals written before these settings existed have the kernel's defaults.
                Integer.parseInt(f.getOrDefault("updelay", "0")),
                Integer.parseInt(f.getOrDefault("downdelay", "0")),
                f.getOrDefault("primaryReselect", BondSettings.RESELECT_ALWAYS),
                Integer.parseInt(f.getOrDefault("arpInterval", "0")),
                splitList(f.get("arpTargets")),
                f.getOrDefault("xmitHash", BondSettings.HASH_LAYER2),
                f.getOrDefault("lacpRate", BondSettings.LACP_SLOW)));
      }
      if (kind == DeviceKind.BRIDGE) {
        b.bridge(
            new BridgeSettings(
                Boolean.parseBoolean(f.get("vlanFiltering")),
                Integer.parseInt(f.get("defaultPvid"))));
      }
      for (String r : splitList(f.get("routes"))) {
        String[] p = r.split("\\|", -1);
        b.addRoute(
            new Route(
                p[0],
                p[1].isEmpty() ? Optional.empty() : Optional.of(p[1]),
                Integer.parseInt(p[2])));
      }
      if (kind == DeviceKind.VLAN) {
        b.vlanLink(new VlanLink(f.get("vlanParent"), Integer.parseInt(f.get("vlanId"))));
      }
      List<VlanRange> vlans = new ArrayList<>();
      for (String r : split(f.get("vlans"))) {
        String[] p = r.split("-");
        int flags = Integer.parseInt(p[2]);
        vlans.add(
            new VlanRange(
                Integer.parseInt(p[0]),
                Integer.parseInt(p[1]),
                (flags & VlanFlags.PVID) != 0,
                (flags & VlanFlags.UNTAGGED) != 0));
      }
      devices.add(b.vlans(vlans).build());
    }
    return HostState.of(devices);
  }

  private static void field(StringBuilder sb, String key, String value) {
    sb.append(' ').append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static List<String> split(String s) {
    return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
  }

  private static String joinList(List<String> values) {
    return values.stream()
        .map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8))
        .collect(Collectors.joining(","));
  }

  private static List<String> splitList(String s) {
    return split(s).stream().map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8)).toList();
  }
}
