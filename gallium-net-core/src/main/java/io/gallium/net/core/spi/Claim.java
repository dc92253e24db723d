package io.gallium.net.core.spi;

import java.util.Objects;

/**
 * Another program's claim that it configures a device: a network manager of the host (e.g.
 * systemd-networkd, NetworkManager, ifupdown) that would undo what gallium-net sets on it, or take
 * it down, or detach it from its bridge. A driver reports it on the observed {@link Device}; it is
 * an observation, never planned, so it takes no part in the comparison of what gallium-net sets.
 *
 * <p>A claim the driver could not read whole (a state file it could not open or parse) is reported
 * all the same, as {@linkplain #certain() uncertain}: not knowing must never read as "nobody
 * configures it", so an uncertain claim refuses the device like a certain one and says why.
 *
 * @param program who claims the device, e.g. {@code systemd-networkd}
 * @param source the file or connection that claims it, e.g. {@code /run/systemd/netif/links/3,
 *     network file /etc/systemd/network/10-eth2.network, ADMIN_STATE=configured}
 * @param unmanage what an administrator does so that {@code program} leaves the device alone: the
 *     exact snippet or command
 * @param certain false when the claim could not be read whole (then {@code source} says why)
 */
public record Claim(String program, String source, String unmanage, boolean certain) {

  /** Requires every field. */
  public Claim {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(unmanage, "unmanage");
  }

  /** One line, e.g. {@code systemd-networkd (/run/systemd/netif/links/3 ...)}. */
  @Override
  public String toString() {
    return program + (certain ? "" : " (perhaps)") + " (" + source + ")";
  }
}
