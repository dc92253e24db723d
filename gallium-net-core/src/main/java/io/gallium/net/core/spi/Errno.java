package io.gallium.net.core.spi;

import io.gallium.net.core.testing.InMemoryHost;
import java.util.Map;
import java.util.Objects;

/**
 * A kernel-style error number with its symbolic name, e.g. {@code EEXIST (17)}. Providers report
 * failures with the errno the kernel gave; {@link InMemoryHost} uses the one Linux would.
 *
 * @param number the errno value (Linux numbering)
 * @param symbol the symbolic name, e.g. {@code EEXIST}
 */
public record Errno(int number, String symbol) {

  /** Operation not permitted. */
  public static final Errno EPERM = new Errno(1, "EPERM");

  /** No such file or directory (here: no such entry, e.g. VLAN or altname). */
  public static final Errno ENOENT = new Errno(2, "ENOENT");

  /** I/O error. */
  public static final Errno EIO = new Errno(5, "EIO");

  /** Out of memory. */
  public static final Errno ENOMEM = new Errno(12, "ENOMEM");

  /** Device or resource busy. */
  public static final Errno EBUSY = new Errno(16, "EBUSY");

  /** File exists (a device or name exists already). */
  public static final Errno EEXIST = new Errno(17, "EEXIST");

  /** No such device. */
  public static final Errno ENODEV = new Errno(19, "ENODEV");

  /** Invalid argument. */
  public static final Errno EINVAL = new Errno(22, "EINVAL");

  /** Numerical result out of range (e.g. a name too long for its attribute). */
  public static final Errno ERANGE = new Errno(34, "ERANGE");

  /**
   * Exchange full (a bridge has no port number left: BR_MAX_PORTS, linux/net/bridge/br_private.h).
   */
  public static final Errno EXFULL = new Errno(54, "EXFULL");

  /** Too many levels of links (e.g. a device enslaved to itself). */
  public static final Errno ELOOP = new Errno(40, "ELOOP");

  /** No buffer space available. */
  public static final Errno ENOBUFS = new Errno(105, "ENOBUFS");

  /** Operation not supported. */
  public static final Errno EOPNOTSUPP = new Errno(95, "EOPNOTSUPP");

  private static final Map<Integer, Errno> KNOWN =
      Map.ofEntries(
          Map.entry(1, EPERM),
          Map.entry(2, ENOENT),
          Map.entry(5, EIO),
          Map.entry(12, ENOMEM),
          Map.entry(16, EBUSY),
          Map.entry(17, EEXIST),
          Map.entry(19, ENODEV),
          Map.entry(22, EINVAL),
          Map.entry(34, ERANGE),
          Map.entry(40, ELOOP),
          Map.entry(54, EXFULL),
          Map.entry(95, EOPNOTSUPP),
          Map.entry(105, ENOBUFS));

  public Errno {
    Objects.requireNonNull(symbol, "symbol");
  }

  /** The errno of that (positive) number: a known name, or {@code E<number>}. */
  public static Errno of(int number) {
    int n = Math.abs(number);
    return KNOWN.getOrDefault(n, new Errno(n, "E" + n));
  }

  /** {@code EEXIST (17)}. */
  @Override
  public String toString() {
    return symbol + " (" + number + ")";
  }
}
