package io.gallium.net.linux.lane;

import io.gallium.net.Topology;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.testing.FaultyDriver;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashRecoveryLaneTest}: applies a topology to a namespace with a driver
 * that halts the JVM just before change k, as a process killed in the middle of an apply.
 *
 * <p>Arguments: namespace name, journal directory, k, topology ({@code quick-start}, {@code grown},
 * {@code host-interface} or {@code host-interface-dual-stack}). Exit status {@value #HALTED} when
 * it halted; 0 when the plan was shorter than k.
 */
public final class HaltingApply {
  /** The exit status of a halt at change k. */
  public static final int HALTED = 77;

  private HaltingApply() {}

  public static void main(String[] args) {
    String namespace = args[0];
    Path journal = Path.of(args[1]);
    int k = Integer.parseInt(args[2]);
    Topology topology =
        switch (args[3]) {
          case "grown" -> AllOrNothingLaneTest.grown();
          case "host-interface" -> HostInterfaceLaneTest.untagged();
          case "host-interface-dual-stack" -> HostInterfaceDualStackLaneTest.dualStack();
          default -> QuickStartLaneTest.quickStart();
        };
    LinuxHost host = LinuxHost.inNamespace(namespace);
    HostNetwork.builder()
        .driver(FaultyDriver.haltingAt(host, k, HALTED))
        .journal(journal)
        .build()
        .apply(topology);
    host.close();
    System.exit(0);
  }
}
