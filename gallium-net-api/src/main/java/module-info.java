/**
 * The gallium-net topology model: adapter groups, networks and VM ports as immutable values, and a
 * builder that validates a whole topology at once. No I/O, no Linux, no threads.
 */
module io.gallium.net {
  requires transitive io.vavr;
  requires static org.immutables.value;

  exports io.gallium.net;
  // The project-wide Immutables style and name rules, for our own modules only.
  exports io.gallium.net.internal to
      io.gallium.net.core,
      io.gallium.net.linux;
}
