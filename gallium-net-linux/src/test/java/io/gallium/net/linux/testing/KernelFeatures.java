package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assumptions.abort;

import io.gallium.net.linux.NetlinkException;
import io.gallium.net.linux.internal.route.CreateBond;
import io.gallium.net.linux.internal.route.CreateBridge;
import io.gallium.net.linux.internal.route.DeleteLink;
import io.gallium.net.linux.internal.route.LinkRef;
import io.gallium.net.linux.internal.route.RouteHandle;
import java.util.List;

/**
 * Probes the running kernel, inside the test's own namespace, for what some tests need; skips the
 * test with the reason printed when a feature is missing (it then runs in the VM lane).
 */
public final class KernelFeatures {
  private KernelFeatures() {}

  public static void assumeBonding(RouteHandle handle) {
    probe(handle, new CreateBond("gnt-probe", 0, 100), "bonding (kind \"bond\")");
  }

  public static void assumeVlanFiltering(RouteHandle handle) {
    probe(
        handle,
        new CreateBridge("gnt-probe", true, 0),
        "bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)");
  }

  private static void probe(
      RouteHandle handle, io.gallium.net.linux.internal.netlink.Request create, String feature) {
    try {
      handle.executeAll(List.of(create));
    } catch (NetlinkException e) {
      System.out.println("SKIPPED: this kernel lacks " + feature + ": " + e.getMessage());
      abort(
          "this kernel lacks "
              + feature
              + " ("
              + e.getMessage()
              + "); the test runs in the real-kernel VM lane");
    }
    handle.executeAll(List.of(new DeleteLink(LinkRef.named("gnt-probe"))));
  }
}
