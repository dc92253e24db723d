package io.gallium.net;

import static io.gallium.net.internal.Names.quote;

import io.gallium.net.Declarations.GroupDeclaration;
import io.gallium.net.Declarations.HostInterfaceDeclaration;
import io.gallium.net.Declarations.NetworkDeclaration;
import io.gallium.net.Declarations.PortDeclaration;
import io.gallium.net.TopologyError.Code;
import io.gallium.net.internal.Names;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The rules of the model, each checked on all declarations, every violation reported. */
final class Rules {
  private static final int MAX_ADAPTERS = 2;

  private final Declarations declarations;
  private final List<TopologyError> errors = new ArrayList<>();

  private Rules(Declarations declarations) {
    this.declarations = declarations;
  }

  /** Every rule the declarations break, sorted; empty if they describe a valid topology. */
  static List<TopologyError> check(Declarations declarations) {
    Rules rules = new Rules(declarations);
    rules.checkGroups();
    rules.checkNetworks();
    rules.checkPorts();
    rules.checkGroupSettings();
    rules.checkHostInterfaces();
    List<TopologyError> sorted = new ArrayList<>(new TreeSet<>(rules.errors));
    return List.copyOf(sorted);
  }

  private void checkGroups() {
    List<GroupDeclaration> groups = declarations.groups;
    duplicates(groups, GroupDeclaration::name, "adapter group", "adapter groups");
    Map<String, Set<String>> groupsOfAdapter = new TreeMap<>();
    for (GroupDeclaration group : groups) {
      String where = "adapter group " + quote(group.name());
      if (!Names.isEntityName(group.name())) {
        add(Code.INVALID_NAME, group.name(), where + ": invalid name; " + Names.ENTITY_NAME_RULE);
      }
      checkAdapterCount(group, where);
      Set<String> seen = new TreeSet<>();
      for (String adapter : group.adapters()) {
        if (!seen.add(adapter)) {
          add(
              Code.ADAPTER_REPEATED,
              adapter,
              where
                  + ": adapter "
                  + quote(adapter)
                  + " is named twice; name each adapter once (active first, then standby)");
        }
        if (!Names.isInterfaceName(adapter)) {
          add(
              Code.INVALID_NAME,
              adapter,
              where
                  + ": adapter "
                  + quote(adapter)
                  + " is not a valid interface name; "
                  + Names.INTERFACE_NAME_RULE);
        }
        groupsOfAdapter.computeIfAbsent(adapter, a -> new TreeSet<>()).add(group.name());
      }
    }
    groupsOfAdapter.forEach(
        (adapter, owners) -> {
          if (owners.size() > 1) {
            add(
                Code.ADAPTER_IN_SEVERAL_GROUPS,
                adapter,
                "adapter "
                    + quote(adapter)
                    + " is in adapter groups "
                    + list(owners)
                    + "; an adapter belongs to at most one group");
          }
        });
  }

  private void checkAdapterCount(GroupDeclaration group, String where) {
    int count = group.adapters().size();
    if (count == 0) {
      add(
          Code.NO_ADAPTERS,
          group.name(),
          where + ": has no adapter; give one adapter, or two (active, then standby)");
    } else if (count > MAX_ADAPTERS) {
      add(
          Code.TOO_MANY_ADAPTERS,
          group.name(),
          where
              + ": has "
              + count
              + " adapters "
              + list(group.adapters())
              + "; a group has one adapter, or two (active, then standby)");
    }
  }

  private void checkNetworks() {
    List<NetworkDeclaration> networks = declarations.networks;
    duplicates(networks, NetworkDeclaration::name, "network", "networks");
    Set<String> groupNames = names(declarations.groups, GroupDeclaration::name);
    for (NetworkDeclaration network : networks) {
      String where = "network " + quote(network.name());
      if (!Names.isEntityName(network.name())) {
        add(Code.INVALID_NAME, network.name(), where + ": invalid name; " + Names.ENTITY_NAME_RULE);
      }
      if (!groupNames.contains(network.adapterGroup())) {
        add(
            Code.UNKNOWN_ADAPTER_GROUP,
            network.name(),
            where
                + ": adapter group "
                + quote(network.adapterGroup())
                + " does not exist; create the adapter group first"
                + existing(groupNames, "adapter groups"));
      }
      if (!network.isUntagged()) {
        VlanId.refusal(network.vlanId())
            .ifPresent(
                reason -> add(Code.VLAN_ID_OUT_OF_RANGE, network.name(), where + ": " + reason));
      }
    }
    checkSharedTags(networks);
  }

