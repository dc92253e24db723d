package io.gallium.net.linux.internal.host;

import io.gallium.net.MacAddress;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Route;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.AddressRequest;
import io.gallium.net.linux.internal.route.AltName;
import io.gallium.net.linux.internal.route.BridgeVlans;
import io.gallium.net.linux.internal.route.CreateBond;
import io.gallium.net.linux.internal.route.CreateBridge;
import io.gallium.net.linux.internal.route.CreateVlan;
import io.gallium.net.linux.internal.route.DeleteLink;
import io.gallium.net.linux.internal.route.LinkKind;
import io.gallium.net.linux.internal.route.LinkMessage;
import io.gallium.net.linux.internal.route.LinkRef;
import io.gallium.net.linux.internal.route.RouteRequest;
import io.gallium.net.linux.internal.route.SetAlias;
import io.gallium.net.linux.internal.route.SetBondMiimon;
import io.gallium.net.linux.internal.route.SetBondPrimary;
import io.gallium.net.linux.internal.route.SetBondSettings;
import io.gallium.net.linux.internal.route.SetBridgeVlanSettings;
import io.gallium.net.linux.internal.route.SetMac;
import io.gallium.net.linux.internal.route.SetMaster;
import io.gallium.net.linux.internal.route.SetMtu;
import io.gallium.net.linux.internal.route.SetUp;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns each provider-neutral {@link Change} into the one rtnetlink request that carries it out.
 * Devices are addressed by name wherever the kernel allows it; masters, bond primaries and bridge
 * ports need interface indexes, which the caller resolves first ({@link #namesNeedingIndex}).
 *
 * <p>One change is one request, so a change the kernel refuses had no effect and needs no undo. The
 * kernel's rules about order (an adapter must be down before a bond takes it) are the planner's to
 * follow, not this class's: the plan takes adapters down in a stage of its own, and an undo that
 * re-enslaves to a bond takes the adapter down first ({@link Change}'s Javadoc).
 */
public final class ChangeTranslator {
  private ChangeTranslator() {}

  /** The devices whose index the translation of {@code changes} needs. */
  public static Set<String> namesNeedingIndex(List<Change> changes) {
    Set<String> names = new LinkedHashSet<>();
    for (Change change : changes) {
      change.accept(new IndexedDevices(names));
    }
    return names;
  }

  /**
   * The request for one change.
   *
   * @param known the devices resolved for this stage, by name
   * @throws UnknownDeviceException when a device it needs an index of does not exist
   */
  public static Request translate(Change change, Map<String, LinkMessage> known) {
    return change.accept(new Translation(known));
  }

  /**
   * The request that must follow a change once it is done, if any: an IPv6 address, added without
   * duplicate address detection (see {@code address} below), then gets the flags of a plainly added
   * one, so that neither the move nor a rollback leaves {@code nodad} on it.
   *
   * @param change a change that was carried out
   * @param known the devices resolved for its stage, by name
   * @return the follow-up request, or empty
   * @throws UnknownDeviceException when the change's device does not exist
   */
  public static java.util.Optional<Request> afterwards(
      Change change, Map<String, LinkMessage> known) {
    if (change instanceof Change.AddAddress add) {
      String cidr = add.address();
      int slash = cidr.lastIndexOf('/');
      InetAddress address = AddressLiteral.parse(cidr.substring(0, slash));
      if (address instanceof java.net.Inet6Address) {
        LinkMessage link = known.get(add.device());
        if (link == null) {
          throw new UnknownDeviceException(add.device(), change);
        }
        return java.util.Optional.of(
            new io.gallium.net.linux.internal.route.AddressFlagsRequest(
                add.device(), link.index(), address, Integer.parseInt(cidr.substring(slash + 1))));
      }
    }
    return java.util.Optional.empty();
  }

  /** Adds the names a change needs the index of; returns nothing. */
  private record IndexedDevices(Set<String> names) implements Change.Visitor<Void> {
    @Override
    public Void visit(Change.CreateBond change) {
      return null;
    }

    @Override
    public Void visit(Change.CreateBridge change) {
      return null;
    }

    @Override
    public Void visit(Change.DeleteDevice change) {
      return null;
    }

    @Override
    public Void visit(Change.SetMaster change) {
      names.add(change.master());
      return null;
    }

    @Override
    public Void visit(Change.ReleaseMaster change) {
      return null;
    }

    @Override
    public Void visit(Change.SetUp change) {
      return null;
    }

    @Override
    public Void visit(Change.SetMtu change) {
      return null;
    }

    @Override
    public Void visit(Change.SetAlias change) {
      return null;
    }

    @Override
    public Void visit(Change.AddAltName change) {
      return null;
    }

    @Override
    public Void visit(Change.RemoveAltName change) {
      return null;
    }

    @Override
    public Void visit(Change.SetBondPrimary change) {
      change.primary().ifPresent(names::add);
      return null;
    }

    @Override
    public Void visit(Change.SetBondMiimon change) {
      return null;
    }

    @Override
    public Void visit(Change.SetBondSettings change) {
      return null;
    }

    @Override
    public Void visit(Change.SetBridgeSettings change) {
      return null;
    }

    @Override
    public Void visit(Change.AddPortVlans change) {
      names.add(change.device());
      return null;
    }

    @Override
    public Void visit(Change.RemovePortVlans change) {
      names.add(change.device());
      return null;
    }

    @Override
    public Void visit(Change.CreateVlan change) {
      names.add(change.parent());
      return null;
    }

    @Override
    public Void visit(Change.AddAddress change) {
      names.add(change.device());
      return null;
    }

    @Override
    public Void visit(Change.RemoveAddress change) {
      names.add(change.device());
      return null;
    }

    @Override
    public Void visit(Change.SetMac change) {
      return null;
    }

    @Override
    public Void visit(Change.AddRoute change) {
      names.add(change.device());
      return null;
    }

    @Override
    public Void visit(Change.RemoveRoute change) {
      names.add(change.device());
      return null;
    }
  }

  /** The request of each kind of change, with the indexes resolved for the stage. */
  private record Translation(Map<String, LinkMessage> known) implements Change.Visitor<Request> {
    @Override
    public Request visit(Change.CreateBond change) {
      return new CreateBond(change.device(), change.mtu(), change.settings());
    }

    @Override
    public Request visit(Change.CreateBridge change) {
      return new CreateBridge(change.device(), true, change.mtu());
    }

    @Override
    public Request visit(Change.DeleteDevice change) {
      return new DeleteLink(named(change));
    }

    @Override
    public Request visit(Change.SetMaster change) {
      return new SetMaster(named(change), require(change.master(), change).index());
    }

    @Override
    public Request visit(Change.ReleaseMaster change) {
      return new SetMaster(named(change), 0);
    }

    @Override
    public Request visit(Change.SetUp change) {
      return new SetUp(named(change), change.up());
    }

    @Override
    public Request visit(Change.SetMtu change) {
      return new SetMtu(named(change), change.mtu());
    }

    @Override
    public Request visit(Change.SetAlias change) {
      return new SetAlias(named(change), change.alias().orElse(""));
    }

    @Override
    public Request visit(Change.AddAltName change) {
      return new AltName(named(change), change.altName(), true);
    }

    @Override
    public Request visit(Change.RemoveAltName change) {
      return new AltName(named(change), change.altName(), false);
    }

    @Override
    public Request visit(Change.SetBondPrimary change) {
      int primary =
          change.primary().isPresent() ? require(change.primary().get(), change).index() : 0;
      return new SetBondPrimary(named(change), primary);
    }

    @Override
    public Request visit(Change.SetBondMiimon change) {
      return new SetBondMiimon(named(change), change.miimonMillis());
    }

    @Override
    public Request visit(Change.SetBondSettings change) {
      return new SetBondSettings(named(change), change.settings());
    }

    @Override
    public Request visit(Change.SetBridgeSettings change) {
      return new SetBridgeVlanSettings(
          named(change), change.settings().vlanFiltering(), change.settings().defaultPvid());
    }

    @Override
    public Request visit(Change.AddPortVlans change) {
      return new BridgeVlans(indexed(change), true, scope(change), change.ranges());
    }

    @Override
    public Request visit(Change.RemovePortVlans change) {
      return new BridgeVlans(indexed(change), false, scope(change), change.ranges());
    }

    @Override
    public Request visit(Change.CreateVlan change) {
      return new CreateVlan(
          change.device(), require(change.parent(), change).index(), change.vlanId(), change.mtu());
    }

    @Override
    public Request visit(Change.AddAddress change) {
      return address(true, change, change.address());
    }

    @Override
    public Request visit(Change.RemoveAddress change) {
      return address(false, change, change.address());
    }

    @Override
    public Request visit(Change.SetMac change) {
      return new SetMac(named(change), MacAddress.parse(change.mac()));
    }

    @Override
    public Request visit(Change.AddRoute change) {
      return route(true, change, change.route());
    }

    @Override
    public Request visit(Change.RemoveRoute change) {
      return route(false, change, change.route());
    }

    private Request route(boolean add, Change change, Route route) {
      String dst = route.destination();
      int slash = dst.lastIndexOf('/');
      return new RouteRequest(
          add,
          change.device(),
          require(change.device(), change).index(),
          AddressLiteral.parse(dst.substring(0, slash)),
          Integer.parseInt(dst.substring(slash + 1)),
          route.gateway().map(AddressLiteral::parse).orElse(null),
          route.metric(),
          // Appended: the adapter the route moves from still has it until it goes down, and the
          // kernel refuses a second route to the same destination at the same metric as
          // exclusive (EEXIST); appended, it comes after the adapter's, which carries the traffic
          // until the kernel flushes it.
          add);
    }

    /**
     * A bridge's VLANs are those of its own port toward the host (BRIDGE_FLAGS_SELF): where its
     * host interface sends and receives; any other device's are its entry as a port of its bridge.
     */
    private BridgeVlans.Scope scope(Change change) {
      return require(change.device(), change).kind() == LinkKind.BRIDGE
          ? BridgeVlans.Scope.SELF
          : BridgeVlans.Scope.PORT;
    }

    private Request address(boolean add, Change change, String cidr) {
      int slash = cidr.lastIndexOf('/');
      InetAddress address = AddressLiteral.parse(cidr.substring(0, slash));
      // An IPv6 address is added without duplicate address detection: when it moves from an
      // adapter of this host, DAD would find it there and mark it failed on the host interface
      // (and on the way back, a rollback's, on the adapter); it would be unusable for a second
      // besides. The follow-up (afterwards) then clears the flag.
      return new AddressRequest(
          add,
          change.device(),
          require(change.device(), change).index(),
          address,
          Integer.parseInt(cidr.substring(slash + 1)),
          add && address instanceof java.net.Inet6Address);
    }

    private static LinkRef named(Change change) {
      return LinkRef.named(change.device());
    }

    private LinkRef indexed(Change change) {
      return LinkRef.indexed(change.device(), require(change.device(), change).index());
    }

    private LinkMessage require(String name, Change change) {
      LinkMessage link = known.get(name);
      if (link == null) {
        throw new UnknownDeviceException(name, change);
      }
      return link;
    }
  }

  /** A change needs the index of a device the kernel does not have. */
  public static final class UnknownDeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The device that is missing. */
    private final String name;

    UnknownDeviceException(String name, Change change) {
      super("cannot " + change + ": no device " + name);
      this.name = name;
    }

    /** The name of the missing device. */
    public String name() {
      return name;
    }
  }
}
