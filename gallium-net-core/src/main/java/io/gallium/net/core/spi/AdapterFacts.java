package io.gallium.net.core.spi;

import io.gallium.net.core.PhysicalAdapter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a driver knows of one adapter beyond its {@link Device}: whether it is a NIC on a bus, its
 * kernel driver and bus address, its link speed and duplex. Each is empty where the host does not
 * report it. Its burnt-in address and largest MTU are the device's own ({@link
 * Device#permanentMac()}, {@link Device#maxMtu()}), observed with it. Immutable.
 *
 * @param name the device's kernel name
 * @param physical whether it is a NIC on a bus (Linux: it has a parent bus device)
 * @param driver the kernel driver's name
 * @param busAddress the bus address, e.g. PCI {@code 0000:3b:00.0}
 * @param speedMbps the link speed in Mbit/s
 * @param duplex the link's duplex
 */
public record AdapterFacts(
    String name,
    boolean physical,
    Optional<String> driver,
    Optional<String> busAddress,
    OptionalInt speedMbps,
    Optional<PhysicalAdapter.Duplex> duplex) {

  /** Checks that nothing is null. */
  public AdapterFacts {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(busAddress, "busAddress");
    Objects.requireNonNull(speedMbps, "speedMbps");
    Objects.requireNonNull(duplex, "duplex");
  }

  /**
   * A device of which nothing more is known than whether it is physical.
   *
   * @param name the device's kernel name
   * @param physical whether it is a NIC on a bus
   * @return facts with every optional value empty
   */
  public static AdapterFacts unknown(String name, boolean physical) {
    return new AdapterFacts(
        name, physical, Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty());
  }
}