  /** Two networks of one group on one tag: the untagged one, or one VLAN ID. */
  private void checkSharedTags(List<NetworkDeclaration> networks) {
    // Keyed by VLAN ID, null standing for the untagged network.
    Map<String, Map<Integer, Set<String>>> namesByTag = new TreeMap<>();
    for (NetworkDeclaration network : networks) {
      namesByTag
          .computeIfAbsent(
              network.adapterGroup(),
              g -> new TreeMap<>(Comparator.nullsFirst(Comparator.<Integer>naturalOrder())))
          .computeIfAbsent(network.vlanId(), t -> new LinkedHashSet<>())
          .add(network.name());
    }
    namesByTag.forEach(
        (group, byTag) ->
            byTag.forEach(
                (tag, names) -> {
                  if (names.size() < 2) {
                    return;
                  }
                  List<String> sorted = List.copyOf(new TreeSet<>(names));
                  String first = sorted.get(0);
                  for (String other : sorted.subList(1, sorted.size())) {
                    if (tag == null) {
                      add(
                          Code.SECOND_UNTAGGED_NETWORK,
                          other,
                          "network "
                              + quote(other)
                              + ": adapter group "
                              + quote(group)
                              + " already carries untagged network "
                              + quote(first)
                              + "; a group has at most one untagged network");
                    } else {
                      add(
                          Code.DUPLICATE_VLAN_ID,
                          other,
                          "network "
                              + quote(other)
                              + ": VLAN ID "
                              + tag
                              + " is already used by network "
                              + quote(first)
                              + " on adapter group "
                              + quote(group)
                              + "; networks of one group need distinct VLAN IDs");
                    }
                  }
                }));
  }

  private void checkPorts() {
    List<PortDeclaration> ports = declarations.ports;
    duplicates(ports, PortDeclaration::name, "VM port", "VM ports");
    Set<String> networkNames = names(declarations.networks, NetworkDeclaration::name);
    Map<String, String> groupOfAdapter = new TreeMap<>();
    declarations.groups.forEach(
        g -> g.adapters().forEach(a -> groupOfAdapter.putIfAbsent(a, g.name())));
    for (PortDeclaration port : ports) {
      String where = "VM port " + quote(port.name());
      if (!Names.isInterfaceName(port.name())) {
        add(Code.INVALID_NAME, port.name(), where + ": invalid name; " + Names.INTERFACE_NAME_RULE);
      }
      for (String network : new TreeSet<>(port.networks())) {
        if (!networkNames.contains(network)) {
          add(
              Code.UNKNOWN_NETWORK,
              port.name(),
              where
                  + ": network "
                  + quote(network)
                  + " does not exist; create the network first"
                  + existing(networkNames, "networks"));
        }
      }
      if (!port.isAccess()) {
        checkTrunk(port, where);
      }
      String group = groupOfAdapter.get(port.name());
      if (group != null) {
        add(
            Code.PORT_IS_ADAPTER,
            port.name(),
            where
                + ": "
                + quote(port.name())
                + " is an adapter of adapter group "
                + quote(group)
                + "; a VM port is a VM's own device, never a physical adapter");
      }
    }
  }

