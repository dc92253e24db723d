package io.gallium.net.linux.internal.host;

import io.gallium.net.core.spi.Errno;
import io.gallium.net.linux.KernelFeatures;
import io.gallium.net.linux.NetlinkException;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.AltName;
import io.gallium.net.linux.internal.route.CreateBond;
import io.gallium.net.linux.internal.route.CreateBridge;
import io.gallium.net.linux.internal.route.DeleteLink;
import io.gallium.net.linux.internal.route.LinkRef;
import io.gallium.net.linux.internal.route.RouteHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds out what the kernel can do by trying it in the handle's own namespace: creates a scratch
 * device with a random name, changes it, deletes it. Nothing outside that namespace is touched,
 * which is why bonding is only tried when its module is loaded already: a kernel that loads {@code
 * bonding} on demand makes a {@code bond0} in the host's own namespace.
 */
public final class FeatureProbe {
  private static final Path BONDING_MODULE = Path.of("/sys/module/bonding");

  /** Names no gallium-net device has (ours start "gb-", "gv-"), random so probes never collide. */
  private static final String SCRATCH_PREFIX = "gnf-";

  private FeatureProbe() {}

  /** Probes the kernel through {@code handle}; the scratch devices are gone when it returns. */
  public static KernelFeatures probe(RouteHandle handle) {
    String scratch = scratchName();
    boolean vlanFiltering = succeeded(handle, new CreateBridge(scratch, true, 0));
    boolean altNames;
    if (vlanFiltering || succeeded(handle, new CreateBridge(scratch, false, 0))) {
      try {
        altNames =
            succeeded(handle, new AltName(LinkRef.named(scratch), scratch + "-altname", true));
      } finally {
        handle.executeAll(List.of(new DeleteLink(LinkRef.named(scratch))));
      }
    } else {
      altNames = false;
    }
    return new KernelFeatures(bondingWorks(handle), vlanFiltering, altNames);
  }

  private static boolean bondingWorks(RouteHandle handle) {
    if (!Files.isDirectory(BONDING_MODULE)) {
      return false;
    }
    String scratch = scratchName();
    if (!succeeded(handle, new CreateBond(scratch, 0, 0))) {
      return false;
    }
    handle.executeAll(List.of(new DeleteLink(LinkRef.named(scratch))));
    return true;
  }

  /** True when the kernel did it, false when it does not support it; other refusals are thrown. */
  private static boolean succeeded(RouteHandle handle, Request request) {
    try {
      handle.executeAll(List.of(request));
      return true;
    } catch (NetlinkException e) {
      if (Errno.EOPNOTSUPP.is(e.errno())) {
        return false;
      }
      throw e;
    }
  }

  private static String scratchName() {
    return SCRATCH_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  }
}
