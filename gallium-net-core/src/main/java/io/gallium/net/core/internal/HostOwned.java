package io.gallium.net.core.internal;

import io.gallium.net.CidrAddress;
import io.gallium.net.core.StoreDamagedException;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The addresses and routes of the host interfaces of one desired state, as {@link Layout} lays them
 * out: on each, exactly what gallium-net put there ({@link HostAddresses}) is added, changed or
 * removed, and everything else is left as it is.
 *
 * <ul>
 *   <li>A host interface that stays gets the topology's addresses and default routes, the routes
 *       moved onto it from its adapters, and keeps what gallium-net moved there before; an address
 *       or default route gallium-net put there that the topology no longer names goes. A default
 *       route through a gateway the topology names replaces any other of its family there (two
 *       would compete); every other address and route stays.
 *   <li>A host interface that goes (its network or its host interface removed): what gallium-net
 *       put there goes, the rest stays on a bridge that stays, and is named in an INFO line. When
 *       the device goes too (a group removed, a VLAN host interface removed), it takes everything
 *       on it along.
 *   <li>An address or route that moved from an adapter the same apply releases (a group removed, or
 *       the adapter taken out of its group, while the host interface goes) goes back onto that
 *       adapter, so that the host keeps its management address rather than being cut off; the
 *       planner does that before the bridge goes ({@code Planner}, stage "give adapters back").
 *   <li>Without a record (a host set up by a version that kept none) nothing is removed, and a
 *       WARNING says which addresses and routes are left and why. The first apply that names the
 *       addresses records them.
 * </ul>
 */
final class HostOwned {

  private static final System.Logger LOG = System.getLogger(Transaction.LOGGER_NAME);

  /** A host interface's addresses and routes as they should be. */
  record Outcome(List<String> addresses, List<Route> routes) {}

  private final Function<String, Optional<HostAddresses.Record>> reader;
  private final Map<String, Optional<HostAddresses.Record>> changes = new TreeMap<>();
  private final Set<String> decided = new TreeSet<>();

  HostOwned(Function<String, Optional<HostAddresses.Record>> reader) {
    this.reader = reader;
  }

  /** The records that change, each as it should be (empty: removed). */
  Map<String, Optional<HostAddresses.Record>> changes() {
    return changes;
  }

  /**
   * The addresses and routes of a host interface that the topology keeps.
   *
   * @param name the device
   * @param observed it as observed, if it exists
   * @param wanted the topology's addresses for it
   * @param gateways the default routes through the topology's gateways in its subnets
   * @param movedAddresses addresses (canonical) that move onto it now, and their adapters
   * @param movedRoutes routes that move onto it now, and their adapters
   * @param routes its routes as {@link Layout} makes them without a record: those it has less the
   *     default routes the gateways replace, the moved ones, the gateways'
   */
  Outcome staying(
      String name,
      Optional<Device> observed,
      List<String> wanted,
      List<Route> gateways,
      Map<String, String> movedAddresses,
      Map<Route, String> movedRoutes,
      List<Route> routes) {
    decided.add(name);
    List<String> has = observed.map(Device::addresses).orElse(List.of());
    List<Route> hasRoutes = observed.map(Device::routes).orElse(List.of());
    Set<String> wantedCanon = canonical(wanted);
    Optional<HostAddresses.Record> record = Optional.empty();
    // A device about to be made has nothing on it and no record worth reading (a stale one, of a
    // device gone meanwhile, is overwritten below).
    if (observed.isPresent()) {
      try {
        record = reader.apply(name);
      } catch (StoreDamagedException e) {
        // Only a change depends on what is ours there: with none, the damage stops nothing.
        Set<Route> defaults =
            hasRoutes.stream().filter(Route::isDefault).collect(Collectors.toSet());
        if (canonical(has).equals(wantedCanon)
            && movedRoutes.isEmpty()
            && defaults.equals(Set.copyOf(gateways))) {
          return new Outcome(has, hasRoutes);
        }
        throw e;
      }
    }
    Map<String, Optional<String>> ours = new TreeMap<>();
    record.ifPresent(r -> r.addresses().forEach((a, from) -> ours.put(Layout.canonical(a), from)));
    Map<Route, HostAddresses.RouteOrigin> ourRoutes =
        record.map(HostAddresses.Record::routes).orElse(Map.of());

    List<String> addresses = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String a : has) {
      String c = Layout.canonical(a);
      if (ours.containsKey(c) && !wantedCanon.contains(c)) {
        dropped.add(a);
      } else {
        addresses.add(a);
      }
    }
    Set<String> kept = canonical(addresses);
    wanted.stream().filter(w -> !kept.contains(Layout.canonical(w))).forEach(addresses::add);
    List<Route> outRoutes = new ArrayList<>();
    for (Route r : routes) {
      HostAddresses.RouteOrigin o = ourRoutes.get(r);
      boolean stillOurs =
          gateways.contains(r)
              || movedRoutes.containsKey(r)
              || (o != null && o.from().isPresent() && !o.named());
      if (o == null || stillOurs) {
        outRoutes.add(r);
      } else {
        dropped.add(r.toString());
      }
    }