  /**
   * A trunk carries each of its networks once, all of one adapter group (one bridge), and at most
   * one of them untagged: its native network. A group's untagged network crosses a port only
   * untagged, so on a trunk it must be the native network.
   */
  private void checkTrunk(PortDeclaration port, String where) {
    Map<String, Long> counts =
        port.networks().stream()
            .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
    counts.forEach(
        (network, count) -> {
          if (count < 2) {
            return;
          }
          boolean asNative = network.equals(port.nativeNetwork());
          add(
              Code.NETWORK_REPEATED_ON_PORT,
              port.name(),
              where
                  + ": network "
                  + quote(network)
                  + (asNative
                      ? " is named as native network and as tagged network; a trunk carries each"
                          + " network once, either untagged (native) or tagged"
                      : " is named " + count + " times; name each network of a trunk once"));
        });
    Map<String, NetworkDeclaration> byName = new TreeMap<>();
    declarations.networks.forEach(n -> byName.putIfAbsent(n.name(), n));
    Map<String, Set<String>> networksByGroup = new TreeMap<>();
    for (String network : new TreeSet<>(port.networks())) {
      NetworkDeclaration n = byName.get(network);
      if (n == null) {
        continue;
      }
      networksByGroup.computeIfAbsent(n.adapterGroup(), g -> new TreeSet<>()).add(network);
      if (n.isUntagged() && !network.equals(port.nativeNetwork())) {
        String because =
            ": network "
                + quote(network)
                + " is the untagged network of adapter group "
                + quote(n.adapterGroup())
                + ", which a port carries only untagged";
        add(
            Code.UNTAGGED_NETWORK_NOT_NATIVE,
            port.name(),
            where
                + because
                + (port.nativeNetwork() == null
                    ? "; make it the trunk's native network (trunkPort), or leave it out"
                    : ", and the trunk's native network "
                        + quote(port.nativeNetwork())
                        + " crosses it untagged already; a port carries at most one network"
                        + " untagged: make "
                        + quote(network)
                        + " the native network, or leave it out"));
      }
    }
    if (networksByGroup.size() > 1) {
      String spread =
          networksByGroup.entrySet().stream()
              .map(e -> list(e.getValue()) + " on adapter group " + quote(e.getKey()))
              .collect(Collectors.joining("; "));
      add(
          Code.TRUNK_ACROSS_GROUPS,
          port.name(),
          where
              + ": its networks are on different adapter groups ("
              + spread
              + "); a trunk carries networks of one adapter group, whose bridge it is a port of");
    }
  }

  private void checkGroupSettings() {
    Declarations.GroupSettings settings = declarations.settings;
    Set<String> groupNames = names(declarations.groups, GroupDeclaration::name);
    for (String group : settings.groups()) {
      if (!groupNames.contains(group)) {
        add(
            Code.UNKNOWN_ADAPTER_GROUP,
            group,
            "settings of adapter group "
                + quote(group)
                + ": the group does not exist; declare it with adapterGroup(...)"
                + existing(groupNames, "adapter groups"));
      }
    }
    settings
        .mtus()
        .forEach(
            (group, mtu) -> {
              if (mtu < AdapterGroup.MIN_MTU || mtu > AdapterGroup.MAX_MTU) {
                add(
                    Code.MTU_OUT_OF_RANGE,
                    group,
                    "adapter group "
                        + quote(group)
                        + ": MTU "
                        + mtu
                        + " is outside "
                        + AdapterGroup.MIN_MTU
                        + ".."
                        + AdapterGroup.MAX_MTU
                        + ", the range Linux takes for an Ethernet bond and bridge");
              }
            });
    settings
        .failovers()
        .forEach(
            (group, policy) -> checkFailover(group, policy, settings.lacps().containsKey(group)));
  }

  private void checkFailover(String group, FailoverPolicy p, boolean lacp) {
    String where = "adapter group " + quote(group) + ": failover policy: ";
    int every = p.linkCheckMillis();
    if (every < 1 || every > FailoverPolicy.MAX_LINK_CHECK_MILLIS) {
      failover(
          group,
          where
              + "link check interval "
              + every
              + " ms is outside 1.."
              + FailoverPolicy.MAX_LINK_CHECK_MILLIS
              + " ms; without link checks a group never fails over");
      every = 0;
    }
    checkDelay(group, where, "up", p.upDelayMillis(), every, p.arpMonitoring());
    checkDelay(group, where, "down", p.downDelayMillis(), every, p.arpMonitoring());
    if (p.arpTargets().size() > FailoverPolicy.MAX_ARP_TARGETS) {
      failover(
          group,
          where
              + p.arpTargets().size()
              + " ARP targets; Linux takes at most "
              + FailoverPolicy.MAX_ARP_TARGETS);
    }
    Set<String> seen = new TreeSet<>();
    for (String target : p.arpTargets()) {
      if (!seen.add(target)) {
        failover(group, where + "ARP target " + quote(target) + " is given twice");
      } else if (!isArpTarget(target)) {
        failover(
            group,
            where
                + "ARP target "
                + quote(target)
                + " is not a unicast IPv4 address (a.b.c.d, not 0.0.0.0, not broadcast or"
                + " multicast)");
      }
    }
    if (lacp && p.arpMonitoring()) {
      failover(
          group,
          where
              + "ARP monitoring does not work with LACP (Linux refuses arp_interval in mode"
              + " 802.3ad); use link monitoring, or make the group active-backup");
    }
  }

