package io.gallium.net.linux.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A recorded request: the bytes iproute2 sent for a command (see fixtures/record.sh), cut to the
 * message's own nlmsg_len (strace shows the whole send buffer of some commands).
 */
public record Fixture(String name, String command, byte[] bytes) {
  /** Offsets of nlmsg_seq and nlmsg_pid, which differ from run to run. */
  private static final int SEQUENCE = 8;

  private static final int VOLATILE_END = 16;

  public static Fixture load(String directory, String name) {
    String resource = "/" + directory + "/" + name + ".hex";
    try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      String command = "?";
      StringBuilder hex = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("# command:")) {
          command = line.substring("# command:".length()).trim();
        } else if (!line.startsWith("#")) {
          hex.append(line.replaceAll("[^0-9a-fA-F]", ""));
        }
      }
      byte[] all = HexFormat.of().parseHex(hex.toString());
      int length = ByteBuffer.wrap(all).order(ByteOrder.nativeOrder()).getInt(0);
      byte[] message = new byte[Math.min(length, all.length)];
      System.arraycopy(all, 0, message, 0, message.length);
      return new Fixture(name, command, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes with sequence number and port id zeroed. */
  public byte[] masked() {
    return mask(bytes);
  }

  public static byte[] mask(byte[] message) {
    byte[] copy = message.clone();
    for (int i = SEQUENCE; i < VOLATILE_END && i < copy.length; i++) {
      copy[i] = 0;
    }
    return copy;
  }

  /** Hex, 16 bytes a line, for readable assertion failures. */
  public static String hex(byte[] bytes) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += 16) {
      lines.add(HexFormat.ofDelimiter(" ").formatHex(bytes, i, Math.min(bytes.length, i + 16)));
    }
    return String.join("\n", lines);
  }
}
