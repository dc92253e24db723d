package io.gallium.net.linux.internal.claims;

import io.gallium.net.core.spi.Claim;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether systemd-networkd configures a device, from its runtime state {@code
 * /run/systemd/netif/links/IFINDEX}. networkd writes that file for every link it sees ({@code
 * link_save} in {@code src/network/networkd-state-file.c}, formerly {@code networkd-link.c}): a
 * comment line {@code # This is private data. Do not parse.}, then {@code KEY=VALUE} lines, among
 * them {@code ADMIN_STATE} (pending, initialized, configuring, configured, unmanaged, failed,
 * linger) and, for a link a {@code .network} file matched, {@code NETWORK_FILE=PATH}. The file is
 * replaced atomically (written to a temporary file, then renamed), so it is never seen half
 * written.
 *
 * <p>Read as: {@code unmanaged} and {@code linger} (a link going away) are no claim; {@code
 * configuring}, {@code configured} and {@code failed} (networkd tried and will try again) are a
 * claim; anything unexpected, as well as a file without {@code ADMIN_STATE} or one that cannot be
 * read, are an uncertain claim: not knowing is never "unmanaged". {@code pending} and {@code
 * initialized} (networkd has not matched the link to a {@code .network} file yet: a tap made a
 * moment ago, before udev has seen it) are no claim: a hypervisor attaches a VM's tap within
 * milliseconds of making it, and refusing it then would fail VM starts at random on every networkd
 * host; if networkd does configure it afterwards, the drift is reported naming networkd. No file is
 * no claim (networkd does not run, or has not seen the link).
 */
public final class NetworkdLinks {

  /** Who the claim is by. */
  public static final String PROGRAM = "systemd-networkd";

  /** Where networkd keeps its links' state, relative to the root. */
  public static final String DIRECTORY = "run/systemd/netif/links";

  private static final Set<String> NOT_CLAIMED =
      Set.of("unmanaged", "linger", "pending", "initialized");
  private static final Set<String> CLAIMED = Set.of("configuring", "configured", "failed");

  private NetworkdLinks() {}

  /**
   * The claim networkd has on the link with {@code ifindex}, named {@code name}, under {@code
   * root}.
   */
  public static Optional<Claim> claimOf(Path root, int ifindex, String name) {
    return RunFile.claimOf(
        root.resolve(DIRECTORY).resolve(Integer.toString(ifindex)),
        (text, file) -> parse(text, file, name),
        why -> claim(name, why, false));
  }

  /**
   * The claim a link state file's {@code text} makes on the device {@code name}.
   *
   * @param file where the text came from, for the message
   */
  static Optional<Claim> parse(String text, String file, String name) {
    Map<String, String> values = new HashMap<>();
    boolean conflicting = false;
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      int eq = l.indexOf('=');
      if (l.isEmpty() || l.startsWith("#") || eq <= 0) {
        // A line networkd does not write is not ours to judge; ADMIN_STATE decides.
        continue;
      }
      String old = values.putIfAbsent(l.substring(0, eq), l.substring(eq + 1));
      conflicting |= old != null && !old.equals(l.substring(eq + 1));
    }
    String admin = conflicting ? null : values.get("ADMIN_STATE");
    String network = values.get("NETWORK_FILE");
    String source =
        file + (network == null || network.isEmpty() ? "" : ", network file " + network);
    if (admin == null) {
      return Optional.of(
          claim(
              name,
              source + (conflicting ? ": keys that contradict each other" : ": no ADMIN_STATE"),
              false));
    }
    if (NOT_CLAIMED.contains(admin)) {
      return Optional.empty();
    }
    if (CLAIMED.contains(admin)) {
      return Optional.of(claim(name, source + ", ADMIN_STATE=" + admin, true));
    }
    return Optional.of(claim(name, source + ": unknown ADMIN_STATE=" + admin, false));
  }

  /**
   * The {@code .network} file that makes networkd leave {@code name} alone, exactly as the README
   * shows it; networkd uses the first file (in lexical order of names) whose {@code [Match]} fits,
   * hence the {@code 00-} prefix.
   */
  public static String unmanagedNetworkFile(String name) {
    return "[Match]\nName=" + name + "\n\n[Link]\nUnmanaged=yes\n";
  }

  /** Where {@link #unmanagedNetworkFile} goes. */
  public static String unmanagedNetworkPath(String name) {
    return "/etc/systemd/network/00-gallium-net-" + name + ".network";
  }

  private static Claim claim(String name, String source, boolean certain) {
    return new Claim(
        PROGRAM,
        source,
        "write "
            + unmanagedNetworkPath(name)
            + " with \""
            + unmanagedNetworkFile(name).strip().replace("\n\n", " ").replace('\n', ' ')
            + "\", then run networkctl reload",
        certain);
  }
}
