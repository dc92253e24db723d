package io.gallium.net;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link Topology.Builder#build()} with every rule the topology breaks. */
public final class InvalidTopologyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<TopologyError> errors;

  InvalidTopologyException(List<TopologyError> errors) {
    super(render(errors));
    this.errors = List.copyOf(errors);
  }

  /** Every error, in a deterministic order (by code, subject, message); never empty. */
  public List<TopologyError> errors() {
    return errors;
  }

  private static String render(List<TopologyError> errors) {
    return errors.stream()
        .map(e -> "  - " + e.message())
        .collect(
            Collectors.joining(
                "\n",
                "invalid topology ("
                    + errors.size()
                    + (errors.size() == 1 ? " error" : " errors")
                    + "):\n",
                ""));
  }
}
