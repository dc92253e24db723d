package io.gallium.net.linux.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden fixture from {@code src/test/resources/golden} (the one loader of golden files; the
 * one script that records them is {@code src/test/vm/record-golden.sh}): the netlink messages
 * iproute2 sent for one command, recorded in the real-kernel lane (see the README there). Codec
 * tests encode the same request and compare it with {@link #assertMatches(byte[])}.
 */
public final class GoldenRequest {
  /** Offset and length of {@code nlmsg_seq} + {@code nlmsg_pid}: they differ on every run. */
  private static final int MASK_FROM = 8;

  private static final int MASK_TO = 16;
  private static final String RESOURCE_DIR = "/golden/";

  private final String name;
  private final Map<String, String> header;
  private final List<String> descriptions;
  private final List<byte[]> messages;
  private final Map<String, Integer> ifindexes;

  private GoldenRequest(
      String name,
      Map<String, String> header,
      List<String> descriptions,
      List<byte[]> messages,
      Map<String, Integer> ifindexes) {
    this.name = name;
    this.header = header;
    this.descriptions = descriptions;
    this.messages = messages;
    this.ifindexes = ifindexes;
  }

  /** The fixture names listed in {@code golden/index.txt}, e.g. {@code bond-add}. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (String line : read("index.txt").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.strip());
      }
    }
    return names;
  }

  /** Loads fixture {@code golden/NAME.txt} from the test class path. */
  public static GoldenRequest load(String name) {
    Map<String, String> header = new LinkedHashMap<>();
    List<String> descriptions = new ArrayList<>();
    List<byte[]> messages = new ArrayList<>();
    String pending = null;
    for (String line : read(name + ".txt").split("\n")) {
      if (line.startsWith("# message ")) {
        pending = line.substring(2);
      } else if (line.startsWith("# ")) {
        int colon = line.indexOf(':');
        if (colon > 2) {
          header.putIfAbsent(line.substring(2, colon), line.substring(colon + 1).strip());
        }
      } else if (!line.isBlank()) {
        if (pending == null) {
          throw new IllegalStateException(
              "golden/" + name + ".txt: hex line without a '# message' line");
        }
        messages.add(HexFormat.of().parseHex(line.strip()));
        descriptions.add(pending);
        pending = null;
      }
    }
    return new GoldenRequest(name, header, descriptions, messages, parseIfindexes(name, header));
  }

  private static Map<String, Integer> parseIfindexes(String name, Map<String, String> header) {
    String line = header.get("ifindex before the command");
    if (line == null) {
      throw new IllegalStateException(
          "golden/" + name + ".txt has no '# ifindex before the command:' line");
    }
    Map<String, Integer> map = new LinkedHashMap<>();
    for (String pair : line.split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        map.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
      }
    }
    return map;
  }

  private static String read(String resource) {
    try (InputStream in = GoldenRequest.class.getResourceAsStream(RESOURCE_DIR + resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no golden fixture " + RESOURCE_DIR + resource + " on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's name, e.g. {@code bond-add}. */
  public String name() {
    return name;
  }

  /**
   * The exact command that was recorded, e.g. {@code ip -n golden-rec link add bond1 type bond
   * ...}.
   */
  public String command() {
    return header.get("golden");
  }

  /** Kernel, iproute2 and strace versions of the recording. */
  public String recordedWith() {
    return header.get("kernel");
  }

  /** Every message iproute2 sent, in order (probes and name lookups included). */
  public List<byte[]> messages() {
    return messages.stream().map(byte[]::clone).toList();
  }

  /** The description line of message {@code i} (type, flags, length, role). */
  public String description(int i) {
    return descriptions.get(i);
  }

  /** The one message labelled "the request": the one an encoder must reproduce. */
  public byte[] request() {
    int found = -1;
    for (int i = 0; i < descriptions.size(); i++) {
      if (descriptions.get(i).endsWith(": the request")) {
        if (found >= 0) {
          throw new IllegalStateException(
              "golden/" + name + ".txt labels two messages as the request");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new IllegalStateException("golden/" + name + ".txt labels no message as the request");
    }
    return messages.get(found).clone();
  }

  /** The interface index {@code device} had when the command ran. */
  public int ifindex(String device) {
    Integer index = ifindexes.get(device);
    if (index == null) {
      throw new IllegalArgumentException(
          "golden/" + name + ".txt knows no device " + device + "; known: " + ifindexes.keySet());
    }
    return index;
  }

  /**
   * Asserts that {@code encoded} equals {@link #request()} except in {@code nlmsg_seq} and {@code
   * nlmsg_pid} (bytes 8..15), naming the first differing offset otherwise.
   */
  public void assertMatches(byte[] encoded) {
    byte[] expected = request();
    byte[] actual = encoded.clone();
    if (actual.length >= MASK_TO) {
      System.arraycopy(
          expected, MASK_FROM, actual, MASK_FROM, Math.min(expected.length, MASK_TO) - MASK_FROM);
    }
    if (Arrays.equals(expected, actual)) {
      return;
    }
    int at = Arrays.mismatch(expected, actual);
    throw new AssertionError(
        "encoded request differs from golden/"
            + name
            + ".txt ("
            + command()
            + ") at byte "
            + at
            + " (seq/pid masked)\n  expected "
            + HexFormat.of().formatHex(expected)
            + "\n  actual   "
            + HexFormat.of().formatHex(actual));
  }
}
