/**
 * The Linux driver of gallium-net: rtnetlink through JNA, network namespaces, link events. Only
 * {@code io.gallium.net.linux} is API; the internal packages are not exported.
 */
module io.gallium.net.linux {
  requires transitive io.gallium.net.core;
  requires com.sun.jna;
  // Flight-recorder events (NetlinkBatchEvent); free while no recording enables them.
  requires jdk.jfr;

  exports io.gallium.net.linux;

  // JNA binds the native methods of LibC by reflection.
  opens io.gallium.net.linux.internal.libc to
      com.sun.jna;
}
