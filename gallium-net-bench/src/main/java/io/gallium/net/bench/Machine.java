package io.gallium.net.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a run is on, for the results table: CPU, cores, kernel, JVM, and whether under
 * emulation.
 */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    boolean hypervisor = false;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name") && cpu.equals("unknown CPU")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
        }
        if (line.startsWith("flags") && line.contains(" hypervisor")) {
          hypervisor = true;
        }
      }
    } catch (IOException e) {
      // keep "unknown CPU"
    }
    String kernel = System.getProperty("os.version");
    return cpu
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores"
        + (hypervisor ? " (virtual)" : "")
        + ", Linux "
        + kernel
        + ", Java "
        + System.getProperty("java.version")
        + ", "
        + (Runtime.getRuntime().maxMemory() >> 20)
        + " MB heap max";
  }
}
