package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.HostState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The state to return to, as far as the host still allows it. Only bonds, bridges and the host's
 * VLAN devices can be created or deleted; if, since the state was recorded, someone else removed an
 * adapter or a VM's port (the VM stopped) or added one, returning to the record exactly is
 * impossible, and a rollback or recovery that insisted would keep the journal forever. So such
 * devices are taken as they are now, detached from any bond or bridge the record does not have. A
 * bond or bridge that came is left out (to be deleted) only if gallium-net may have created it; one
 * someone else made meanwhile, even under a name gallium-net wanted, is taken as it is now and
 * never touched.
 */
public final class Reachable {
  private Reachable() {}

  /**
   * {@code recorded}, with ports and adapters that came or went since taken from {@code now}, and
   * bonds and bridges that came taken from {@code now} too unless {@code createdByUs} says
   * gallium-net may have created them.
   */
  public static HostState from(HostState recorded, HostState now, Predicate<String> createdByUs) {
    Map<String, Device> out = new TreeMap<>(recorded.devices());
    for (Device d : recorded.devices().values()) {
      if (now.device(d.name()).isEmpty() && !creatable(d)) {
        out.remove(d.name());
      }
    }
    for (Device d : now.devices().values()) {
      if (!out.containsKey(d.name()) && creatable(d) && !createdByUs.test(d.name())) {
        out.put(d.name(), d);
      }
    }
    for (Device d : now.devices().values()) {
      if (!out.containsKey(d.name()) && !creatable(d)) {
        boolean masterStays = d.master().map(out::containsKey).orElse(false);
        out.put(
            d.name(),
            masterStays ? d : d.toBuilder().master((String) null).vlans(List.of()).build());
      }
    }
    for (Map.Entry<String, Device> e : out.entrySet()) {
      Device d = e.getValue();
      if (d.master().isPresent() && !out.containsKey(d.master().get())) {
        e.setValue(d.toBuilder().master((String) null).vlans(List.of()).build());
      }
    }
    return HostState.of(out.values());
  }

  /**
   * Whether gallium-net creates (and deletes) devices like {@code d}: bonds, bridges, and the
   * host's VLAN devices, which a removal deletes and its rollback or recovery creates again.
   */
  private static boolean creatable(Device d) {
    return d.isBond() || d.isBridge() || DeviceNames.isHostVlan(d);
  }
}
