package io.gallium.net.linux.internal.host;

import io.gallium.net.core.spi.Change;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.AltName;
import io.gallium.net.linux.internal.route.BridgeVlans;
import io.gallium.net.linux.internal.route.CreateBond;
import io.gallium.net.linux.internal.route.CreateBridge;
import io.gallium.net.linux.internal.route.DeleteLink;
import io.gallium.net.linux.internal.route.LinkMessage;
import io.gallium.net.linux.internal.route.LinkRef;
import io.gallium.net.linux.internal.route.SetAlias;
import io.gallium.net.linux.internal.route.SetBondPrimary;
import io.gallium.net.linux.internal.route.SetMaster;
import io.gallium.net.linux.internal.route.SetMtu;
import io.gallium.net.linux.internal.route.SetUp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns each provider-neutral {@link Change} into the rtnetlink request(s) that carry it out.
 * Devices are addressed by name wherever the kernel allows it; masters, bond primaries and bridge
 * ports need interface indexes, which the caller resolves first ({@link #namesNeedingIndex}).
 */
public final class ChangeTranslator {
  private ChangeTranslator() {}

  /** The devices whose index (or kind) the translation of {@code changes} needs. */
  public static Set<String> namesNeedingIndex(List<Change> changes) {
    Set<String> names = new LinkedHashSet<>();
    for (Change change : changes) {
      if (change instanceof Change.SetMaster c) {
        names.add(c.master());
        names.add(c.device());
      } else if (change instanceof Change.SetBondPrimary c) {
        c.primary().ifPresent(names::add);
      } else if (change instanceof Change.AddPortVlans c) {
        names.add(c.device());
      } else if (change instanceof Change.RemovePortVlans c) {
        names.add(c.device());
      }
    }
    return names;
  }

  /**
   * The requests for one change, in order.
   *
   * @param known the devices resolved for this stage, by name
   * @throws UnknownDeviceException when a device it needs an index of does not exist
   */
  public static List<Request> translate(Change change, Map<String, LinkMessage> known) {
    LinkRef device = LinkRef.named(change.device());
    if (change instanceof Change.CreateBond c) {
      return List.of(new CreateBond(c.device(), c.mtu(), c.miimonMillis()));
    }
    if (change instanceof Change.CreateBridge c) {
      return List.of(new CreateBridge(c.device(), true, c.mtu()));
    }
    if (change instanceof Change.DeleteDevice) {
      return List.of(new DeleteLink(device));
    }
    if (change instanceof Change.SetMaster c) {
      LinkMessage master = require(known, c.master(), change);
      LinkMessage slave = known.get(c.device());
      List<Request> requests = new ArrayList<>(2);
      if ("bond".equals(master.kind()) && slave != null && slave.isUp()) {
        // A bond takes only slaves that are down (older kernels refuse, newer ones close it
        // themselves); enslaving brings the slave up again. See compensation().
        requests.add(new SetUp(device, false));
      }
      requests.add(new SetMaster(device, master.index()));
      return requests;
    }
    if (change instanceof Change.ReleaseMaster) {
      return List.of(new SetMaster(device, 0));
    }
    if (change instanceof Change.SetUp c) {
      return List.of(new SetUp(device, c.up()));
    }
    if (change instanceof Change.SetMtu c) {
      return List.of(new SetMtu(device, c.mtu()));
    }
    if (change instanceof Change.SetAlias c) {
      return List.of(new SetAlias(device, c.alias().orElse("")));
    }
    if (change instanceof Change.AddAltName c) {
      return List.of(new AltName(device, c.altName(), true));
    }
    if (change instanceof Change.RemoveAltName c) {
      return List.of(new AltName(device, c.altName(), false));
    }
    if (change instanceof Change.SetBondPrimary c) {
      int primary = c.primary().isPresent() ? require(known, c.primary().get(), change).index() : 0;
      return List.of(new SetBondPrimary(device, primary));
    }
    if (change instanceof Change.AddPortVlans c) {
      return List.of(
          new BridgeVlans(indexed(known, change), true, BridgeVlans.Scope.PORT, c.ranges()));
    }
    if (change instanceof Change.RemovePortVlans c) {
      return List.of(
          new BridgeVlans(indexed(known, change), false, BridgeVlans.Scope.PORT, c.ranges()));
    }
    throw new IllegalArgumentException("the Linux driver does not know the change " + change);
  }

  /**
   * What puts back the side effects of a change that failed half-way: a slave taken down to be
   * enslaved to a bond comes up again when the enslaving failed, so the failed change had no
   * effect.
   *
   * @param done the change's requests the kernel carried out
   */
  public static List<Request> compensation(Change change, List<Request> done) {
    List<Request> undo = new ArrayList<>(1);
    if (change instanceof Change.SetMaster) {
      for (Request request : done) {
        if (request instanceof SetUp down && !down.up()) {
          undo.add(new SetUp(down.link(), true));
        }
      }
    }
    return undo;
  }

  private static LinkRef indexed(Map<String, LinkMessage> known, Change change) {
    return LinkRef.indexed(change.device(), require(known, change.device(), change).index());
  }

  private static LinkMessage require(Map<String, LinkMessage> known, String name, Change change) {
    LinkMessage link = known.get(name);
    if (link == null) {
      throw new UnknownDeviceException(name, change);
    }
    return link;
  }

  /** A change needs the index of a device the kernel does not have. */
  public static final class UnknownDeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String name;

    UnknownDeviceException(String name, Change change) {
      super("cannot " + change + ": no device " + name);
      this.name = name;
    }

    public String name() {
      return name;
    }
  }
}
