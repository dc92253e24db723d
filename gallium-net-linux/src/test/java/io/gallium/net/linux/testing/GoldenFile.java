package io.gallium.net.linux.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A golden file recorded in the real-kernel lane (golden/README.md): the command, the interface
 * indexes of the recording namespace, and the one message marked "the request".
 */
public record GoldenFile(
    String name, String command, Map<String, Integer> indexes, byte[] request) {
  public static GoldenFile load(String name) {
    String resource = "/golden/" + name + ".txt";
    try (InputStream in = GoldenFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + resource);
      }
      String command = "?";
      Map<String, Integer> indexes = new HashMap<>();
      byte[] request = null;
      boolean next = false;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("# golden:")) {
          command = line.substring("# golden:".length()).trim();
        } else if (line.startsWith("# ifindex before the command:")) {
          for (String pair : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
            String[] kv = pair.split("=");
            indexes.put(kv[0], Integer.parseInt(kv[1]));
          }
        } else if (line.startsWith("# message")) {
          next = line.endsWith(": the request");
        } else if (!line.startsWith("#") && !line.isBlank() && next) {
          request = HexFormat.of().parseHex(line.trim());
          next = false;
        }
      }
      if (request == null) {
        throw new IllegalArgumentException(resource + " has no message marked 'the request'");
      }
      return new GoldenFile(name, command, indexes, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int index(String device) {
    Integer index = indexes.get(device);
    if (index == null) {
      throw new IllegalArgumentException(name + ": no index recorded for " + device);
    }
    return index;
  }
}
