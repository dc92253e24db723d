package io.gallium.net.bench;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.linux.LinuxHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the time of applying and removing a group goes, in a namespace of its own (root; needs
 * bonding and VLAN filtering, so the VM lane here): each observe and each stage the transaction
 * hands the driver is timed, the rest of {@code apply} (layout, plan, journal) is what is left.
 * Usage: {@code java -cp benchmarks.jar io.gallium.net.bench.LayoutBreakdown [networks] [repeats]}.
 */
public final class LayoutBreakdown {
  private LayoutBreakdown() {}

  /** Runs it and prints one line per apply. */
  public static void main(String[] args) {
    int networks = args.length > 0 ? Integer.parseInt(args[0]) : Topologies.MAX_NETWORKS;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.println("machine: " + Machine.describe());
    for (int r = 0; r < repeats; r++) {
      try (Lab lab = Lab.open()) {
        lab.vethPairs("eth", "peer", 2);
        try (LinuxHost host = lab.host()) {
          Timed driver = new Timed(host);
          HostNetwork net =
              HostNetwork.builder()
                  .driver(driver)
                  .journal(Files.createTempDirectory("gnb"))
                  .build();
          report("create " + networks, driver, () -> net.apply(Topologies.networksOnly(networks)));
          report("remove " + networks, driver, () -> net.apply(Topology.empty()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void report(String what, Timed driver, Runnable work) {
    driver.calls.clear();
    long start = System.nanoTime();
    work.run();
    long total = System.nanoTime() - start;
    long inDriver = driver.calls.stream().mapToLong(Call::nanos).sum();
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f ms = driver %.1f ms [%s] + library %.1f ms%n",
        what,
        total / 1e6,
        inDriver / 1e6,
        driver.calls.stream().map(Call::toString).collect(Collectors.joining(", ")),
        (total - inDriver) / 1e6);
  }

  private record Call(String what, long nanos) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %.1f", what, nanos / 1e6);
    }
  }

  /** A driver that times every call it passes on. */
  private static final class Timed implements Driver {
    private final Driver inner;
    private final List<Call> calls = new ArrayList<>();

    Timed(Driver inner) {
      this.inner = inner;
    }

    @Override
    public HostState observe() {
      long start = System.nanoTime();
      HostState s = inner.observe();
      calls.add(new Call("observe", System.nanoTime() - start));
      return s;
    }

    @Override
    public List<ChangeOutcome> execute(List<Change> changes) {
      long start = System.nanoTime();
      List<ChangeOutcome> out = inner.execute(changes);
      String kinds =
          changes.stream()
              .map(c -> c.getClass().getSimpleName())
              .distinct()
              .collect(Collectors.joining("/"));
      calls.add(new Call(changes.size() + "x" + kinds, System.nanoTime() - start));
      return out;
    }

    @Override
    public StateStore defaultStore() {
      return inner.defaultStore();
    }
  }
}
