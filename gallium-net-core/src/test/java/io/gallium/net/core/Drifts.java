package io.gallium.net.core;

import java.util.List;
import java.util.Optional;

/** The drift events the tests expect, as subscribers hear them. */
final class Drifts {

  private Drifts() {}

  /**
   * The drift of a port on the quick start's "prod" network that someone else took off gv-uplink.
   */
  static NetworkEvent.Drift releasedFromProd(String port) {
    return new NetworkEvent.Drift(
        port,
        List.of(
            port + ": master is none, expected gv-uplink",
            port + ": vlans is [], expected [100 pvid untagged]"),
        List.of(
            new NetworkEvent.Drift.Difference("master", "gv-uplink", "none"),
            new NetworkEvent.Drift.Difference("vlans", "[100 pvid untagged]", "[]")),
        Optional.empty());
  }
}
