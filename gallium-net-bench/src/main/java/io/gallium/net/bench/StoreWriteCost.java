package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a whole-host apply's store writes cost: {@code Topologies.vmHost(ports)} applied to a fresh
 * in-memory host whose store is a directory on disk (the product's path: a journal directory) or in
 * memory, with two or more builds of core side by side in one JVM (each in a class loader of its
 * own), interleaved round by round and alternating which goes first, so that the machine's load
 * falls on all of them alike.
 *
 * <p>Usage: {@code StoreWriteCost [--ports N] [--rounds N] [--warmup N] [--dir D] [--stores
 * directory,memory] LABEL=CLASSPATH ...}, each classpath holding this class, the bench's {@link
 * Topologies}, gallium-net-api and one build of gallium-net-core; {@code --dir} is where the
 * directory stores go (a disk-backed file system, not tmpfs, or fsync costs nothing). Prints each
 * round's times and, per store, each build's median against the first build's.
 */
public final class StoreWriteCost {

  private StoreWriteCost() {}

  /**
   * One apply of {@code Topologies.vmHost(ports)} to a fresh host, called reflectively in each
   * build's class loader.
   *
   * @param ports the host's VM ports
   * @param dir the store's directory (made fresh, removed after), or null for a memory store
   * @return the apply's wall time in nanoseconds
   * @throws IOException if the directory cannot be made or removed
   */
  public static long applyOnce(int ports, String dir) throws IOException {
    Topology topology = Topologies.vmHost(ports);
    InMemoryHost host = Topologies.vmHostFor(ports, 0);
    Path d = dir == null ? null : Files.createTempDirectory(Path.of(dir), "store-");
    try {
      HostNetwork net =
          HostNetwork.builder()
              .driver(host)
              .store(d == null ? StateStore.inMemory() : StateStore.directory(d.resolve("j")))
              .build();
      long t0 = System.nanoTime();
      net.apply(topology);
      return System.nanoTime() - t0;
    } finally {
      if (d != null) {
        try (Stream<Path> all = Files.walk(d)) {
          all.sorted(Comparator.reverseOrder()).forEach(StoreWriteCost::remove);
        }
      }
    }
  }

  private static void remove(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the comparison.
   *
   * @param args see the class comment
   * @throws Exception if a build cannot be loaded or an apply fails
   */
  public static void main(String[] args) throws Exception {
    int ports = 4000;
    int rounds = 5;
    int warmup = 1;
    String dir = System.getProperty("java.io.tmpdir");
    String[] stores = {"directory", "memory"};
    Map<String, Method> builds = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--ports" -> ports = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--dir" -> dir = args[++i];
        case "--stores" -> stores = args[++i].split(",");
        default -> {
          String[] kv = args[i].split("=", 2);
          List<URL> urls = new ArrayList<>();
          for (String e : kv[1].split(File.pathSeparator)) {
            urls.add(Path.of(e).toUri().toURL());
          }
          ClassLoader loader =
              new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
          builds.put(
              kv[0],
              Class.forName(StoreWriteCost.class.getName(), true, loader)
                  .getMethod("applyOnce", int.class, String.class));
        }
      }
    }
    List<String> labels = new ArrayList<>(builds.keySet());
    Map<String, List<Long>> times = new LinkedHashMap<>();
    for (int r = -warmup; r < rounds; r++) {
      List<String> order = new ArrayList<>(labels);
      if (Math.floorMod(r, 2) == 1) {
        java.util.Collections.reverse(order);
      }
      StringBuilder line = new StringBuilder(r < 0 ? "warm-up" : "round " + r);
      for (String store : stores) {
        for (String label : order) {
          long ns =
              (long) builds.get(label).invoke(null, ports, store.equals("memory") ? null : dir);
          line.append(String.format("  %s/%s %d ms", store, label, ns / 1_000_000));
          if (r >= 0) {
            times.computeIfAbsent(store + "/" + label, k -> new ArrayList<>()).add(ns);
          }
        }
      }
      System.out.println(line);
    }
    for (String store : stores) {
      double base = median(times.get(store + "/" + labels.get(0)));
      for (String label : labels) {
        List<Long> t = times.get(store + "/" + label);
        System.out.printf(
            "%s/%s: median %.0f ms (%s), %.2fx %s%n",
            store,
            label,
            median(t) / 1e6,
            Arrays.toString(t.stream().mapToLong(n -> n / 1_000_000).toArray()),
            median(t) / base,
            labels.get(0));
      }
    }
  }

  private static double median(List<Long> values) {
    long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