  private void checkDelay(
      String group, String where, String which, int delay, int every, boolean arp) {
    if (delay < 0) {
      failover(group, where + which + " delay " + delay + " ms is negative");
    } else if (delay > 0 && arp) {
      failover(
          group,
          where
              + which
              + " delay "
              + delay
              + " ms needs link monitoring; with ARP targets the delay is 0");
    } else if (delay > 0 && every > 0 && delay % every != 0) {
      failover(
          group,
          where
              + which
              + " delay "
              + delay
              + " ms is not a multiple of the link check interval "
              + every
              + " ms (Linux would round it down to "
              + (delay / every * every)
              + " ms)");
    }
  }

  /** A dotted-quad unicast IPv4 address other than 0.0.0.0 and 255.255.255.255. */
  private static boolean isArpTarget(String s) {
    return IpAddresses.ipv4(s)
        .filter(
            a ->
                !a.isAnyLocalAddress()
                    && !a.isMulticastAddress()
                    && !Arrays.equals(a.getAddress(), BROADCAST))
        .isPresent();
  }

  private static final byte[] BROADCAST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

  private void failover(String group, String message) {
    add(Code.INVALID_FAILOVER_POLICY, group, message);
  }

  private void checkHostInterfaces() {
    Set<String> networkNames = names(declarations.networks, NetworkDeclaration::name);
    Map<String, Long> perNetwork =
        declarations.hostInterfaces.stream()
            .collect(
                Collectors.groupingBy(
                    HostInterfaceDeclaration::network, TreeMap::new, Collectors.counting()));
    perNetwork.forEach(
        (network, count) -> {
          if (count > 1) {
            add(
                Code.SECOND_HOST_INTERFACE,
                network,
                "host interface on network "
                    + quote(network)
                    + " is declared "
                    + count
                    + " times; a network has at most one host interface (give all its addresses"
                    + " in one declaration)");
          }
        });
    // Every valid address, with the networks whose interfaces carry it, to find the ones named
    // twice; and every valid subnet, for the gateways.
    Map<InetAddress, List<String>> networksOfAddress = new TreeMap<>(IpAddresses.ORDER);
    List<CidrAddress> subnets = new ArrayList<>();
    for (HostInterfaceDeclaration host : declarations.hostInterfaces) {
      String where = "host interface on network " + quote(host.network());
      if (!networkNames.contains(host.network())) {
        add(
            Code.HOST_INTERFACE_UNKNOWN_NETWORK,
            host.network(),
            where
                + ": network "
                + quote(host.network())
                + " does not exist; create the network first"
                + existing(networkNames, "networks"));
      }
      for (String text : host.addresses()) {
        CidrAddress address;
        try {
          address = CidrAddress.parse(text);
        } catch (IllegalArgumentException e) {
          add(Code.INVALID_ADDRESS, host.network(), where + ": address " + e.getMessage());
          continue;
        }
        InetAddress ip = address.address();
        if (ip.isAnyLocalAddress() || ip.isLoopbackAddress() || ip.isMulticastAddress()) {
          add(
              Code.INVALID_ADDRESS,
              host.network(),
              where
                  + ": address "
                  + quote(text)
                  + " is "
                  + (ip.isAnyLocalAddress()
                      ? "the unspecified address"
                      : ip.isLoopbackAddress() ? "a loopback address" : "a multicast address")
                  + "; give a unicast address the host answers on");
          continue;
        }
        networksOfAddress.computeIfAbsent(ip, a -> new ArrayList<>()).add(host.network());
        subnets.add(address);
      }
    }
    networksOfAddress.forEach(
        (ip, networks) -> {
          if (networks.size() > 1) {
            List<String> sorted = networks.stream().sorted().collect(Collectors.toList());
            for (String network : new TreeSet<>(sorted)) {
              add(
                  Code.DUPLICATE_ADDRESS,
                  network,
                  "host interface on network "
                      + quote(network)
                      + ": address "
                      + IpAddresses.text(ip)
                      + " is given "
                      + (new TreeSet<>(sorted).size() == 1
                          ? "twice"
                          : "also to the host interface on network(s) "
                              + list(
                                  new TreeSet<>(sorted)
                                      .stream()
                                          .filter(n -> !n.equals(network))
                                          .collect(Collectors.toList())))
                      + "; an address is on one host interface, once");
            }
          }
        });
    checkGateways(subnets, networksOfAddress.keySet());
  }

