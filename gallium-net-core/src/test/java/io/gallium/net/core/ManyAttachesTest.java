package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.Topology;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 64 VMs start at once on a host of 4 groups × 1 000 networks × 1 000 ports: every attach succeeds
 * (each waits its turn instead of finding the host busy) and none loses another's port. How long
 * they take is the benchmarks' business.
 */
class ManyAttachesTest {

  private static final int GROUPS = 4;
  private static final int NETWORKS = 1000;
  private static final int THREADS = 64;

  private static String group(int g) {
    return "g" + g;
  }

  private static String network(int g, int i) {
    return "g" + g + "-n" + i;
  }

  /** Four groups of two adapters, 1 000 networks each (untagged and VLANs 2..1000), a port each. */
  static Topology bigHost() {
    Topology.Builder b = Topology.builder();
    for (int g = 0; g < GROUPS; g++) {
      b.adapterGroup(group(g), "eth" + 2 * g, "eth" + (2 * g + 1));
      for (int i = 0; i < NETWORKS; i++) {
        if (i == 0) {
          b.untaggedNetwork(network(g, i), group(g));
        } else {
          b.vlanNetwork(network(g, i), group(g), i + 1);
        }
        b.vmPort("p" + g + "-" + i, network(g, i));
      }
    }
    return b.build();
  }

  @Test
  void sixtyFourThreadsAttachingSixtyFourPortsAtOnceAllSucceed() throws Exception {
    List<String> adapters = new ArrayList<>();
    for (int a = 0; a < 2 * GROUPS; a++) {
      adapters.add("eth" + a);
    }
    InMemoryHost host = InMemoryHost.withAdapters(adapters.toArray(String[]::new));
    Topology big = bigHost();
    big.vmPorts().forEach(p -> host.addPort(p.name()));
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < THREADS; i++) {
      String port = "vm-" + i;
      host.addPort(port);
      wanted.put(port, network(i % GROUPS, (i * 37) % NETWORKS));
    }
    HostNetwork net = HostNetwork.of(host);
    net.apply(big); // the host, built in one apply

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ApplyResult>> results = new ArrayList<>();
      wanted.forEach(
          (port, network) ->
              results.add(
                  pool.submit(
                      () -> {
                        start.await();
                        return net.attach(port, network);
                      })));
      start.countDown();
      for (Future<ApplyResult> r : results) {
        assertTrue(r.get(5, TimeUnit.MINUTES).changed(), "each attach attached its port");
      }
    } finally {
      pool.shutdownNow();
    }

    Topology.Builder expected = big.toBuilder();
    wanted.forEach(expected::vmPort);
    assertEquals(expected.build(), net.observe(), "all 64 attached, none lost, nothing else moved");
  }
}
