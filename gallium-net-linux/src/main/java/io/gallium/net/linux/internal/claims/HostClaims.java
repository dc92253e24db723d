package io.gallium.net.linux.internal.claims;

import io.gallium.net.core.spi.Claim;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who else configures the devices of the host's own network namespace: systemd-networkd ({@link
 * NetworkdLinks}), NetworkManager ({@link NetworkManagerDevices}) and ifupdown or ifupdown2 ({@link
 * IfupdownState}), from the state they keep under a root directory ({@code /} on a host; a
 * temporary directory in tests). These programs configure the namespace of PID 1 only, so a host in
 * another namespace uses {@link #NONE}.
 */
public interface HostClaims {

  /** Nobody else configures anything: for namespaces other than the host's own. */
  HostClaims NONE = () -> (ifindex, name) -> Optional.empty();

  /** The claims as the state under {@code root} tells them. */
  static HostClaims under(Path root) {
    return () -> {
      IfupdownState ifupdown = IfupdownState.read(root);
      return (ifindex, name) -> {
        // networkd and NetworkManager name a device by its ifindex, ifupdown by its name. One
        // claim is reported, a certain one before an uncertain one: a device two programs
        // configure is refused all the same.
        Optional<Claim> uncertain = Optional.empty();
        for (Optional<Claim> c :
            List.of(
                NetworkdLinks.claimOf(root, ifindex, name),
                NetworkManagerDevices.claimOf(root, ifindex, name),
                ifupdown.claimOf(name))) {
          if (c.isPresent() && c.get().certain()) {
            return c;
          }
          uncertain = uncertain.or(() -> c);
        }
        return uncertain;
      };
    };
  }

  /** A lookup for one observation: state read once is not read again for each device. */
  Lookup begin();

  /** The claims of one observation. */
  @FunctionalInterface
  interface Lookup {
    /**
     * The claim on the device with {@code ifindex}, named {@code name}, if another program has one.
     */
    Optional<Claim> claimOf(int ifindex, String name);
  }
}
