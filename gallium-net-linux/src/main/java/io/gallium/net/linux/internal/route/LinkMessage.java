package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.IFF_LOWER_UP;
import static io.gallium.net.linux.internal.Kernel.IFF_UP;
import static io.gallium.net.linux.internal.Kernel.IF_OPER_UP;

import java.util.List;

/**
 * One device as a RTM_NEWLINK message (dump, reply or event) describes it.
 *
 * @param index interface index
 * @param name device name
 * @param flags IFF_* flags
 * @param mtu MTU, 0 when not reported
 * @param mac hardware address as {@code aa:bb:cc:dd:ee:ff}, null when none
 * @param master index of the bridge or bond it is enslaved to, 0 when none
 * @param alias IFLA_IFALIAS, null when none
 * @param altNames alternative names, in kernel order
 * @param carrier 1 carrier, 0 none, -1 not reported
 * @param kind IFLA_INFO_KIND, null for plain devices (physical NICs, {@code lo})
 * @param slaveKind IFLA_INFO_SLAVE_KIND (the master's kind) when enslaved, else null
 * @param bond bond data when the kind is bond, else null
 * @param bridge bridge data when the kind is bridge, else null
 * @param maxMtu IFLA_MAX_MTU, 0 when not reported or unlimited
 * @param bondSlave what the bond reports of this device when it is a bond's slave, else null
 * @param vlan parent and VLAN ID when the kind is vlan, else null
 * @param permanentMac IFLA_PERM_ADDRESS, null when the device has none or the kernel omits it
 * @param operState IFLA_OPERSTATE (RFC 2863, {@code IF_OPER_*}), -1 when not reported
 */
public record LinkMessage(
    int index,
    String name,
    int flags,
    int mtu,
    String mac,
    int master,
    String alias,
    List<String> altNames,
    int carrier,
    LinkKind kind,
    LinkKind slaveKind,
    BondInfo bond,
    BridgeInfo bridge,
    int maxMtu,
    BondSlaveInfo bondSlave,
    VlanInfo vlan,
    String permanentMac,
    int operState) {
  public LinkMessage {
    altNames = List.copyOf(altNames);
  }

  /**
   * A link message without maximum MTU, bond slave data, VLAN link or permanent address.
   *
   * @param index interface index
   * @param name device name
   * @param flags IFF_* flags
   * @param mtu MTU
   * @param mac hardware address
   * @param master master's index
   * @param alias alias
   * @param altNames alternative names
   * @param carrier carrier
   * @param kind kind
   * @param slaveKind slave kind
   * @param bond bond data
   * @param bridge bridge data
   */
  public LinkMessage(
      int index,
      String name,
      int flags,
      int mtu,
      String mac,
      int master,
      String alias,
      List<String> altNames,
      int carrier,
      LinkKind kind,
      LinkKind slaveKind,
      BondInfo bond,
      BridgeInfo bridge) {
    this(
        index, name, flags, mtu, mac, master, alias, altNames, carrier, kind, slaveKind, bond,
        bridge, 0, null, null, null, -1);
  }

  /** Administratively up (IFF_UP). */
  public boolean isUp() {
    return (flags & IFF_UP) != 0;
  }

  /**
   * Operationally up (IF_OPER_UP): the kernel has taken the device's carrier in (its link watch
   * ran) and sends through it. Between a carrier coming and this, what the host sends through the
   * device is dropped.
   */
  public boolean isOperUp() {
    return operState == IF_OPER_UP;
  }

  /** The driver signals L1 up (IFF_LOWER_UP): the cable is in, the peer is up. */
  public boolean isLowerUp() {
    return (flags & IFF_LOWER_UP) != 0;
  }
}
