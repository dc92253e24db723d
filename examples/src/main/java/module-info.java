/**
 * Runnable examples of gallium-net: the quick start, an orchestrator's reconcile loop, and (in the
 * tests) how a product tests its own topologies on the in-memory host.
 */
module io.gallium.net.examples {
  requires io.gallium.net.linux;
  // The throwaway network namespaces of the sandbox, from gallium-net-linux's test-support jar.
  requires io.gallium.net.linux.testing;

  exports io.gallium.net.examples;
}
