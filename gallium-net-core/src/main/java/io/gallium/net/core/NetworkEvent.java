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
   * removed by someone else; applying the topology again repairs it.
   *
   * @param device the device
   * @param differences how it differs from what gallium-net set, one line each
   */
  record Drift(String device, List<String> differences) implements NetworkEvent {
    /** Copies the list. */
    public Drift {
      Objects.requireNonNull(device, "device");
      differences = List.copyOf(differences);
    }

    /**
     * One line, e.g. {@code drift: gb-uplink was changed by someone else: gb-uplink: state is down,
     * expected up}.
     */
    @Override
    public String toString() {
      return "drift: " + device + " was changed by someone else: " + String.join("; ", differences);
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
