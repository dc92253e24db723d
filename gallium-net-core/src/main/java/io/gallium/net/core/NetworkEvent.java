package io.gallium.net.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Something that happened to the host's VM networking, delivered to {@link NetworkListener}s. */
public sealed interface NetworkEvent {

  /**
   * An adapter of a group gained or lost carrier (its cable or switch port).
   *
   * @param group the adapter group
   * @param adapter the adapter
   * @param carrier whether it has carrier now
   */
  record CarrierChanged(String group, String adapter, boolean carrier) implements NetworkEvent {
    public CarrierChanged {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(adapter, "adapter");
    }

    /** One line, e.g. {@code carrier: adapter eth0 of group uplink lost its link}. */
    @Override
    public String toString() {
      return "carrier: adapter "
          + adapter
          + " of group "
          + group
          + (carrier ? " has its link back" : " lost its link");
    }
  }

  /**
   * A group's traffic moved to another adapter (or to none, when no adapter has carrier; or back to
   * one, after that). A new group's first active adapter is no failover, and neither is an adapter
   * released from a group that goes away.
   *
   * @param group the adapter group
   * @param from the adapter that was active, if one was
   * @param to the adapter that is active now, if one is
   */
  record Failover(String group, Optional<String> from, Optional<String> to)
      implements NetworkEvent {
    public Failover {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    /** One line, e.g. {@code failover: group uplink moved from eth0 to eth1}. */
    @Override
    public String toString() {
      return "failover: group "
          + group
          + " moved from "
          + from.orElse("no adapter")
          + " to "
          + to.orElse("no adapter");
    }
  }

  /**
   * A device of ours (a bond, a bridge, an adapter or VM port attached to them) was changed or
   * removed by someone else; applying the topology again repairs it. "Someone else" is not
   * gallium-net: what any {@link io.gallium.net.core.HostNetwork} sharing the host's store does (in
   * this process or another one) is expected, as it finishes, by every subscriber, and a device in
   * the midst of such a transaction is judged once it is done. {@link #changes()} names each change
   * (field, what gallium-net set, what the device has now), and {@link #claimedBy()} the network
   * manager of the host that claims the device, the likely culprit; {@link #summary()} puts both in
   * one line for a log, e.g. {@code tap-vm3: master gv-uplink -> none (NetworkManager configures
   * it)}.
   *
   * @param device the device
   * @param differences how it differs from what gallium-net set, one line each
   * @param changes the same differences, field by field (empty when made with the two-argument
   *     constructor)
   * @param claimedBy the program that claims to configure the device now (see {@link
   *     io.gallium.net.core.spi.Device#claim()}), if one does
   */
  record Drift(
      String device, List<String> differences, List<Difference> changes, Optional<String> claimedBy)
      implements NetworkEvent {
    /** Copies the lists. */
    public Drift {
      Objects.requireNonNull(device, "device");
      differences = List.copyOf(differences);
      changes = List.copyOf(changes);
      Objects.requireNonNull(claimedBy, "claimedBy");
    }

    /**
     * A drift described by lines only, as before {@link #changes()} existed.
     *
     * @param device the device
     * @param differences how it differs from what gallium-net set, one line each
     */
    public Drift(String device, List<String> differences) {
      this(device, differences, List.of(), Optional.empty());
    }

    /**
     * One line for a log: the device, then each change as {@code field expected -> found}, then who
     * claims the device, e.g. {@code tap-vm3: master gv-uplink -> none, state up -> down
     * (NetworkManager configures it)}; the lines of {@link #differences()} when no change is named
     * field by field.
     */
    public String summary() {
      String what =
          changes.isEmpty()
              ? String.join("; ", differences)
              : device
                  + ": "
                  + String.join(", ", changes.stream().map(Difference::toString).toList());
      return what + claimedBy.map(p -> " (" + p + " configures it)").orElse("");
    }

    /**
     * One line, e.g. {@code drift: gb-uplink was changed by someone else: gb-uplink: state is down,
     * expected up}.
     */
    @Override
    public String toString() {
      return "drift: " + device + " was changed by someone else: " + String.join("; ", differences);
    }

    /**
     * One field of a device that is not as gallium-net set it.
     *
     * @param field what differs: {@code master}, {@code state} (up/down), {@code mtu}, {@code
     *     vlans}, {@code bond mode}, {@code bond miimon}, {@code primary}, {@code bridge
     *     vlan_filtering}, {@code bridge default_pvid}, {@code alias}, {@code alternative names},
     *     {@code kind}, or {@code device} when it was removed
     * @param expected what gallium-net set, e.g. {@code gv-uplink} ({@code none} for no master)
     * @param found what the device has now
     */
    public record Difference(String field, String expected, String found) {
      /** Requires every field. */
      public Difference {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(found, "found");
      }

      /** {@code field expected -> found}, e.g. {@code master gv-uplink -> none}. */
      @Override
      public String toString() {
        return field + " " + expected + " -> " + found;
      }
    }
  }

  /**
   * The watch could not follow the host for a while: the kernel dropped events, the host could not
   * be read after a change, or a listener failed. It goes on watching, re-reading the host until it
   * can, and then reports what changed as usual; a change undone meanwhile (a link that went down
   * and back up) is not seen. Call {@link HostNetwork#status()} or {@link HostNetwork#plan} to
   * check the host now.
   *
   * @param reason what went wrong, one line
   */
  record EventsLost(String reason) implements NetworkEvent {
    public EventsLost {
      Objects.requireNonNull(reason, "reason");
    }

    /** One line, e.g. {@code events lost: the kernel dropped link events ...}. */
    @Override
    public String toString() {
      return "events lost: " + reason;
    }
  }

  /**
   * An adapter appeared: a physical NIC was hot-plugged or its driver (re)loaded, so it is in
   * {@link HostNetwork#adapters()} from now on. Only physical NICs (on Linux: devices with a parent
   * bus device) count; virtual devices (a VM's tap, a veth end) appearing are no adapter events.
   *
   * @param adapter the adapter's kernel name
   */
  record AdapterAdded(String adapter) implements NetworkEvent {
    public AdapterAdded {
      Objects.requireNonNull(adapter, "adapter");
    }

    /** One line, e.g. {@code adapter added: eth2}. */
    @Override
    public String toString() {
      return "adapter added: " + adapter;
    }
  }

  /**
   * An adapter went away: a physical NIC was removed or its driver unloaded, or a device an adapter
   * group of ours used as an adapter (a veth end in a sandbox) was deleted. What counts is what
   * {@link HostNetwork#adapters()} lists. If a group used it, the group has lost that adapter (and
   * a {@link Drift} for it follows).
   *
   * @param adapter the adapter's kernel name
   * @param group the adapter group of ours that used it, if one did
   */
  record AdapterRemoved(String adapter, Optional<String> group) implements NetworkEvent {
    public AdapterRemoved {
      Objects.requireNonNull(adapter, "adapter");
      Objects.requireNonNull(group, "group");
    }

    /** One line, e.g. {@code adapter removed: eth2, an adapter of group uplink}. */
    @Override
    public String toString() {
      return "adapter removed: "
          + adapter
          + group.map(g -> ", an adapter of group " + g).orElse("");
    }
  }
}
