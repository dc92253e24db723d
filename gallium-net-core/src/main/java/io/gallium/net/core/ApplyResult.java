package io.gallium.net.core;

import io.gallium.net.Topology;
import io.gallium.net.core.spi.HostState;
import java.util.Objects;

/**
 * What a successful {@link HostNetwork#apply} did.
 *
 * @param topology the topology the host now carries
 * @param plan the plan that was carried out (empty if nothing had to change)
 * @param before the host as observed before
 * @param after the host as observed after, verified to match the plan's goal
 */
public record ApplyResult(Topology topology, Plan plan, HostState before, HostState after) {

  public ApplyResult {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /** Whether anything on the host changed. */
  public boolean changed() {
    return !plan.isEmpty();
  }
}
