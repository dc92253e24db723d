package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One or two physical adapters that carry networks together. With two, the first is active and the
 * second a standby that takes over when the first loses its link (a Linux bond in active-backup
 * mode). Obtained from a {@link Topology}.
 */
@ValueStyle
@Value.Immutable
public interface AdapterGroup {
  /** The group's name, unique among the topology's groups. */
  String name();

  /**
   * The adapters' interface names, active first, then the standby if there is one; in an LACP
   * group, where all are active, sorted by name.
   */
  List<String> adapters();

  /** The MTU a group has unless told otherwise: Ethernet's 1500 bytes. */
  int DEFAULT_MTU = 1500;

  /** The smallest MTU Linux takes on an Ethernet device ({@code ETH_MIN_MTU}). */
  int MIN_MTU = 68;

  /** The largest MTU a Linux bond or bridge takes ({@code ETH_MAX_MTU}). */
  int MAX_MTU = 65535;

  /**
   * The MTU of the group's adapters, bond, bridge and VM ports; {@value #DEFAULT_MTU} unless set
   * with {@link Topology.Builder#mtu(String, int)}.
   */
  @Value.Default
  default int mtu() {
    return DEFAULT_MTU;
  }

  /** How the group notices failures and fails back; {@link FailoverPolicy#DEFAULT} unless set. */
  @Value.Default
  default FailoverPolicy failover() {
    return FailoverPolicy.DEFAULT;
  }

  /** The LACP settings of a group in {@link GroupMode#LACP}; empty for active-backup. */
  Optional<Lacp> lacp();

  /** Whether the group is active-backup (the default) or an LACP aggregate. */
  @Value.Derived
  @Value.Auxiliary
  default GroupMode mode() {
    return lacp().isPresent() ? GroupMode.LACP : GroupMode.ACTIVE_BACKUP;
  }

  /** The adapter that carries traffic while it has a link. */
  @Value.Derived
  @Value.Auxiliary
  default String active() {
    return adapters().get(0);
  }

  /** The adapter that takes over when the active one fails, if the group has two. */
  @Value.Derived
  @Value.Auxiliary
  default Optional<String> standby() {
    return adapters().size() > 1 ? Optional.of(adapters().get(1)) : Optional.empty();
  }
}
