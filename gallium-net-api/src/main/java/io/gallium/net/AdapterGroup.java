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

  /** The adapters' interface names, active first, then the standby if there is one. */
  List<String> adapters();

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
