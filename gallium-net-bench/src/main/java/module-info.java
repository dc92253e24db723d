/**
 * gallium-net benchmarks: JMH on the apply hot path (plan, encode, decode, apply in memory and in a
 * network namespace) and {@code io.gallium.net.bench.PeerComparison}, the same work done by
 * gallium-net and by iproute2 / the classic layout, side by side in one run. Not a library: it is
 * shipped as a shaded jar ({@code benchmarks.jar}) that runs on the class path.
 */
module io.gallium.net.bench {
  requires io.gallium.net.linux;
  // ScratchNamespace comes from gallium-net-linux's test-support jar, no module: this module
  // reads it from the class path (--add-reads ...=ALL-UNNAMED in the pom).
  requires jmh.core;
  requires java.logging;
  requires java.management;

  exports io.gallium.net.bench;
}
