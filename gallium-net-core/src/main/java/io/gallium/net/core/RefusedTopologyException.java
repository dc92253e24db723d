package io.gallium.net.core;

import java.util.List;

/**
 * The host cannot take the topology as it is: an adapter is missing, taken by someone else or
 * carries addresses, a VM port device is missing, or a device name gallium-net needs is taken.
 * Thrown by {@link HostNetwork#plan} and {@link HostNetwork#apply} before anything is touched, with
 * every reason at once.
 */
public final class RefusedTopologyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<Refusal> refusals;

  /** With the reasons, at least one. */
  public RefusedTopologyException(List<Refusal> refusals) {
    super(message(refusals));
    this.refusals = List.copyOf(refusals);
  }

  /** Every reason, in a stable order. */
  public List<Refusal> refusals() {
    return refusals;
  }

  private static String message(List<Refusal> refusals) {
    StringBuilder sb =
        new StringBuilder("the host cannot take this topology (")
            .append(refusals.size())
            .append(refusals.size() == 1 ? " reason):" : " reasons):");
    refusals.forEach(r -> sb.append("\n  - ").append(r.message()));
    return sb.toString();
  }
}
