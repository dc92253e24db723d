package io.gallium.net.linux.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What iproute2 says a namespace's devices are ({@code ip -d -j link show} and {@code bridge -j
 * vlan show}), normalized so that two snapshots of an unchanged host are equal.
 *
 * <p>Left out, because they change on their own or as a kernel side effect nobody can undo:
 *
 * <ul>
 *   <li>{@code operstate}: set by the kernel's linkwatch work, asynchronously after a carrier or
 *       admin change (a device brought down and up again may still read UNKNOWN/DOWN for a moment);
 *   <li>{@code qdisc}: a device never up shows {@code noop}; the first time it goes up the kernel
 *       attaches the default qdisc ({@code noqueue} for veth) and keeps it after it goes down, so
 *       an adapter set up by an apply and down again by its rollback reads {@code noqueue} (no
 *       request of gallium-net's can detach it, and it does not change how frames flow);
 *   <li>carrier and what the kernel derives from it, asynchronously: the flags {@code LOWER_UP},
 *       {@code NO-CARRIER} and {@code DORMANT}, a bridge port's STP {@code state} (disabled until
 *       its link is up) and path {@code cost} (from the port's link speed, known once its carrier
 *       is: a bond port read 100 right after an apply and 2 a moment later), a bond's {@code
 *       active_slave} and its slaves' {@code state}, {@code mii_status} and {@code
 *       link_failure_count} (miimon looks every 100 ms); a bridge's carrier follows its ports.
 *       Nobody sets these, and a snapshot right after an apply can catch them moving (seen in the
 *       lane: a bridge with UP, LOWER_UP and NO-CARRIER at once);
 *   <li>every key ending in {@code _timer} (bridge and bridge port STP/GC timers: they count);
 *   <li>{@code stats}/{@code stats64} (counters, if asked for).
 * </ul>
 *
 * Everything else is kept, ifindex, MAC, flags, MTU, master, alias, altnames, bond and bridge
 * options included. Devices are keyed and sorted by name, so the order of the dump does not matter.
 */
public record LinkSnapshot(Map<String, Object> links, Map<String, Object> vlans) {
  private static final Set<String> VOLATILE =
      Set.of(
          "operstate",
          "qdisc",
          "stats",
          "stats64",
          "state",
          "cost",
          "mii_status",
          "link_failure_count",
          "active_slave");
  private static final Set<String> CARRIER_FLAGS = Set.of("LOWER_UP", "NO-CARRIER", "DORMANT");

  /** Takes a snapshot of every device in {@code ns}. */
  public static LinkSnapshot of(TestNamespace ns) {
    return of(ns, name -> true);
  }

  /** Takes a snapshot of the devices of {@code ns} whose names pass {@code which}. */
  public static LinkSnapshot of(TestNamespace ns, Predicate<String> which) {
    Map<String, Object> links = new TreeMap<>();
    for (Map<String, Object> link : Json.parseArray(ns.ipOk("-d", "-j", "link", "show"))) {
      String name = (String) link.get("ifname");
      if (which.test(name)) {
        links.put(name, normalize(link));
      }
    }
    Map<String, Object> vlans = new TreeMap<>();
    String bridgeJson = ns.bridgeOk("-j", "vlan", "show").strip();
    if (!bridgeJson.isEmpty()) {
      for (Map<String, Object> port : Json.parseArray(bridgeJson)) {
        String name = (String) port.get("ifname");
        if (which.test(name)) {
          vlans.put(name, port.get("vlans"));
        }
      }
    }
    return new LinkSnapshot(links, vlans);
  }

  @SuppressWarnings("unchecked")
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        if (!VOLATILE.contains(e.getKey()) && !e.getKey().endsWith("_timer")) {
          out.put(e.getKey(), normalize(e.getValue()));
        }
      }
      if (out.get("flags") instanceof List<?> flags) {
        out.put("flags", flags.stream().filter(f -> !CARRIER_FLAGS.contains(f)).toList());
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) {
        out.add(normalize(o));
      }
      return out;
    }
    return value;
  }

  /**
   * One line per difference from {@code other} ("device: this vs other"), for assertion messages.
   */
  public String differencesFrom(LinkSnapshot other) {
    StringBuilder out = new StringBuilder();
    diff("link", links, other.links, out);
    diff("vlans", vlans, other.vlans, out);
    return out.toString();
  }

  private static void diff(
      String what, Map<String, Object> a, Map<String, Object> b, StringBuilder out) {
    Set<String> names = new java.util.TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String name : names) {
      Object x = a.get(name);
      Object y = b.get(name);
      if (!java.util.Objects.equals(x, y)) {
        out.append('\n')
            .append(what)
            .append(' ')
            .append(name)
            .append(":\n  expected ")
            .append(x)
            .append("\n  but was  ")
            .append(y);
      }
    }
  }
}
