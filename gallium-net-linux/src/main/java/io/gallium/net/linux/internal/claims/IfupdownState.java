package io.gallium.net.linux.internal.claims;

import io.gallium.net.core.spi.Claim;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which devices ifupdown has brought up, read once per observation from its state.
 *
 * <ul>
 *   <li>Debian's ifupdown keeps {@code /run/network/ifstate}: one line {@code IFACE=LOGICAL} per
 *       interface it brought up (e.g. {@code eth1=eth1}), the line removed by {@code ifdown}
 *       ({@code update_state} in its {@code main.c}); and a file {@code /run/network/ifstate.IFACE}
 *       per interface it ever locked, holding the logical name while up and an empty line after
 *       {@code ifdown} ({@code /} in a name becomes {@code .}).
 *   <li>ifupdown2 (Proxmox, Cumulus) keeps its interface objects pickled (Python's {@code pickle},
 *       highest protocol) in {@code ifstatenew} under its {@code state_dir}: {@code /run/network}
 *       on Debian and Proxmox, {@code /var/tmp/network} upstream ({@code statemanager.py}); an
 *       interface taken down is removed from it. Without a Python unpickler, the strings in the
 *       pickle are read (opcodes {@code SHORT_BINUNICODE}, {@code BINUNICODE}, {@code
 *       BINUNICODE8}): a device whose name is one of them, or a word of one (a bond's slaves, a
 *       bridge's ports), is claimed. That may claim more than ifupdown2 configures, never less.
 * </ul>
 *
 * <p>A state file that cannot be read claims every device, uncertainly; a line of {@code ifstate}
 * that is not {@code IFACE=LOGICAL} claims, uncertainly, the devices whose names are in it; a file
 * that is not a pickle claims every device, uncertainly. No file is no claim.
 */
public final class IfupdownState {

  /** Who the claim is by. */
  public static final String PROGRAM = "ifupdown";

  /** ifupdown's state file, relative to the root. */
  public static final String IFSTATE = "run/network/ifstate";

  /** Where ifupdown2 keeps its state, relative to the root, in the order looked at. */
  public static final List<String> IFUPDOWN2_STATES =
      List.of("run/network/ifstatenew", "var/tmp/network/ifstatenew");

  private final Path root;
  private final Set<String> up = new HashSet<>();
  private final List<String> malformed = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();
  private final Set<String> ifupdown2Words = new HashSet<>();
  private String ifstate;
  private String ifupdown2File;
  private boolean runNetwork;

  private IfupdownState(Path root) {
    this.root = root;
  }

  /** ifupdown's and ifupdown2's state under {@code root}, read now. */
  public static IfupdownState read(Path root) {
    IfupdownState s = new IfupdownState(root);
    s.runNetwork = java.nio.file.Files.isDirectory(root.resolve(IFSTATE).getParent());
    RunFile ifstate = RunFile.read(root.resolve(IFSTATE));
    s.ifstate = ifstate instanceof RunFile.Bytes b ? b.path().toString() : null;
    if (ifstate instanceof RunFile.Unreadable u) {
      s.unreadable.add(u.path() + " could not be read: " + u.reason());
    } else if (ifstate instanceof RunFile.Bytes b) {
      s.parseIfstate(b.text());
    }
    for (String state : IFUPDOWN2_STATES) {
      RunFile f = RunFile.read(root.resolve(state));
      if (f instanceof RunFile.Unreadable u) {
        s.unreadable.add(u.path() + " could not be read: " + u.reason());
      } else if (f instanceof RunFile.Bytes b) {
        s.ifupdown2File = b.path().toString();
        if (!PickleStrings.collect(b.content(), s.ifupdown2Words)) {
          s.unreadable.add(b.path() + " is not a Python pickle of ifupdown2's state");
        }
        break;
      }
    }
    return s;
  }

  /** Parses the lines of {@code /run/network/ifstate}. */
  void parseIfstate(String text) {
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0 || eq == l.length() - 1) {
        malformed.add(l);
      } else {
        up.add(l.substring(0, eq));
      }
    }
  }

  /** The claim ifupdown or ifupdown2 has on the device {@code name}. */
  public Optional<Claim> claimOf(String name) {
    if (up.contains(name)) {
      return Optional.of(claim(name, ifstate + " has " + name + "=..., ifup brought it up", true));
    }
    if (ifupdown2Words.contains(name)) {
      return Optional.of(claim(name, ifupdown2File + " (ifupdown2's state) names it", true));
    }
    Optional<Claim> perInterface = perInterface(name);
    if (perInterface.isPresent()) {
      return perInterface;
    }
    for (String l : malformed) {
      if (l.contains(name)) {
        return Optional.of(
            claim(name, ifstate + " has a line that is no IFACE=LOGICAL: \"" + l + "\"", false));
      }
    }
    if (!unreadable.isEmpty()) {
      return Optional.of(claim(name, String.join("; ", unreadable), false));
    }
    return Optional.empty();
  }

  /** {@code /run/network/ifstate.IFACE}: the logical name while up, empty after ifdown. */
  private Optional<Claim> perInterface(String name) {
    if (!runNetwork) {
      return Optional.empty();
    }
    Path path = root.resolve(IFSTATE + "." + name.replace('/', '.'));
    RunFile f = RunFile.read(path);
    if (f instanceof RunFile.Unreadable u) {
      return Optional.of(claim(name, u.path() + " could not be read: " + u.reason(), false));
    }
    if (f instanceof RunFile.Bytes b && !b.text().strip().isEmpty()) {
      return Optional.of(
          claim(name, b.path() + " holds \"" + b.text().strip() + "\", ifup brought it up", true));
    }
    return Optional.empty();
  }

  /** The advice for ifupdown, exactly as the README gives it. */
  public static String unmanageAdvice(String name) {
    return "ifdown "
        + name
        + ", then remove the \"auto "
        + name
        + "\" (or \"allow-hotplug "
        + name
        + "\") line and the \"iface "
        + name
        + " ...\" stanza from /etc/network/interfaces and the files it sources";
  }

  private static Claim claim(String name, String source, boolean certain) {
    return new Claim(PROGRAM, source, unmanageAdvice(name), certain);
  }

  /** The strings of a Python pickle, found by their opcodes, and the words in them. */
  static final class PickleStrings {
    private static final int PROTO = 0x80;
    private static final int SHORT_BINUNICODE = 0x8c;
    private static final int BINUNICODE = 'X';
    private static final int BINUNICODE8 = 0x8d;

    private PickleStrings() {}

    /**
     * Adds every string of {@code pickle} and each whitespace-separated word of it to {@code out}.
     * Bytes are scanned, not interpreted: a byte that only looks like an opcode adds a string no
     * device is named, which costs nothing; a string is never missed.
     *
     * @return false when {@code pickle} does not start as a pickle of protocol 2 or later
     */
    static boolean collect(byte[] pickle, Set<String> out) {
      if (pickle.length < 2 || (pickle[0] & 0xff) != PROTO) {
        return false;
      }
      for (int i = 2; i < pickle.length; i++) {
        int op = pickle[i] & 0xff;
        long length;
        int start;
        if (op == SHORT_BINUNICODE && i + 1 < pickle.length) {
          length = pickle[i + 1] & 0xff;
          start = i + 2;
        } else if (op == BINUNICODE && i + 4 < pickle.length) {
          length = le(pickle, i + 1, 4);
          start = i + 5;
        } else if (op == BINUNICODE8 && i + 8 < pickle.length) {
          length = le(pickle, i + 1, 8);
          start = i + 9;
        } else {
          continue;
        }
        if (length <= 0 || length > pickle.length - start) {
          continue;
        }
        String s = new String(pickle, start, (int) length, StandardCharsets.UTF_8);
        out.add(s);
        for (String word : s.split("\\s+")) {
          if (!word.isEmpty()) {
            out.add(word);
          }
        }
      }
      return true;
    }

    private static long le(byte[] b, int at, int n) {
      long v = 0;
      for (int k = n - 1; k >= 0; k--) {
        v = (v << 8) | (b[at + k] & 0xff);
      }
      return v;
    }
  }
}
