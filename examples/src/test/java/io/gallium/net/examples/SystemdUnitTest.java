package io.gallium.net.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example's systemd unit and module options parse as systemd and modprobe read them, order the
 * boot step where the README says, and are the files the README shows.
 */
class SystemdUnitTest {
  private static final Path DIR = Path.of("src/main/systemd");
  private static final Path UNIT = DIR.resolve("example-product-network.service");

  /** A unit file as systemd reads it: sections of keys, a key given twice keeps every value. */
  static Map<String, Map<String, List<String>>> parse(List<String> lines) {
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    Map<String, List<String>> section = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section =
            out.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      assertTrue(section != null && eq > 0, "not a unit file line: " + raw);
      section
          .computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
          .addAll(Arrays.asList(line.substring(eq + 1).strip().split("\\s+")));
    }
    return out;
  }

  @Test
  void theUnitRunsOnceBeforeTheNetworkAndTheVmsAfterTheModules() throws IOException {
    Map<String, Map<String, List<String>>> unit = parse(Files.readAllLines(UNIT));
    assertEquals(List.of("Unit", "Service", "Install"), List.copyOf(unit.keySet()));
    Map<String, List<String>> u = unit.get("Unit");
    assertTrue(
        u.get("Before").containsAll(List.of("network-pre.target", "libvirtd.service")),
        u.toString());
    assertTrue(u.get("Wants").contains("network-pre.target"), u.toString());
    assertTrue(u.get("After").contains("systemd-modules-load.service"), u.toString());
    assertFalse(
        u.get("After").contains("network-online.target"),
        "it needs no network, and must come first");
    assertFalse(u.getOrDefault("Description", List.of()).isEmpty());

    Map<String, List<String>> s = unit.get("Service");
    assertEquals(List.of("oneshot"), s.get("Type"));
    assertEquals(List.of("yes"), s.get("RemainAfterExit"));
    assertTrue(s.get("ExecStart").get(0).startsWith("/"), "ExecStart needs an absolute path");
    assertTrue(unit.get("Install").containsKey("WantedBy"));
  }

  @Test
  void bondingLoadsWithoutABondOfItsOwn() throws IOException {
    assertEquals(List.of("options bonding max_bonds=0"), content(DIR.resolve("bonding.conf")));
    assertEquals(List.of("bonding"), content(DIR.resolve("modules-load-bonding.conf")));
  }

  @Test
  void theReadmeShowsTheseFilesAsTheyAre() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    for (Path file :
        List.of(UNIT, DIR.resolve("bonding.conf"), DIR.resolve("modules-load-bonding.conf"))) {
      for (String line : content(file)) {
        assertTrue(readme.contains(line), "README lacks, from " + file + ": " + line);
      }
    }
  }

  /** The lines that are not comments or blank. */
  private static List<String> content(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }
}
