/**
 * Runnable examples of gallium-net: the quick start, an orchestrator's reconcile loop, and (in the
 * tests) how a product tests its own topologies on the in-memory host.
 */
module io.gallium.net.examples {
  requires io.gallium.net.linux;

  // ScratchNamespace comes from gallium-net-linux's test-support jar, no module: this module
  // reads it from the class path (--add-reads ...=ALL-UNNAMED in the pom).

  exports io.gallium.net.examples;
}
