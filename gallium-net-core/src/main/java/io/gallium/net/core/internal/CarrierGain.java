package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.Device;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.VlanLink;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host interfaces that a stage of a plan gives a way out: an adapter that has carrier joins the
 * bond under their bridge. Before that stage the bridge had no carrier, so whatever the host sent
 * through them was dropped, and a neighbour it tried to resolve meanwhile stays unresolved until
 * the kernel's next solicitation a second later, the host's answers waiting for it. After such a
 * stage an apply asks {@link Driver#resolveNeighboursAgain} to cut that second short.
 */
final class CarrierGain {
  private CarrierGain() {}

  /**
   * The host interfaces (of {@code desired}) above the bonds whose first adapter with carrier (in
   * {@code observed}, before the apply) joins in {@code stage}, {@code earlier} being the steps
   * done before it; empty for a stage that enslaves no adapter to a bond (a VM port's attach).
   */
  static Set<String> of(
      List<StagedPlan.Step> earlier, List<Change> stage, HostState observed, HostState desired) {
    Set<String> bridges = new TreeSet<>();
    for (Change c : stage) {
      // The bond first: a VM port's enslavement (to a bridge) costs this one lookup.
      if (c instanceof Change.SetMaster join) {
        Optional<Device> bond = desired.device(join.master()).filter(Device::isBond);
        if (bond.isPresent()
            && hasCarrier(observed, join.device())
            && !hadCarrier(join.master(), earlier, observed)) {
          bond.get().master().ifPresent(bridges::add);
        }
      }
    }
    if (bridges.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    for (Device d : desired.devices().values()) {
      Optional<String> bridge =
          d.isBridge() ? Optional.of(d.name()) : d.vlanLink().map(VlanLink::parent);
      if (bridge.filter(bridges::contains).isPresent() && Planner.isHostInterface(d)) {
        out.add(d.name());
      }
    }
    return out;
  }

  private static boolean hasCarrier(HostState observed, String device) {
    return observed.device(device).filter(Device::carrier).isPresent();
  }

  /** Whether the bond had an adapter with carrier before the stage: its bridge could send. */
  private static boolean hadCarrier(
      String bond, List<StagedPlan.Step> earlier, HostState observed) {
    for (Device d : observed.devices().values()) {
      if (d.master().equals(Optional.of(bond)) && d.carrier()) {
        return true;
      }
    }
    for (StagedPlan.Step step : earlier) {
      if (step.change() instanceof Change.SetMaster join
          && join.master().equals(bond)
          && hasCarrier(observed, join.device())) {
        return true;
      }
    }
    return false;
  }
}
