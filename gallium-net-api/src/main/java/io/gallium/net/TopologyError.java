package io.gallium.net;

import io.gallium.net.internal.ValueStyle;
import java.util.Comparator;
import org.immutables.value.Value;

/** One rule that a topology breaks: which rule, what it is about, and a message for people. */
@ValueStyle
@Value.Immutable(builder = false)
public abstract class TopologyError implements Comparable<TopologyError> {
  private static final Comparator<TopologyError> ORDER =
      Comparator.comparing(TopologyError::code)
          .thenComparing(TopologyError::subject)
          .thenComparing(TopologyError::message);

  /** The rules of a topology. */
  public enum Code {
    /** An adapter group has no adapter. */
    NO_ADAPTERS,
    /** An adapter group has more than two adapters (one active, one standby). */
    TOO_MANY_ADAPTERS,
    /** An adapter is named twice in one group. */
    ADAPTER_REPEATED,
    /** An adapter is in more than one group. */
    ADAPTER_IN_SEVERAL_GROUPS,
    /** A network names an adapter group that does not exist. */
    UNKNOWN_ADAPTER_GROUP,
    /** A VM port names a network that does not exist. */
    UNKNOWN_NETWORK,
    /** A VLAN ID outside 2..4094. */
    VLAN_ID_OUT_OF_RANGE,
    /** A second untagged network on one adapter group. */
    SECOND_UNTAGGED_NETWORK,
    /** Two networks of one adapter group on the same VLAN ID. */
    DUPLICATE_VLAN_ID,
    /** Two adapter groups, two networks or two VM ports with one name. */
    DUPLICATE_NAME,
    /** A name that breaks the naming rules of its kind. */
    INVALID_NAME,
    /** A VM port named like one of the topology's adapters. */
    PORT_IS_ADAPTER,
    /** A trunk names one network twice (also as native network and as tagged network). */
    NETWORK_REPEATED_ON_PORT,
    /** A trunk carries networks of more than one adapter group. */
    TRUNK_ACROSS_GROUPS,
    /**
     * A trunk carries its group's untagged network tagged: beside another native network (two
     * untagged networks on one port), or on a trunk without native network.
     */
    UNTAGGED_NETWORK_NOT_NATIVE,
    /** An adapter group's MTU outside the range Linux takes for Ethernet. */
    MTU_OUT_OF_RANGE,
    /** An adapter group's failover policy that Linux cannot carry out as given. */
    INVALID_FAILOVER_POLICY,
    /** A host interface on a network that does not exist. */
    HOST_INTERFACE_UNKNOWN_NETWORK,
    /** A second host interface on one network. */
    SECOND_HOST_INTERFACE,
    /**
     * A host interface's address that is not an address in CIDR form, or not one a host can carry
     * (unspecified, loopback, multicast).
     */
    INVALID_ADDRESS,
    /** One address given twice: on two host interfaces, or twice on one. */
    DUPLICATE_ADDRESS,
    /** A default gateway that is not an IP address, or is one of the host's own addresses. */
    INVALID_GATEWAY,
    /** A default gateway outside every subnet of the host interfaces. */
    GATEWAY_OUTSIDE_SUBNETS,
    /** A second default gateway of one address family. */
    SECOND_DEFAULT_GATEWAY
  }

  TopologyError() {}

  /** The rule that is broken. */
  @Value.Parameter
  public abstract Code code();

  /**
   * The name the error is about: a group, network, VM port or adapter name, as given; for a host
   * interface the name of its network; for a default gateway the gateway's address, as given.
   */
  @Value.Parameter
  public abstract String subject();

  /** What is wrong, where, and what is allowed. */
  @Value.Parameter
  public abstract String message();

  static TopologyError of(Code code, String subject, String message) {
    return ImmutableTopologyError.of(code, subject, message);
  }

  /** Errors order by code, then subject, then message. */
  @Override
  public int compareTo(TopologyError other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return code() + ": " + message();
  }
}
