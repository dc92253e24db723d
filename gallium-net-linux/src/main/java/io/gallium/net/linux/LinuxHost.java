package io.gallium.net.linux;

import io.gallium.net.core.Counters;
import io.gallium.net.core.PhysicalAdapter;
import io.gallium.net.core.spi.AdapterFacts;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.DriverException;
import io.gallium.net.core.spi.Errno;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.linux.internal.Kernel;
import io.gallium.net.linux.internal.claims.HostClaims;
import io.gallium.net.linux.internal.ethtool.EthtoolDrvInfo;
import io.gallium.net.linux.internal.ethtool.EthtoolLinkSettings;
import io.gallium.net.linux.internal.host.ChangeTranslator;
import io.gallium.net.linux.internal.host.ChangeTranslator.UnknownDeviceException;
import io.gallium.net.linux.internal.host.FeatureProbe;
import io.gallium.net.linux.internal.host.HostStateReader;
import io.gallium.net.linux.internal.host.NamedDeviceReader;
import io.gallium.net.linux.internal.host.ResyncListener;
import io.gallium.net.linux.internal.libc.SystemCallException;
import io.gallium.net.linux.internal.netlink.BatchResult;
import io.gallium.net.linux.internal.netlink.InconsistentDumpException;
import io.gallium.net.linux.internal.netlink.MalformedMessageException;
import io.gallium.net.linux.internal.netlink.NetworkNamespace;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.AdapterLink;
import io.gallium.net.linux.internal.route.LinkEventMonitor;
import io.gallium.net.linux.internal.route.LinkMessage;
import io.gallium.net.linux.internal.route.LinkStats;
import io.gallium.net.linux.internal.route.NeighbourRequest;
import io.gallium.net.linux.internal.route.RouteHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Driver} for a Linux host: talks rtnetlink to the kernel through a socket of its own,
 * bound to one network namespace, with no {@code ip} process and no shell.
 *
 * <p>{@link #observe()} is one link dump, one bridge VLAN dump and one address dump; {@link
 * #observe(Set)} reads only the named devices, at a cost independent of the host's size. {@link
 * #execute(List)} sends a stage's changes pipelined, many in flight, one ack each, and reports
 * every change's outcome with the kernel's own error text. {@link #watch(Consumer)} follows link
 * events (carrier, bond failover, others' changes) on a daemon thread.
 *
 * <pre>{@code
 * try (LinuxHost host = LinuxHost.inNamespace("tenant-a")) {
 *     HostState now = host.observe();
 * }
 * }</pre>
 *
 * <p>In the host's own namespace (that of PID 1) each observed device carries the {@linkplain
 * io.gallium.net.core.spi.Device#claim() claim} another network manager has on it: systemd-networkd
 * ({@code /run/systemd/netif/links/IFINDEX}), NetworkManager ({@code
 * /run/NetworkManager/devices/IFINDEX}), ifupdown ({@code /run/network/ifstate}) or ifupdown2
 * ({@code ifstatenew}), read from the state they keep, so that such a device is refused before it
 * is touched; {@link #watch} reports them too, as it observes the whole host.
 *
 * <p>Needs CAP_NET_ADMIN to change anything (and CAP_SYS_ADMIN to enter another namespace).
 * Thread-safe; close it to release its socket and stop its monitors.
 */
public final class LinuxHost implements Driver, AutoCloseable {
  /** Above this many devices to resolve for one stage, one dump is cheaper than a lookup each. */
  private static final int LOOKUPS_BEFORE_DUMP = 64;

  private static final Path STATE_ROOT = Path.of("/run/gallium-net");

  private static final System.Logger LOG = System.getLogger("io.gallium.net.linux");

  private final RouteHandle handle;
  private final Path storeDirectory;
  private final NamedDeviceReader namedDevices;
  private final HostClaims claims;

  /**
   * The monitors {@link #watch} started and that are still open; also the lock for {@link #closed}.
   */
  private final Set<LinkEventMonitor> monitors = new HashSet<>();

  private boolean closed;
  private volatile KernelFeatures features;

  private LinuxHost(RouteHandle handle, Path storeDirectory, HostClaims claims) {
    this.handle = handle;
    this.storeDirectory = storeDirectory;
    this.claims = claims;
    this.namedDevices = new NamedDeviceReader(handle, claims);
  }

  /**
   * The host as this process sees it: its own network namespace.
   *
   * @throws DriverException when no netlink socket can be opened
   */
  public static LinuxHost current() {
    return open(NetworkNamespace.current());
  }

  /**
   * A network namespace by name, as {@code ip netns add NAME} creates it under {@code /run/netns}.
   * The socket is created inside it and verified to be there.
   *
   * @throws IllegalArgumentException when there is no such namespace
   */
  public static LinuxHost inNamespace(String name) {
    return open(NetworkNamespace.named(name));
  }

  /**
   * A network namespace by the path of its nsfs file (e.g. {@code /proc/PID/ns/net}).
   *
   * @throws IllegalArgumentException when there is no namespace at that path
   */
  public static LinuxHost inNamespace(Path namespace) {
    return open(NetworkNamespace.at(namespace));
  }

  /**
   * Opens the namespace; its store is keyed by the namespace itself (the inode of the namespace the
   * socket is really in), not by how it was named, so that every way of opening one namespace
   * shares one lock, journal and catalog: {@code /run/gallium-net} for the host's own namespace
   * (that of PID 1), {@code /run/gallium-net/ns-INODE} for any other.
   */
  private static LinuxHost open(NetworkNamespace namespace) {
    try {
      RouteHandle handle = RouteHandle.open(namespace);
      return new LinuxHost(
          handle, storeOf(handle.namespaceInode()), claimsOf(handle.namespaceInode()));
    } catch (SystemCallException | IllegalStateException e) {
      throw new DriverException(
          "cannot open a netlink socket in the " + namespace + ": " + e.getMessage(), e);
    }
  }

  /**
   * Who else configures devices of the namespace with this inode: systemd-networkd, NetworkManager
   * and ifupdown configure the host's own namespace (that of PID 1) and no other, so their state
   * under {@code /run} is read for it alone; in any other namespace nobody else claims a device.
   */
  static HostClaims claimsOf(long namespaceInode) {
    return storeOf(namespaceInode).equals(STATE_ROOT)
        ? HostClaims.under(Path.of("/"))
        : HostClaims.NONE;
  }

  /** The store directory of the namespace with this inode. */
  static Path storeOf(long namespaceInode) {
    long host;
    try {
      host = NetworkNamespace.inodeOf(Path.of("/proc/1/ns/net"));
    } catch (RuntimeException e) {
      // Not allowed to look at PID 1's namespace: then this is not the host's own store anyway
      // (only its administrator may change the host's networking).
      host = -1;
    }
    return namespaceInode == host ? STATE_ROOT : STATE_ROOT.resolve("ns-" + namespaceInode);
  }

  /**
   * The inode of the network namespace this host's socket is in, as the kernel reports it; compare
   * with {@code /proc/1/ns/net} to be sure a test is not on the real host.
   */
  public long namespaceInode() {
    return handle.namespaceInode();
  }

  /**
   * What this kernel can do of what gallium-net needs (bonding, bridge VLAN filtering, alternative
   * names), found once by creating and deleting a scratch device with a random name in this host's
   * namespace, and nowhere else; {@link KernelFeatures#missing()} says what to do about what is
   * missing. Bonding counts as missing while its module is not loaded: loading it on demand would
   * make a {@code bond0} in the host's own namespace.
   *
   * @throws DriverException when the kernel refuses the probe for another reason (e.g. no
   *     CAP_NET_ADMIN)
   */
  public KernelFeatures features() {
    KernelFeatures known = features;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (features == null) {
        try {
          features = FeatureProbe.probe(handle);
        } catch (NetlinkException e) {
          throw new DriverException(
              "cannot probe the kernel of the " + handle.namespace() + ": " + e.getMessage(), e);
        }
      }
      return features;
    }
  }

  /** How often a probe looks whether its neighbour answered. */
  private static final long PROBE_POLL_MILLIS = 20;

  /**
   * Asks the kernel to resolve {@code address} on {@code device} (an ARP request or neighbour
   * solicitation, sent by the kernel: no raw socket), then reads the neighbour table until the
   * entry is REACHABLE or {@code timeout} has passed. The table is read every {@value
   * #PROBE_POLL_MILLIS} ms: one small dump, where a monitor of neighbour events would cost a socket
   * per probe.
   *
   * @throws DriverException if the device is gone or the kernel refuses the probe
   */
  @Override
  public boolean answers(String device, java.net.InetAddress address, Duration timeout) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(address, "address");
    long deadline = System.nanoTime() + timeout.toNanos();
    int family = address instanceof java.net.Inet6Address ? Kernel.AF_INET6 : Kernel.AF_INET;
    try {
      var link = handle.links(Set.of(device)).get(device);
      if (link == null) {
        throw new DriverException(
            "cannot probe " + address.getHostAddress() + ": no device " + device);
      }
      handle.executeAll(List.of(NeighbourRequest.probe(device, link.index(), address)));
      while (true) {
        for (var n : handle.neighbours(family)) {
          if (n.index() == link.index() && address.equals(n.address()) && n.isReachable()) {
            return true;
          }
        }
        if (System.nanoTime() - deadline >= 0) {
          return false;
        }
        try {
          Thread.sleep(PROBE_POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    } catch (NetlinkException | InconsistentDumpException e) {
      throw new DriverException(
          "cannot probe " + address.getHostAddress() + " on " + device + ": " + e.getMessage(), e);
    }
  }

  /**
   * How long {@link #resolveNeighboursAgain} waits for a device to send: the kernel's link watch
   * takes a carrier in within milliseconds when it is urgent (a bridge whose queue waits for it),
   * and a neighbour left unresolved longer than this has had its second solicitation anyway.
   */
  private static final long SENDING_WAIT_MILLIS = 1000;

  /** How often {@link #resolveNeighboursAgain} looks whether the devices send yet. */
  private static final long SENDING_POLL_MILLIS = 2;

  /**
   * Waits until each device is operationally up (its bridge's carrier taken in: before that the
   * kernel drops what is sent through it), at most {@value #SENDING_WAIT_MILLIS} ms, reading the
   * devices every {@value #SENDING_POLL_MILLIS} ms; then, on those that are, sets every neighbour
   * entry still being resolved back to none and probes it (two RTM_NEWNEIGH: state NUD_NONE, then
   * NTF_USE): the kernel solicits it at once instead of at its next retransmission, and sends the
   * packets queued on it when it answers. A device that is not up in time, or gone, is left alone.
   *
   * @throws DriverException if the kernel cannot be asked, or refuses a request
   */
  @Override
  public void resolveNeighboursAgain(Set<String> devices) {
    Objects.requireNonNull(devices, "devices");
    long deadline = System.nanoTime() + Duration.ofMillis(SENDING_WAIT_MILLIS).toNanos();
    try {
      Map<String, LinkMessage> links = handle.links(devices);
      while (!links.values().stream().allMatch(LinkMessage::isOperUp)
          && System.nanoTime() - deadline < 0) {
        try {
          Thread.sleep(SENDING_POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        links = handle.links(devices);
      }
      Map<Integer, String> sending = new HashMap<>();
      links.values().stream()
          .filter(LinkMessage::isOperUp)
          .forEach(l -> sending.put(l.index(), l.name()));
      if (sending.isEmpty()) {
        return;
      }
      List<Request> requests = new ArrayList<>();
      for (int family : new int[] {Kernel.AF_INET, Kernel.AF_INET6}) {
        for (var n : handle.neighbours(family)) {
          String name = sending.get(n.index());
          if (name != null && n.isIncomplete() && n.address() != null) {
            requests.add(NeighbourRequest.reset(name, n.index(), n.address()));
            requests.add(NeighbourRequest.probe(name, n.index(), n.address()));
          }
        }
      }
      if (requests.isEmpty()) {
        return;
      }
      BatchResult result = handle.execute(requests, false);
      for (var failure : result.failures().entrySet()) {
        // An entry the kernel dropped meanwhile: nothing left to hurry.
        if (failure.getValue().errno() != Errno.ENOENT.number()) {
          throw failure.getValue();
        }
      }
      if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "solicited again at once "
                + requests.size() / 2
                + " neighbours left unresolved on "
                + sending.values()
                + " while it had no carrier");
      }
    } catch (NetlinkException | InconsistentDumpException e) {
      throw new DriverException(
          "cannot make the kernel resolve the neighbours of "
              + devices
              + " again: "
              + e.getMessage(),
          e);
    } catch (SystemCallException | MalformedMessageException | IllegalStateException e) {
      throw lostSocket("lost the netlink socket of the " + handle.namespace() + ": ", e);
    }
  }

  @Override
  public HostState observe() {
    try {
      return HostStateReader.read(
          handle.links(),
          handle.bridgeVlans(),
          handle.addresses(),
          handle.routes(),
          claims.begin());
    } catch (NetlinkException | InconsistentDumpException e) {
      throw new DriverException(
          "cannot observe the " + handle.namespace() + ": " + e.getMessage(), e);
    } catch (SystemCallException | MalformedMessageException | IllegalStateException e) {
      throw lostSocket("lost the netlink socket of the " + handle.namespace() + ": ", e);
    } catch (DriverException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DriverException("cannot observe the " + handle.namespace() + ": " + e, e);
    }
  }

  /**
   * The named devices, read one by one: a RTM_GETLINK per name and per master (or bond primary or
   * active slave) not among them, a RTM_GETVLAN dump per bridge or bridge port among them, a
   * RTM_GETADDR dump per device, each limited to its device by the kernel; so the cost follows the
   * names, not the host. Only on a kernel without the bridge VLAN database (before 5.8, or without
   * bridge VLAN filtering) do the VLANs come from the AF_BRIDGE link dump of the whole host.
   */
  @Override
  public HostState observe(Set<String> names) {
    Objects.requireNonNull(names, "names");
    try {
      return namedDevices.read(names);
    } catch (NetlinkException | InconsistentDumpException e) {
      throw new DriverException(
          "cannot observe " + names + " in the " + handle.namespace() + ": " + e.getMessage(), e);
    } catch (SystemCallException | MalformedMessageException | IllegalStateException e) {
      throw lostSocket("lost the netlink socket of the " + handle.namespace() + ": ", e);
    } catch (DriverException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DriverException(
          "cannot observe " + names + " in the " + handle.namespace() + ": " + e, e);
    }
  }

  /**
   * The named devices, one RTM_GETLINK each (pipelined) and ethtool's queries, all in this host's
   * namespace (no {@code ethtool} process, no {@code /sys/class/net}, which shows the namespace
   * sysfs was mounted in). A device is a NIC when the kernel names its parent bus device
   * (IFLA_PARENT_DEV_NAME, kernel 5.16 and later); on an older kernel, when it has no link kind, is
   * not the loopback, and ethtool reports a bus address for it. (The burnt-in MAC and largest MTU
   * are the observed device's, IFLA_PERM_ADDRESS and IFLA_MAX_MTU.) The driver and bus address come
   * from ETHTOOL_GDRVINFO (the parent device's name where ethtool has no bus address), speed and
   * duplex from ETHTOOL_GLINKSETTINGS (ETHTOOL_GSET for drivers without it). A fact the device does
   * not report is empty.
   */
  @Override
  public List<AdapterFacts> adapterFacts(Set<String> names) {
    Objects.requireNonNull(names, "names");
    return reading("read the adapters of", () -> adapters(names));
  }

  private List<AdapterFacts> adapters(Set<String> names) {
    List<AdapterFacts> out = new ArrayList<>(names.size());
    for (AdapterLink link : handle.adapterLinks(names)) {
      Optional<EthtoolDrvInfo> info = handle.driverInfo(link.name());
      Optional<String> bus = info.map(EthtoolDrvInfo::busInfo).filter(b -> !b.isEmpty());
      // Without IFLA_PARENT_DEV_NAME (older kernels) only ethtool's bus address tells a NIC from a
      // virtual device of no kind; lo is neither.
      boolean physical =
          link.parentDevice() != null || (!link.hasKind() && !link.isLoopback() && bus.isPresent());
      Optional<EthtoolLinkSettings> settings = handle.linkSettings(link.name());
      out.add(
          new AdapterFacts(
              link.name(),
              physical,
              info.map(EthtoolDrvInfo::driver).filter(d -> !d.isEmpty()),
              bus.or(() -> Optional.ofNullable(link.parentDevice())),
              settings
                  .filter(EthtoolLinkSettings::speedKnown)
                  .map(l -> OptionalInt.of(l.speedMbps()))
                  .orElse(OptionalInt.empty()),
              settings.flatMap(LinuxHost::duplex)));
    }
    return out;
  }

  private static Optional<PhysicalAdapter.Duplex> duplex(EthtoolLinkSettings settings) {
    return switch (settings.duplex()) {
      case Kernel.DUPLEX_HALF -> Optional.of(PhysicalAdapter.Duplex.HALF);
      case Kernel.DUPLEX_FULL -> Optional.of(PhysicalAdapter.Duplex.FULL);
      default -> Optional.empty();
    };
  }

  /**
   * Every device's counters from one RTM_GETLINK dump with statistics (IFLA_STATS64), the request
   * {@code ip -s link show} makes, in the kernel's order.
   */
  @Override
  public Map<String, Counters> counters() {
    return reading(
        "read the traffic counters of",
        () -> {
          List<LinkStats> stats = handle.stats();
          Map<String, Counters> out = new LinkedHashMap<>(stats.size() * 4 / 3 + 1);
          for (LinkStats s : stats) {
            out.put(s.name(), s.counters());
          }
          return out;
        });
  }

  /**
   * The named devices' counters, one RTM_GETLINK with statistics each, pipelined (64 in flight):
   * the cost follows the names, not the host.
   */
  @Override
  public Map<String, Counters> counters(Set<String> names) {
    Objects.requireNonNull(names, "names");
    return reading(
        "read the traffic counters of " + names.size() + " devices of",
        () -> {
          Map<String, Counters> out = new LinkedHashMap<>(names.size() * 4 / 3 + 1);
          for (LinkStats s : handle.stats(names)) {
            out.put(s.name(), s.counters());
          }
          return out;
        });
  }

  /** Runs a read of the host, turning what can go wrong into the driver's exceptions. */
  private <T> T reading(String what, Supplier<T> read) {
    try {
      return read.get();
    } catch (NetlinkException | InconsistentDumpException e) {
      throw new DriverException(
          "cannot " + what + " the " + handle.namespace() + ": " + e.getMessage(), e);
    } catch (SystemCallException | MalformedMessageException | IllegalStateException e) {
      throw lostSocket("lost the netlink socket of the " + handle.namespace() + ": ", e);
    } catch (DriverException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DriverException("cannot " + what + " the " + handle.namespace() + ": " + e, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every failure is a {@link DriverException}: one that comes before any request was sent (the
   * devices' indexes could not be looked up) says that nothing was changed.
   */
  @Override
  public List<ChangeOutcome> execute(List<Change> changes) {
    Objects.requireNonNull(changes, "changes");
    try {
      return run(changes);
    } catch (SystemCallException | MalformedMessageException | IllegalStateException e) {
      throw lostSocket(
          "lost the netlink socket of the "
              + handle.namespace()
              + " while executing "
              + changes.size()
              + " changes; their outcome is unknown: ",
          e);
    } catch (DriverException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DriverException(
          "could not execute "
              + changes.size()
              + " changes in the "
              + handle.namespace()
              + "; their outcome is unknown: "
              + e,
          e);
    }
  }

  /** Logs, then builds, the exception for a socket whose conversation with the kernel broke. */
  private static DriverException lostSocket(String what, RuntimeException cause) {
    DriverException e = new DriverException(what + cause.getMessage(), cause);
    LOG.log(System.Logger.Level.WARNING, e.getMessage(), cause);
    return e;
  }

  /**
   * Sends one request per change, all of them even after a failure (a stage's changes are
   * independent); a change the kernel refused had no effect, as each is a single request.
   */
  private synchronized List<ChangeOutcome> run(List<Change> changes) {
    Map<String, LinkMessage> known;
    try {
      known = resolve(ChangeTranslator.namesNeedingIndex(changes));
    } catch (NetlinkException | InconsistentDumpException | IllegalArgumentException e) {
      throw new DriverException(
          "cannot look up the devices of "
              + changes.size()
              + " changes in the "
              + handle.namespace()
              + ", so none was made: "
              + e.getMessage(),
          e);
    }
    List<Request> requests = new ArrayList<>(changes.size());
    // The change each request carries out: a change that cannot be translated sends nothing.
    int[] owner = new int[changes.size()];
    ChangeOutcome[] outcomes = new ChangeOutcome[changes.size()];
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      try {
        Request request = ChangeTranslator.translate(change, known);
        owner[requests.size()] = i;
        requests.add(request);
      } catch (UnknownDeviceException e) {
        outcomes[i] = ChangeOutcome.failed(change, Errno.ENODEV, e.getMessage());
      } catch (IllegalArgumentException e) {
        outcomes[i] =
            ChangeOutcome.failed(change, Errno.EINVAL, "cannot " + change + ": " + e.getMessage());
      }
    }
    BatchResult result = handle.execute(requests, false);
    for (int r = 0; r < requests.size(); r++) {
      int i = owner[r];
      NetlinkException failure = result.failures().get(r);
      if (failure != null) {
        outcomes[i] =
            ChangeOutcome.failed(changes.get(i), Errno.of(failure.errno()), failure.getMessage());
      } else if (result.isDone(r)) {
        outcomes[i] = ChangeOutcome.done(changes.get(i));
      }
    }
    List<ChangeOutcome> list = new ArrayList<>(outcomes.length);
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] == null) {
        throw new IllegalStateException("no answer from the kernel for " + changes.get(i));
      }
      list.add(outcomes[i]);
    }
    runFollowUps(list, known);
    return list;
  }

  /**
   * Sends what must follow the changes that were done, in a batch of its own (so a change that
   * failed is never followed). A follow-up that fails is logged, not reported as the change's
   * failure: the change itself holds (e.g. an IPv6 address that keeps {@code nodad}).
   */
  private void runFollowUps(List<ChangeOutcome> outcomes, Map<String, LinkMessage> known) {
    List<Request> followUps = new ArrayList<>();
    for (ChangeOutcome outcome : outcomes) {
      if (outcome.succeeded()) {
        try {
          ChangeTranslator.afterwards(outcome.change(), known).ifPresent(followUps::add);
        } catch (ChangeTranslator.UnknownDeviceException e) {
          // cannot happen for a change just done on that device; nothing to follow then
        }
      }
    }
    if (followUps.isEmpty()) {
      return;
    }
    BatchResult result = handle.execute(followUps, false);
    result
        .failures()
        .forEach(
            (r, failure) ->
                LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} on {1} failed after it was done: {2}; the change holds, with the flags it"
                        + " was made with",
                    followUps.get(r).operation(),
                    followUps.get(r).device(),
                    failure.getMessage()));
  }

  /** Looks up the devices a stage needs indexes of, fresh: by name, or one dump for many. */
  private Map<String, LinkMessage> resolve(Set<String> names) {
    Map<String, LinkMessage> known = new HashMap<>();
    if (names.isEmpty()) {
      return known;
    }
    if (names.size() > LOOKUPS_BEFORE_DUMP) {
      for (LinkMessage link : handle.links()) {
        if (names.contains(link.name())) {
          known.put(link.name(), link);
        }
      }
      return known;
    }
    for (String name : names) {
      handle
          .link(name)
          .filter(link -> link.name().equals(name))
          .ifPresent(link -> known.put(name, link));
    }
    return known;
  }

  /**
   * Linux keeps the journal in {@code /run/gallium-net} (per namespace): tmpfs, gone at reboot like
   * the devices.
   */
  /**
   * The network namespace this host's socket is in, e.g. {@code network namespace net:[4026532285]
   * (nsfs device 4, cookie 7)}: its nsfs inode and device, and its cookie where the kernel has
   * {@code SO_NETNS_COOKIE} (5.14 and later). The journal records it, so that {@code recover()}
   * refuses the journal of another namespace, and of a gone namespace whose inode a new one got
   * (their cookies differ).
   */
  @Override
  public Optional<String> identity() {
    return Optional.of(handle.namespaceIdentity().toString());
  }

  @Override
  public StateStore defaultStore() {
    return StateStore.directory(storeDirectory);
  }

  /**
   * Calls {@code listener} with a freshly observed state after each burst of link events, on a
   * daemon thread, until the returned handle or this host is closed; what goes wrong is only
   * logged. See {@link #watch(Consumer, Consumer)}.
   *
   * @throws IllegalStateException when this host is closed
   */
  @Override
  public AutoCloseable watch(Consumer<HostState> listener) {
    return watch(listener, reason -> {});
  }

  /**
   * Calls {@code listener} with a freshly observed state after each burst of link events, on a
   * daemon thread, until the returned handle or this host is closed. The thread survives what goes
   * wrong, and tells {@code troubles} each time: the kernel dropped events (ENOBUFS), the host
   * could not be read after a burst (e.g. a dump interrupted again and again while thousands of
   * devices come and go; it is read again after 0.1 s, then after twice as long each time up to 10
   * s, until a read succeeds), or {@code listener} threw.
   *
   * @throws IllegalStateException when this host is closed
   */
  @Override
  public AutoCloseable watch(Consumer<HostState> listener, Consumer<String> troubles) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(troubles, "troubles");
    synchronized (monitors) {
      if (closed) {
        throw new IllegalStateException(this + " is closed");
      }
      LinkEventMonitor monitor =
          handle.monitor(
              new ResyncListener(this::observe, listener, troubles, handle.namespace().toString()));
      monitors.add(monitor);
      return () -> {
        synchronized (monitors) {
          monitors.remove(monitor);
        }
        monitor.close();
      };
    }
  }

  /**
   * Stops every monitor started by {@link #watch} (their threads have ended when this returns,
   * unless called from one of them) and closes the sockets; idempotent.
   */
  @Override
  public void close() {
    List<LinkEventMonitor> running;
    synchronized (monitors) {
      closed = true;
      running = new ArrayList<>(monitors);
      monitors.clear();
    }
    running.forEach(LinkEventMonitor::close);
    handle.close();
  }

  @Override
  public String toString() {
    return "LinuxHost[" + handle.namespace() + "]";
  }
}
