package io.gallium.net.core;

import io.gallium.net.core.spi.HostState;
import java.util.Objects;

/**
 * What a successful {@link HostNetwork#apply}, {@link HostNetwork#update}, {@link
 * HostNetwork#attach} or {@link HostNetwork#detach} did.
 *
 * @param plan the plan that was carried out (empty if nothing had to change)
 * @param before what the call read before changing anything: the whole host for {@code apply} and
 *     {@code update}; the port, its group's bond and bridge (and a bridge it left) for {@code
 *     attach} and {@code detach}
 * @param after the same devices as observed after, verified to match the plan's goal
 */
public record ApplyResult(Plan plan, HostState before, HostState after) {

  public ApplyResult {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /** Whether anything on the host changed. */
  public boolean changed() {
    return !plan.isEmpty();
  }
}