    Map<String, Optional<String>> nextAddresses = new TreeMap<>();
    for (String w : wanted) {
      String c = Layout.canonical(w);
      nextAddresses.put(
          w, ours.containsKey(c) ? ours.get(c) : Optional.ofNullable(movedAddresses.get(c)));
    }
    Map<Route, HostAddresses.RouteOrigin> nextRoutes = new TreeMap<>();
    for (Route r : outRoutes) {
      boolean named = gateways.contains(r);
      Optional<String> from =
          movedRoutes.containsKey(r)
              ? Optional.of(movedRoutes.get(r))
              : Optional.ofNullable(ourRoutes.get(r)).flatMap(HostAddresses.RouteOrigin::from);
      if (named || from.isPresent()) {
        nextRoutes.put(r, new HostAddresses.RouteOrigin(from, named));
      }
    }
    // A record even when nothing is ours: with none, the interface would read as an older
    // version's, whose every address (a DHCP client's, say) is the topology's.
    Optional<HostAddresses.Record> after =
        Optional.of(new HostAddresses.Record(nextAddresses, nextRoutes));
    if (!after.equals(record)) {
      changes.put(name, after);
    }

    List<String> others = new ArrayList<>();
    addresses.stream().filter(a -> !wantedCanon.contains(Layout.canonical(a))).forEach(others::add);
    outRoutes.stream()
        .filter(r -> !nextRoutes.containsKey(r))
        .forEach(r -> others.add(r.toString()));
    if (record.isEmpty() && !others.isEmpty()) {
      warnUnrecorded(name, others);
    } else if (!dropped.isEmpty() && !others.isEmpty() && LOG.isLoggable(Level.INFO)) {
      LOG.log(
          Level.INFO,
          name
              + ": gallium-net's "
              + String.join(", ", dropped)
              + " go; "
              + String.join(", ", others)
              + " stay: gallium-net did not put them there (a DHCP client or an operator did)");
    }
    return new Outcome(addresses, outRoutes);
  }

  /**
   * The host interfaces the topology no longer has (every bridge of ours and host VLAN device
   * observed with addresses or routes that {@link #staying} did not lay out): what gallium-net put
   * on one that stays (a bridge whose group stays) is taken off it in {@code out}; what moved there
   * from an adapter that {@code out} releases goes back onto it; the record goes.
   *
   * @param observed the host as observed
   * @param out the desired devices, changed in place
   */
  void leaving(HostState observed, Map<String, Device> out) {
    for (Device d : observed.devices().values()) {
      boolean hostInterface =
          (d.isBridge() && Layout.groupOf(d).isPresent()) || DeviceNames.isHostVlan(d);
      if (!hostInterface || decided.contains(d.name())) {
        continue;
      }
      if (d.addresses().isEmpty() && d.routes().isEmpty()) {
        forget(d.name());
        continue;
      }
      boolean stays = out.containsKey(d.name());
      Optional<HostAddresses.Record> record = reader.apply(d.name());
      if (record.isEmpty()) {
        if (stays) {
          List<String> left = new ArrayList<>(d.addresses());
          d.routes().forEach(r -> left.add(r.toString()));
          warnUnrecorded(d.name(), left);
        }
        continue;
      }
      HostAddresses.Record ours = record.get();
      Set<String> ourAddresses = canonical(List.copyOf(ours.addresses().keySet()));
      if (stays) {
        Device now = out.get(d.name());
        List<String> others =
            now.addresses().stream()
                .filter(a -> !ourAddresses.contains(Layout.canonical(a)))
                .toList();
        List<Route> otherRoutes =
            now.routes().stream().filter(r -> !ours.routes().containsKey(r)).toList();
        out.put(d.name(), now.toBuilder().addresses(others).routes(otherRoutes).build());
        if ((!others.isEmpty() || !otherRoutes.isEmpty()) && LOG.isLoggable(Level.INFO)) {
          List<String> left = new ArrayList<>(others);
          otherRoutes.forEach(r -> left.add(r.toString()));
          LOG.log(
              Level.INFO,
              d.name()
                  + " is no longer a host interface: gallium-net takes off what it put there and"
                  + " leaves "
                  + String.join(", ", left)
                  + ", which it did not (a DHCP client's or an operator's)");
        }
      }
      giveBack(d, ours, observed, out);
      changes.put(d.name(), Optional.empty());
    }
  }

  /**
   * Removes the record of a former host interface that carries nothing (one declared without
   * addresses has a record without entries). A damaged one is left: nothing on the device depends
   * on it, and the next apply that must know names the file.
   */
  private void forget(String device) {
    try {
      if (reader.apply(device).isPresent()) {
        changes.put(device, Optional.empty());
      }
    } catch (StoreDamagedException e) {
      // Kept as it is: see above.
    }
  }

  /**
   * Puts what moved onto {@code d} from an adapter back onto that adapter, if {@code out} releases
   * it (from one of our bonds) and it comes up: its addresses, then the routes that came with them
   * and whose gateway they reach.
   */
  private static void giveBack(
      Device d, HostAddresses.Record ours, HostState observed, Map<String, Device> out) {
    Set<String> on = canonical(d.addresses());
    Map<String, List<String>> addresses = new TreeMap<>();
    ours.addresses()
        .forEach(
            (a, from) ->
                from.filter(x -> on.contains(Layout.canonical(a)))
                    .ifPresent(x -> addresses.computeIfAbsent(x, k -> new ArrayList<>()).add(a)));
    for (Map.Entry<String, List<String>> e : addresses.entrySet()) {
      String adapter = e.getKey();
      Device want = out.get(adapter);
      boolean released =
          want != null
              && want.master().isEmpty()
              && want.up()
              && observed
                  .device(adapter)
                  .flatMap(Device::master)
                  .flatMap(observed::device)
                  .filter(m -> m.isBond() && Layout.groupOf(m).isPresent())
                  .isPresent();
      if (!released) {
        continue;
      }
      List<String> back = new ArrayList<>(want.addresses());
      Set<String> has = canonical(back);
      e.getValue().stream().filter(a -> !has.contains(Layout.canonical(a))).forEach(back::add);
      List<Route> routes = new ArrayList<>(want.routes());
      ours.routes()
          .forEach(
              (r, o) -> {
                if (o.from().equals(Optional.of(adapter))
                    && d.routes().contains(r)
                    && !routes.contains(r)
                    && onLink(r, back)) {
                  routes.add(r);
                }
              });
      out.put(adapter, want.toBuilder().addresses(back).routes(routes).build());
      if (LOG.isLoggable(Level.INFO)) {
        LOG.log(
            Level.INFO,
            d.name()
                + " goes and "
                + adapter
                + " leaves its group: "
                + String.join(", ", e.getValue())
                + (routes.isEmpty()
                    ? ""
                    : " and routes "
                        + String.join(", ", routes.stream().map(Route::toString).toList()))
                + " go back onto "
                + adapter
                + ", where they came from, before "
                + d.name()
                + " loses them");
      }
    }
  }

  /** Whether a route's gateway (if it has one) lies in a subnet of {@code addresses}. */
  private static boolean onLink(Route r, List<String> addresses) {
    if (r.gateway().isEmpty()) {
      return true;
    }
    CidrAddress gw = CidrAddress.parse(r.gateway().get() + (r.isIpv6() ? "/128" : "/32"));
    return addresses.stream().anyMatch(a -> CidrAddress.parse(a).contains(gw.address()));
  }

  private static void warnUnrecorded(String device, List<String> left) {
    if (LOG.isLoggable(Level.WARNING)) {
      LOG.log(
          Level.WARNING,
          device
              + " has no record of which addresses and routes gallium-net put there (it was set"
              + " up by a version that kept none, or the record "
              + HostAddresses.key(device)
              + " was deleted): "
              + String.join(", ", left)
              + " are left as they are; remove those the topology no longer names yourself");
    }
  }

  private static Set<String> canonical(List<String> addresses) {
    return addresses.stream().map(Layout::canonical).collect(Collectors.toCollection(TreeSet::new));
  }
}
