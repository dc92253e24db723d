package io.gallium.net.core.internal;

import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.Route;
import io.gallium.net.core.spi.VlanLink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes the {@link StagedPlan} that takes a host from the state it has to the state it should
 * have.
 *
 * <p>The plan is deterministic (same states, same plan), minimal (a device whose managed attributes
 * agree is never touched, so {@code diff(s, s)} is empty) and ordered in dependency stages:
 *
 * <ol>
 *   <li>give an adapter that leaves its group the host's addresses and routes that came from it,
 *       while the bridge still carries them; then take those addresses off the bridge, whose routes
 *       the kernel flushes with them, so the adapter's carry the host from there;
 *   <li>release ports that change master, remove VLANs and alternative names that go;
 *   <li>bring down adapters about to join a bond ({@link KernelRules#takesOnlyDownPorts});
 *   <li>delete bonds and bridges that go;
 *   <li>delete bonds in another mode or LACP rate than wanted: the kernel changes neither on a bond
 *       with slaves, so such a bond is created again;
 *   <li>create bonds and bridges that come;
 *   <li>set aliases, alternative names and MTUs (restoring a released adapter's MTU; a group's MTU
 *       changes in place on its bond, which passes it to the adapters, its bridge and its VM ports:
 *       Linux enforces no order among them);
 *   <li>set a bond's link monitoring and failover settings and a bridge's VLAN filtering and
 *       default PVID that differ (from the topology, or because someone else changed them) (before
 *       any port's VLANs are set: a new default PVID moves ports' VLANs);
 *   <li>enslave;
 *   <li>add VLANs (as ranges, one change per port) and set bond primaries;
 *   <li>bring up: a port only after its VLANs are set;
 *   <li>add and remove the host's addresses.
 * </ol>
 *
 * <p>A port's VLANs change remove-first, and that order is what keeps a VM port, an access port or
 * a trunk, from ever carrying a VLAN it is not given, not even for the length of one request. A
 * port that stays on its bridge loses the VLANs it is no longer given in stage 1, so from then on
 * it carries only VLANs it keeps (old ∩ new); in stage 8 it gets the VLANs it did not have, and a
 * VLAN it keeps whose flags change (a tagged VLAN that becomes the native one, or the reverse) is
 * added again with its new flags, in place, rather than removed and added. So at every step it
 * carries VLANs of old ∪ new only, and once it carries one of the new VLANs it carries none outside
 * the new set. A port that moves to another bridge is released in stage 1 (the kernel drops all its
 * VLANs with it) and enslaved with no VLAN (default PVID 0), so it need not be taken down; a port
 * that is down stays down until stage 9, after its VLANs are set. {@code TrunkPropertiesTest}
 * checks this after every single change.
 *
 * <p>The host's VLAN devices are deleted with the releases (before the bridge under them goes,
 * which would take them along) and created in a stage of their own right after the bridges.
 *
 * <p>Each stage is simulated against the kernel's rules before the plan is returned, so a plan the
 * kernel would refuse or that would not end in the desired state is never handed out; each change
 * carries its undo, computed against the simulated state before its stage.
 */
public final class Planner {

  /** The purpose of the stage that deletes bonds to create them again in another mode. */
  public static final String RECREATE_BONDS =
      "delete bonds whose mode or LACP rate changes: Linux changes those only on a bond without"
          + " slaves (and down), so the bond is created again and its adapters enslaved again";

  private Planner() {}

  /**
   * The plan from {@code observed} to {@code desired}.
   *
   * @throws IllegalArgumentException if {@code desired} cannot be reached: it lacks a device that
   *     cannot be deleted, needs one that cannot be created, or the kernel would refuse a change
   */
  public static StagedPlan diff(HostState observed, HostState desired) {
    List<StagedPlan.Stage> stages = new ArrayList<>();
    HostState s = observed;
    for (Phase phase : Phase.values()) {
      List<Change> changes = new ArrayList<>();
      phase.collect(s, desired, changes::add);
      if (changes.isEmpty()) {
        continue;
      }
      changes.sort(ORDER);
      List<StagedPlan.Step> steps = new ArrayList<>();
      for (Change c : changes) {
        steps.add(new StagedPlan.Step(c, Undo.of(c, s)));
      }
      for (Change c : changes) {
        try {
          s = KernelRules.apply(s, c);
        } catch (KernelRules.Rejection r) {
          throw new IllegalArgumentException(
              "cannot plan '"
                  + c
                  + "': the host would refuse it with "
                  + r.errno()
                  + ": "
                  + r.getMessage(),
              r);
        }
      }
      stages.add(new StagedPlan.Stage(phase.purpose, steps));
    }
    List<String> left = ManagedDiff.between(s, desired);
    if (!left.isEmpty()) {
      throw new IllegalArgumentException(
          "no plan reaches the desired state; it would still differ in: "
              + String.join("; ", left));
    }
    return new StagedPlan(stages);
  }

  /**
   * Within a stage, changes are sorted by device, then by kind in this order (then by text): a
   * deterministic order that also reads well.
   */
  private static final Change.Visitor<Integer> KIND_RANK =
      new Change.Visitor<>() {
        @Override
        public Integer visit(Change.ReleaseMaster change) {
          return 0;
        }

        @Override
        public Integer visit(Change.RemovePortVlans change) {
          return 1;
        }

        @Override
        public Integer visit(Change.RemoveAltName change) {
          return 2;
        }

        @Override
        public Integer visit(Change.SetUp change) {
          return 3;
        }

        @Override
        public Integer visit(Change.DeleteDevice change) {
          return 4;
        }

        @Override
        public Integer visit(Change.CreateBond change) {
          return 5;
        }

        @Override
        public Integer visit(Change.CreateBridge change) {
          return 6;
        }

        @Override
        public Integer visit(Change.SetAlias change) {
          return 7;
        }

        @Override
        public Integer visit(Change.AddAltName change) {
          return 8;
        }

        @Override
        public Integer visit(Change.SetMtu change) {
          return 9;
        }

        @Override
        public Integer visit(Change.SetBondMiimon change) {
          return 10;
        }

        @Override
        public Integer visit(Change.SetBondSettings change) {
          return 10;
        }

        @Override
        public Integer visit(Change.SetBridgeSettings change) {
          return 11;
        }

        @Override
        public Integer visit(Change.SetMaster change) {
          return 12;
        }

        @Override
        public Integer visit(Change.AddPortVlans change) {
          return 13;
        }

        @Override
        public Integer visit(Change.SetBondPrimary change) {
          return 14;
        }

        @Override
        public Integer visit(Change.CreateVlan change) {
          return 15;
        }

        @Override
        public Integer visit(Change.SetMac change) {
          return 16;
        }

        // A device's new address comes before its old one goes: the host stays reachable.
        @Override
        public Integer visit(Change.AddAddress change) {
          return 17;
        }

        @Override
        public Integer visit(Change.RemoveAddress change) {
          return 18;
        }

        // A route comes after the addresses that make its gateway reachable.
        @Override
        public Integer visit(Change.AddRoute change) {
          return 19;
        }

        @Override
        public Integer visit(Change.RemoveRoute change) {
          return 20;
        }
      };

  private static final Comparator<Change> ORDER =
      Comparator.comparing(Change::device)
          .thenComparingInt((Change c) -> c.accept(KIND_RANK))
          .thenComparing(Planner::laterRoute)
          .thenComparing(Change::toString);

  /**
   * Whether {@code c} adds a route that is not a default route: a device given the host's routes
   * gets its default route first of all, the one that reaches everything else.
   */
  private static boolean laterRoute(Change c) {
    return c instanceof Change.AddRoute r && !r.route().isDefault();
  }

  /** The stages, in order; each collects its changes from the state the stages before it leave. */
  private enum Phase {
    GIVE_BACK(
        "give adapters leaving a group back the host's addresses and routes that came from them,"
            + " while the bridge still carries them (through the group's other adapter, if any)") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device x : s.devices().values()) {
          Optional<Device> dx = d.device(x.name());
          if (dx.isEmpty() || !takesAddressesBack(s, x, dx.get())) {
            continue;
          }
          Device want = dx.get();
          out.accept(new Change.ReleaseMaster(x.name()));
          out.accept(new Change.SetUp(x.name(), true));
          want.addresses().forEach(a -> out.accept(new Change.AddAddress(x.name(), a)));
          want.routes().forEach(r -> out.accept(new Change.AddRoute(x.name(), r)));
        }
      }
    },
    HAND_OVER(
        "take the addresses given back to an adapter off the host interface that no longer has"
            + " them, so the adapter's routes carry the host at once (the kernel flushes the host"
            + " interface's with its last address)") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device x : s.devices().values()) {
          if (!x.isBridge() && !x.isVlan()) {
            continue;
          }
          Optional<Device> dx = d.device(x.name());
          for (String a : x.addresses()) {
            if (dx.filter(want -> want.addresses().contains(a)).isEmpty()
                && carriedElsewhere(s, d, x.name(), a)) {
              out.accept(new Change.RemoveAddress(x.name(), a));
            }
          }
        }
      }
    },
    RELEASE("release ports, remove VLANs and names that go") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device x : s.devices().values()) {
          Optional<Device> dx = d.device(x.name());
          if (dx.isPresent() && x.equals(dx.get())) {
            continue;
          }
          if (x.isVlan() && dx.isEmpty()) {
            // Before the bridge it sits on goes, whose deletion would take it along unrecorded.
            out.accept(new Change.DeleteDevice(x.name()));
            continue;
          }
          if (x.master().isPresent() && (dx.isEmpty() || !dx.get().master().equals(x.master()))) {
            out.accept(new Change.ReleaseMaster(x.name()));
          } else if (dx.isPresent() && (x.master().isPresent() || x.isBridge())) {
            removeVlansNotIn(x, dx.get(), out);
          }
          dx.ifPresent(
              want ->
                  x.altNames().stream()
                      .filter(n -> !want.altNames().contains(n))
                      .forEach(n -> out.accept(new Change.RemoveAltName(x.name(), n))));
        }
      }
    },
    DOWN("take adapters down before they join a bond") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          boolean mustBeDown =
              want.master().flatMap(d::device).filter(KernelRules::takesOnlyDownPorts).isPresent();
          s.device(want.name())
              .filter(x -> mustBeDown && x.master().isEmpty() && x.up())
              .filter(x -> !movesAddressesAway(x, want))
              .ifPresent(x -> out.accept(new Change.SetUp(x.name(), false)));
        }
      }
    },
    DELETE("delete bonds and bridges that go") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device x : s.devices().values()) {
          if (d.device(x.name()).isEmpty()) {
            if (!x.isBond() && !x.isBridge()) {
              throw new IllegalArgumentException(
                  "the desired state lacks "
                      + x.name()
                      + " ("
                      + x.kind().name().toLowerCase(java.util.Locale.ROOT)
                      + "), which cannot be deleted");
            }
            out.accept(new Change.DeleteDevice(x.name()));
          }
        }
      }
    },
    RECREATE(RECREATE_BONDS) {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device x : s.devices().values()) {
          if (d.device(x.name()).filter(want -> otherBondMode(x, want)).isPresent()) {
            out.accept(new Change.DeleteDevice(x.name()));
          }
        }
      }
    },
    CREATE("create bonds and bridges") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          if (s.device(want.name()).isPresent()) {
            continue;
          }
          if (want.isBond()) {
            out.accept(new Change.CreateBond(want.name(), want.mtu(), want.bond().get()));
          } else if (want.isBridge()) {
            out.accept(new Change.CreateBridge(want.name(), want.mtu()));
          } else if (want.isVlan()) {
            continue; // on a bridge that may come in this stage: the next one creates it
          } else {
            throw new IllegalArgumentException(
                "the desired state needs "
                    + want.name()
                    + " ("
                    + want.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "), which the host does not have");
          }
        }
      }
    },
    CREATE_VLANS("create the host's VLAN devices on their bridges") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          if (want.isVlan() && s.device(want.name()).isEmpty()) {
            VlanLink link = want.vlanLink().get();
            out.accept(
                new Change.CreateVlan(want.name(), link.parent(), link.vlanId(), want.mtu()));
          }
        }
      }
    },
    LABEL("set aliases, alternative names and MTUs") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (x.equals(want)) {
            continue;
          }
          if (!x.alias().equals(want.alias())) {
            out.accept(new Change.SetAlias(x.name(), want.alias()));
          }
          want.altNames().stream()
              .filter(n -> !x.altNames().contains(n))
              .forEach(n -> out.accept(new Change.AddAltName(x.name(), n)));
          boolean mtuOfMaster =
              want.master().flatMap(d::device).filter(KernelRules::imposesMtu).isPresent();
          if (!mtuOfMaster && x.mtu() != want.mtu()) {
            out.accept(new Change.SetMtu(x.name(), want.mtu()));
          }
          // Only the MACs of the host's interfaces are set (Layout); other devices keep theirs.
          if ((want.isBridge() || want.isVlan())
              && want.mac().isPresent()
              && !want.mac().equals(x.mac())) {
            out.accept(new Change.SetMac(x.name(), want.mac().get()));
          }
        }
      }
    },
    SETTINGS("set bond link monitoring and bridge VLAN filtering back") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (want.isBond() && x.isBond()) {
            BondSettings have = x.bond().get();
            BondSettings wanted = want.bond().get();
            int miimon = wanted.miimonMillis();
            if (have.sameLiveSettings(wanted)) {
              // nothing the kernel changes on a running bond differs
            } else if (withMiimon(have, miimon).sameLiveSettings(wanted)) {
              out.accept(new Change.SetBondMiimon(x.name(), miimon));
            } else {
              out.accept(new Change.SetBondSettings(x.name(), wanted));
            }
          }
          if (want.isBridge() && x.isBridge() && !x.bridge().equals(want.bridge())) {
            out.accept(new Change.SetBridgeSettings(x.name(), want.bridge().get()));
          }
        }
      }
    },
    HOST_BRIDGES_UP("bring up the bridges the host's interfaces need") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          boolean parent =
              want.isBridge()
                  && want.up()
                  && !x.up()
                  && (isHostInterface(want)
                      || d.devices().values().stream()
                          .anyMatch(
                              v ->
                                  v.vlanLink()
                                      .filter(l -> l.parent().equals(want.name()))
                                      .isPresent()));
          if (parent) {
            out.accept(new Change.SetUp(x.name(), true));
          }
        }
      }
    },
    HOST_IPV6_ROUTES_OFF(
        "remove the IPv6 routes that move from the adapters, right before the host's interfaces"
            + " get them (Linux would merge the two into one multipath route)") {
      // Two IPv6 routes to one destination at one metric through gateways are one multipath route
      // to Linux (appended or not): its adapter hop survives the adapter going down, comes back
      // when the adapter joins the bond, and the whole route reads as neither device's. So an
      // IPv6 route leaves the adapter one stage before the host interface gets it.
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          if (!isHostInterface(want) || !want.up()) {
            continue;
          }
          Device x = s.device(want.name()).get();
          for (Route r : want.routes()) {
            if (!r.isIpv6() || x.routes().contains(r)) {
              continue;
            }
            for (Device a : s.devices().values()) {
              boolean moves = d.device(a.name()).filter(w -> movesAddressesAway(a, w)).isPresent();
              if (moves && a.routes().contains(r)) {
                out.accept(new Change.RemoveRoute(a.name(), r));
              }
            }
          }
        }
      }
    },
    HOST_FIRST(
        "give the host's interfaces their addresses and routes, before the adapters that carry"
            + " them now go down") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          if (!isHostInterface(want)) {
            continue;
          }
          Device x = s.device(want.name()).get();
          if (want.up() && !x.up()) {
            out.accept(new Change.SetUp(x.name(), true));
          }
          want.addresses().stream()
              .filter(a -> !x.addresses().contains(a))
              .forEach(a -> out.accept(new Change.AddAddress(x.name(), a)));
          if (want.up()) {
            want.routes().stream()
                .filter(r -> !x.routes().contains(r))
                .forEach(r -> out.accept(new Change.AddRoute(x.name(), r)));
          }
        }
      }
    },
    ENSLAVE("enslave") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          // An adapter whose addresses move joins last: until then it carries the host. So does
          // the rest of its group, after it (see MOVE_JOIN).
          if (want.master().isPresent()
              && x.master().isEmpty()
              && !movesAddressesAway(x, want)
              && !groupMovesAddresses(s, d, want.master().get())) {
            out.accept(new Change.SetMaster(x.name(), want.master().get()));
          }
        }
      }
    },
    CONFIGURE("set VLANs and bond primaries") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (x.equals(want)) {
            continue;
          }
          if ((want.master().isPresent() || want.isBridge()) && !x.vlans().equals(want.vlans())) {
            TreeMap<Integer, Integer> have = VlanFlags.of(x.vlans());
            TreeMap<Integer, Integer> add = new TreeMap<>();
            VlanFlags.of(want.vlans())
                .forEach(
                    (vid, f) -> {
                      if (!f.equals(have.get(vid))) {
                        add.put(vid, f);
                      }
                    });
            if (!add.isEmpty()) {
              out.accept(new Change.AddPortVlans(x.name(), VlanFlags.toRanges(add)));
            }
          }
          if (want.isBond() && x.isBond()) {
            Optional<String> p = want.bond().get().primary();
            // A primary that joins the bond later (it carried the host's addresses) is set then.
            boolean joined =
                p.flatMap(s::device).flatMap(Device::master).equals(Optional.of(x.name()));
            if (!p.equals(x.bond().get().primary()) && (p.isEmpty() || joined)) {
              out.accept(new Change.SetBondPrimary(x.name(), p));
            }
          }
        }
      }
    },
    UP("bring up (ports carry their VLANs by now)") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (x.equals(want)) {
            continue;
          }
          if (want.master().isPresent() || want.isBridge()) {
            removeVlansNotIn(x, want, out);
          }
          // An adapter that waits to join its bond after the move comes up as it joins.
          boolean waits = want.master().isPresent() && x.master().isEmpty();
          if (x.up() != want.up() && !waits) {
            out.accept(new Change.SetUp(x.name(), want.up()));
          }
        }
      }
    },
    MOVE_IPV6_OFF(
        "remove the IPv6 addresses from the adapters whose addresses moved (Linux would drop them"
            + " as the adapter goes down, and a rollback could not put them back)") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (movesAddressesAway(x, want)) {
            x.addresses().stream()
                .filter(a -> a.indexOf(':') >= 0)
                .forEach(a -> out.accept(new Change.RemoveAddress(x.name(), a)));
          }
        }
      }
    },
    MOVE_DOWN(
        "take down the adapters whose addresses moved, and remove the addresses from them (the"
            + " kernel flushes their routes: the host interface's take over once the adapter joins"
            + " the bond, next)") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          // An adapter whose only addresses were IPv6 ones has none left by now, and still waits
          // to be enslaved.
          boolean waits = want.master().isPresent() && x.master().isEmpty();
          if (!movesAddressesAway(x, want) && !waits) {
            continue;
          }
          boolean mustBeDown =
              want.master().flatMap(d::device).filter(KernelRules::takesOnlyDownPorts).isPresent();
          if (mustBeDown && x.master().isEmpty() && x.up()) {
            out.accept(new Change.SetUp(x.name(), false));
          }
          x.addresses().forEach(a -> out.accept(new Change.RemoveAddress(x.name(), a)));
        }
      }
    },
    MOVE_JOIN(
        "enslave the primary of a group whose adapter gave up its addresses (the bridge gets"
            + " carrier through it at once, with no failover to come)") {
      // The primary joins alone and first: the bond makes it active as it joins, so the switch
      // learns the bridge's MAC on its port once. A standby that joined first would carry the
      // host meanwhile, and the primary's later takeover would leave the switch sending to the
      // standby's port, where the bond drops frames, until the host next sends.
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (want.master().isPresent() && x.master().isEmpty() && joinsFirst(d, want)) {
            out.accept(new Change.SetMaster(x.name(), want.master().get()));
          }
        }
      }
    },
    MOVE_STANDBY_JOIN("enslave the rest of those groups: their standbys") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (want.master().isPresent() && x.master().isEmpty()) {
            out.accept(new Change.SetMaster(x.name(), want.master().get()));
          }
        }
      }
    },
    MOVE_PRIMARY("set the primary that joined last") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (want.isBond() && x.isBond()) {
            Optional<String> p = want.bond().get().primary();
            if (!p.equals(x.bond().get().primary())) {
              out.accept(new Change.SetBondPrimary(x.name(), p));
            }
          }
        }
      }
    },
    ADDRESSES("add and remove the host's addresses and routes") {
      @Override
      void collect(HostState s, HostState d, Sink out) {
        for (Device want : d.devices().values()) {
          Device x = s.device(want.name()).get();
          if (x.addresses().equals(want.addresses()) && x.routes().equals(want.routes())) {
            continue;
          }
          List<String> added =
              want.addresses().stream().filter(a -> !x.addresses().contains(a)).toList();
          List<String> removed =
              x.addresses().stream().filter(a -> !want.addresses().contains(a)).toList();
          added.forEach(a -> out.accept(new Change.AddAddress(x.name(), a)));
          removed.forEach(a -> out.accept(new Change.RemoveAddress(x.name(), a)));
          // The routes the device still has once its addresses changed (new ones come first, in
          // this stage's order, so only the removal of its last IPv4 address flushes routes).
          List<String> addresses = new ArrayList<>(x.addresses());
          addresses.addAll(added);
          Device now = x.toBuilder().addresses(addresses).build();
          for (String a : removed) {
            List<Route> lost = KernelRules.routesLostWithAddress(now, a);
            now =
                now.toBuilder()
                    .addresses(now.addresses().stream().filter(b -> !b.equals(a)).toList())
                    .routes(now.routes().stream().filter(r -> !lost.contains(r)).toList())
                    .build();
          }
          List<Route> has = now.routes();
          has.stream()
              .filter(r -> !want.routes().contains(r))
              .forEach(r -> out.accept(new Change.RemoveRoute(x.name(), r)));
          want.routes().stream()
              .filter(r -> !has.contains(r))
              .forEach(r -> out.accept(new Change.AddRoute(x.name(), r)));
        }
      }
    };

    private final String purpose;

    Phase(String purpose) {
      this.purpose = purpose;
    }

    abstract void collect(HostState s, HostState d, Sink out);
  }

  /**
   * Whether {@code x} is a bond in another mode than {@code want}'s. The kernel changes a bond's
   * mode only while it is down and has no slaves (EBUSY, ENOTEMPTY), so such a bond is deleted and
   * created again rather than taken apart and put back together around a mode change.
   */
  private static boolean otherBondMode(Device x, Device want) {
    if (!x.isBond() || !want.isBond()) {
      return false;
    }
    BondSettings have = x.bond().get();
    BondSettings wanted = want.bond().get();
    // The LACP rate, too, is set only on a bond that is down; creating the bond again costs the
    // same interruption as taking it down, and needs no state of its own to get right.
    return !have.mode().equals(wanted.mode())
        || (wanted.isLacp() && !have.lacpRate().equals(wanted.lacpRate()));
  }

  /** {@code s} with link monitoring interval {@code miimon} and everything else as it is. */
  private static BondSettings withMiimon(BondSettings s, int miimon) {
    return new BondSettings(
        s.mode(),
        miimon,
        s.primary(),
        s.activeAdapter(),
        s.updelayMillis(),
        s.downdelayMillis(),
        s.primaryReselect(),
        s.arpIntervalMillis(),
        s.arpTargets(),
        s.xmitHashPolicy(),
        s.lacpRate());
  }

  /**
   * Whether the adapter {@code x} gives its addresses up to a host interface: it has some and is to
   * have none. Such an adapter goes down only after the host interface carries them.
   */
  private static boolean movesAddressesAway(Device x, Device want) {
    return !x.addresses().isEmpty()
        && want.addresses().isEmpty()
        && !want.isBridge()
        && !want.isVlan();
  }

  /**
   * Whether {@code x}, a port of a bond, leaves it to carry addresses again ({@code HostOwned}
   * gives an adapter back what moved from it when its group goes): it is released, up, and given
   * its addresses and routes in one stage before anything else, so that the host answers on it
   * before the bridge that carried them goes.
   */
  private static boolean takesAddressesBack(HostState s, Device x, Device want) {
    return x.addresses().isEmpty()
        && !want.addresses().isEmpty()
        && want.master().isEmpty()
        && want.up()
        && x.master().flatMap(s::device).filter(Device::isBond).isPresent();
  }

  /**
   * Whether a device other than {@code name} that is no bridge or VLAN device (an adapter given
   * back the host's addresses) carries {@code address} now and is to keep it.
   */
  private static boolean carriedElsewhere(HostState s, HostState d, String name, String address) {
    for (Device y : s.devices().values()) {
      if (!y.name().equals(name)
          && !y.isBridge()
          && !y.isVlan()
          && y.addresses().contains(address)
          && d.device(y.name()).filter(w -> w.addresses().contains(address)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a member of bond {@code bond} (in {@code d}) gives its addresses up to a host
   * interface: then all of the bond's members wait for the move (ENSLAVE skips them).
   */
  private static boolean groupMovesAddresses(HostState s, HostState d, String bond) {
    return d.devices().values().stream()
        .filter(m -> m.master().equals(Optional.of(bond)))
        .anyMatch(m -> s.device(m.name()).filter(x -> movesAddressesAway(x, m)).isPresent());
  }

  /** Whether adapter {@code want} joins its bond first: it is its primary, or it has none. */
  private static boolean joinsFirst(HostState d, Device want) {
    Optional<String> primary =
        d.device(want.master().get()).flatMap(Device::bond).flatMap(BondSettings::primary);
    return primary.isEmpty() || primary.get().equals(want.name());
  }

  /** A bridge or VLAN device that carries the host's addresses or routes. */
  static boolean isHostInterface(Device want) {
    return (want.isBridge() || want.isVlan())
        && (!want.addresses().isEmpty() || !want.routes().isEmpty());
  }

  /** Where a phase puts its changes. */
  @FunctionalInterface
  private interface Sink {
    void accept(Change change);
  }

  /**
   * Removes the VLANs port {@code x} has and {@code want} does not, in one change. For removal
   * flags do not matter, so they are dropped and the ranges are as long as they can be.
   */
  private static void removeVlansNotIn(Device x, Device want, Sink out) {
    if (x.vlans().isEmpty() || x.vlans().equals(want.vlans())) {
      return;
    }
    TreeMap<Integer, Integer> gone = new TreeMap<>();
    TreeMap<Integer, Integer> keep = VlanFlags.of(want.vlans());
    VlanFlags.of(x.vlans()).keySet().stream()
        .filter(v -> !keep.containsKey(v))
        .forEach(v -> gone.put(v, VlanFlags.NONE));
    if (!gone.isEmpty()) {
      out.accept(new Change.RemovePortVlans(x.name(), VlanFlags.toRanges(gone)));
    }
  }
}
