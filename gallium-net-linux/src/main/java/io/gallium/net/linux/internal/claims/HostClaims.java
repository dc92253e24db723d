package io.gallium.net.linux.internal.claims;

import io.gallium.net.core.spi.Claim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
      // One listing per observation instead of a lookup per device: on a host without networkd or
      // NetworkManager, thousands of devices cost two failed directory reads, not thousands.
      Optional<Set<String>> networkd = listing(root.resolve(NetworkdLinks.DIRECTORY));
      Optional<Set<String>> nm = listing(root.resolve(NetworkManagerDevices.DIRECTORY));
      return (ifindex, name) -> {
        String file = Integer.toString(ifindex);
        // networkd and NetworkManager name a device by its ifindex, ifupdown by its name. One
        // claim is reported, a certain one before an uncertain one: a device two programs
        // configure is refused all the same.
        Optional<Claim> uncertain = Optional.empty();
        for (Optional<Claim> c :
            List.of(
                networkd.map(f -> f.contains(file)).orElse(true)
                    ? NetworkdLinks.claimOf(root, ifindex, name)
                    : Optional.<Claim>empty(),
                nm.map(f -> f.contains(file)).orElse(true)
                    ? NetworkManagerDevices.claimOf(root, ifindex, name)
                    : Optional.<Claim>empty(),
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

  /**
   * The names in {@code dir}: an empty set when it does not exist (the program keeps no state), no
   * set at all when it cannot be listed, so that each device's file is then read (and a failure
   * reported as an uncertain claim) rather than taken as absent.
   */
  private static Optional<Set<String>> listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return Optional.of(
          files.map(p -> p.getFileName().toString()).collect(Collectors.toUnmodifiableSet()));
    } catch (NoSuchFileException e) {
      return Optional.of(Set.of());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
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
