package io.gallium.net.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an adapter group is doing now.
 *
 * @param group the group's name
 * @param activeAdapter the adapter carrying its traffic, if any has carrier
 * @param adapters its adapters, active-by-configuration first, with their carrier
 */
public record GroupStatus(
    String group, Optional<String> activeAdapter, List<AdapterStatus> adapters) {

  /** Copies the list. */
  public GroupStatus {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(activeAdapter, "activeAdapter");
    adapters = List.copyOf(adapters);
  }

  /**
   * One adapter of a group.
   *
   * @param name the adapter
   * @param carrier whether it has carrier
   */
  public record AdapterStatus(String name, boolean carrier) {
    public AdapterStatus {
      Objects.requireNonNull(name, "name");
    }
  }
}
