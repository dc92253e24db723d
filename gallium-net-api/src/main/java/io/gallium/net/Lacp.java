package io.gallium.net;

import java.util.Objects;

/**
 * An adapter group whose switch ports form a link aggregate (IEEE 802.3ad, LACP): all its adapters
 * carry traffic at once, each flow on one of them. The switch must be configured for it; without a
 * partner the group still passes traffic on one adapter.
 *
 * @param transmitHash how a flow is assigned to an adapter
 * @param rate how often the switch is asked to send LACP frames
 */
public record Lacp(TransmitHash transmitHash, Rate rate) {

  /**
   * What {@link Topology.Builder#lacp(String)} gives: layer 2+3 hashing (802.3ad-conformant, keeps
   * a VM's flows to one peer on one adapter; layer 3+4 spreads more evenly but the kernel documents
   * it as not fully conformant) and the fast rate (a dead partner is noticed in 3 s, not 90 s).
   */
  public static final Lacp DEFAULT = new Lacp(TransmitHash.LAYER2_3, Rate.FAST);

  /** Checks for null. */
  public Lacp {
    Objects.requireNonNull(transmitHash, "transmitHash");
    Objects.requireNonNull(rate, "rate");
  }

  /** The transmit hash policy (Linux {@code xmit_hash_policy}). */
  public enum TransmitHash {
    /** MAC addresses only: all traffic between two hosts on one adapter. */
    LAYER2("layer2"),
    /** MAC and IP addresses. */
    LAYER2_3("layer2+3"),
    /** IP addresses and ports: one host's connections spread over the adapters. */
    LAYER3_4("layer3+4");

    private final String linuxName;

    TransmitHash(String linuxName) {
      this.linuxName = linuxName;
    }

    /** The name Linux gives it, e.g. {@code layer2+3}. */
    public String linuxName() {
      return linuxName;
    }
  }

  /** How often the partner is asked to send LACP frames (Linux {@code lacp_rate}). */
  public enum Rate {
    /** Every 30 s: a dead partner is noticed after 90 s. */
    SLOW,
    /** Every second: a dead partner is noticed after 3 s. */
    FAST
  }
}
