package io.gallium.net.linux.internal.claims;

import io.gallium.net.core.spi.Claim;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether NetworkManager manages a device, from its runtime device state {@code
 * /run/NetworkManager/devices/IFINDEX}. NetworkManager writes it ({@code
 * nm_manager_write_device_state} in {@code nm-manager.c}, through {@code
 * nm_config_device_state_write} in {@code nm-config.c}) whenever a device becomes unmanaged,
 * disconnected or activated, and for every device when it stops, so that a restarted NetworkManager
 * takes its devices back as they were. It is a GLib key file: a group {@code [device]} with {@code
 * managed=true} when NetworkManager manages the device (then {@code connection-uuid=} names the
 * active connection, if one is), {@code managed=false} when it was set unmanaged explicitly ({@code
 * nmcli device set X managed no}), and no {@code managed} key when it leaves the device alone for
 * another reason (e.g. {@code unmanaged-devices} in its configuration).
 *
 * <p>Why this file and not D-Bus: it records the very decision D-Bus's {@code Device.Managed}
 * property reports, written by NetworkManager itself at each change of it, and it is readable
 * without a D-Bus library (none may be added) and without NetworkManager running (its devices stay
 * claimed while it restarts, which is the truth: it takes them back). {@code
 * /run/NetworkManager/system-connections} is not used: it holds connection profiles kept in memory,
 * which say what NetworkManager may activate somewhere, not whether it manages a device now; a
 * profile is only ever activated on a managed device, which the device state shows.
 *
 * <p>Read as: {@code managed=true} is a claim; {@code managed=false} and no {@code managed} key in
 * a well-formed file are none; a value that is no boolean, a line that is neither a group, a key
 * nor a comment, or a file that cannot be read is an uncertain claim. No file is no claim.
 */
public final class NetworkManagerDevices {

  /** Who the claim is by. */
  public static final String PROGRAM = "NetworkManager";

  /** Where NetworkManager keeps its devices' state, relative to the root. */
  public static final String DIRECTORY = "run/NetworkManager/devices";

  private NetworkManagerDevices() {}

  /** The claim NetworkManager has on the device with {@code ifindex}, named {@code name}. */
  public static Optional<Claim> claimOf(Path root, int ifindex, String name) {
    return RunFile.claimOf(
        root.resolve(DIRECTORY).resolve(Integer.toString(ifindex)),
        (text, file) -> parse(text, file, name),
        why -> claim(name, why, false));
  }

  /**
   * The claim a device state file's {@code text} makes on the device {@code name}.
   *
   * @param file where the text came from, for the message
   */
  static Optional<Claim> parse(String text, String file, String name) {
    String group = null;
    String managed = null;
    String connection = null;
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("[") && l.endsWith("]")) {
        group = l.substring(1, l.length() - 1);
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0 || group == null) {
        return Optional.of(claim(name, file + ": a line that is no key file: " + quoted(l), false));
      }
      if ("device".equals(group)) {
        String key = l.substring(0, eq).strip();
        String value = l.substring(eq + 1).strip();
        if (key.equals("managed")) {
          if (managed != null && !managed.equals(value)) {
            return Optional.of(claim(name, file + ": two managed= lines that differ", false));
          }
          managed = value;
        } else if (key.equals("connection-uuid")) {
          connection = value;
        }
      }
    }
    if (managed == null) {
      return Optional.empty();
    }
    Optional<Boolean> on = bool(managed);
    if (on.isEmpty()) {
      return Optional.of(
          claim(name, file + ": managed=" + quoted(managed) + " is no boolean", false));
    }
    if (!on.get()) {
      return Optional.empty();
    }
    return Optional.of(
        claim(
            name,
            file
                + ", managed=true"
                + (connection == null || connection.isEmpty()
                    ? ", no active connection"
                    : ", connection " + connection),
            true));
  }

  /** The booleans NetworkManager's own key file reader accepts. */
  private static Optional<Boolean> bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> Optional.of(true);
      case "false", "no", "off", "0" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static String quoted(String s) {
    return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
  }

  /** The command that makes NetworkManager leave {@code name} alone until it restarts. */
  public static String unmanageCommand(String name) {
    return "nmcli device set " + name + " managed no";
  }

  /**
   * The configuration file that makes NetworkManager leave {@code name} alone for good, exactly as
   * the README shows it. It appends ({@code +=}) to {@code unmanaged-devices}: a plain {@code =} in
   * a later file would replace what the distribution or administrator listed there.
   */
  public static String unmanagedConfFile(String name) {
    return "[keyfile]\nunmanaged-devices+=interface-name:" + name + "\n";
  }

  /** Where {@link #unmanagedConfFile} goes. */
  public static String unmanagedConfPath(String name) {
    return "/etc/NetworkManager/conf.d/99-gallium-net-" + name + ".conf";
  }

  private static Claim claim(String name, String source, boolean certain) {
    return new Claim(
        PROGRAM,
        source,
        unmanageCommand(name)
            + " (until NetworkManager restarts), and for good write "
            + unmanagedConfPath(name)
            + " with \""
            + unmanagedConfFile(name).strip().replace('\n', ' ')
            + "\", then run nmcli general reload conf",
        certain);
  }
}