  private void checkGateways(List<CidrAddress> subnets, Set<InetAddress> own) {
    Map<Integer, List<String>> byFamily = new TreeMap<>();
    for (String text : declarations.gateways) {
      String where = "default gateway " + quote(text);
      InetAddress gateway;
      try {
        gateway = IpAddresses.parse(text);
      } catch (IllegalArgumentException e) {
        add(Code.INVALID_GATEWAY, text, "default gateway: " + e.getMessage());
        continue;
      }
      byFamily.computeIfAbsent(gateway.getAddress().length, f -> new ArrayList<>()).add(text);
      if (own.contains(gateway)) {
        add(
            Code.INVALID_GATEWAY,
            text,
            where + ": is one of the host's own addresses; give the router's address");
      } else if (gateway.isAnyLocalAddress()
          || gateway.isLoopbackAddress()
          || gateway.isMulticastAddress()) {
        add(Code.INVALID_GATEWAY, text, where + ": is not a unicast address of a router");
      } else if (subnets.stream().noneMatch(s -> s.contains(gateway))) {
        boolean v6 = gateway.getAddress().length == 16;
        List<String> sameFamily =
            subnets.stream()
                .filter(s -> s.isIpv6() == v6)
                .sorted()
                .map(CidrAddress::toString)
                .distinct()
                .collect(Collectors.toList());
        add(
            Code.GATEWAY_OUTSIDE_SUBNETS,
            text,
            where
                + ": is outside every subnet of the host interfaces; a gateway is reached"
                + " directly through a host interface"
                + (sameFamily.isEmpty()
                    ? " (there is no host interface address of its family, IPv" + (v6 ? 6 : 4) + ")"
                    : " ("
                        + (v6 ? "IPv6" : "IPv4")
                        + " addresses: "
                        + String.join(", ", sameFamily)
                        + ")"));
      }
    }
    byFamily.forEach(
        (length, texts) -> {
          if (texts.size() > 1) {
            for (String text : texts.subList(1, texts.size())) {
              add(
                  Code.SECOND_DEFAULT_GATEWAY,
                  text,
                  "default gateway "
                      + quote(text)
                      + ": "
                      + (length == 4 ? "IPv4" : "IPv6")
                      + " already has default gateway "
                      + quote(texts.get(0))
                      + "; give at most one default gateway per address family");
            }
          }
        });
  }

  private <T> void duplicates(
      List<T> declared, Function<T, String> name, String kind, String kinds) {
    Map<String, Long> counts =
        declared.stream().collect(Collectors.groupingBy(name, TreeMap::new, Collectors.counting()));
    counts.forEach(
        (value, count) -> {
          if (count > 1) {
            add(
                Code.DUPLICATE_NAME,
                value,
                kind
                    + " "
                    + quote(value)
                    + " is declared "
                    + count
                    + " times; names of "
                    + kinds
                    + " are unique (remove one, or remove then declare again to"
                    + " replace it)");
          }
        });
  }

  private static <T> Set<String> names(List<T> declared, Function<T, String> name) {
    return declared.stream().map(name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String existing(Set<String> names, String kinds) {
    if (names.isEmpty()) {
      return " (there are no " + kinds + " yet)";
    }
    int shown = 5;
    String listed = names.stream().limit(shown).map(Names::quote).collect(Collectors.joining(", "));
    return " (" + kinds + ": " + listed + (names.size() > shown ? ", …" : "") + ")";
  }

  private static String list(Collection<String> names) {
    List<String> quoted = names.stream().map(Names::quote).collect(Collectors.toList());
    if (quoted.size() == 2) {
      return quoted.get(0) + " and " + quoted.get(1);
    }
    return String.join(", ", quoted);
  }

  private void add(Code code, String subject, String message) {
    errors.add(TopologyError.of(code, subject, message));
  }
}
