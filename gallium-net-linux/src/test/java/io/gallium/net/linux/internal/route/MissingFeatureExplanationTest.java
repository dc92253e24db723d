package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.spi.Errno;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which refusals of a new bond or bridge mean a missing kernel feature, and which do not. */
class MissingFeatureExplanationTest {

  @Test
  void aBondRefusedAsUnsupportedMeansNoBondingDriver() {
    CreateBond bond = new CreateBond("gb-uplink", 0, 100);
    assertEquals(
        Optional.of(CreateBond.NO_BONDING),
        bond.explain(Errno.EOPNOTSUPP.number(), "Unknown device type"));
    assertEquals(
        Optional.empty(),
        bond.explain(Errno.EEXIST.number(), null),
        "a name taken is no missing driver");
  }

  @Test
  void aBridgeRefusedAsUnsupportedMeansNoBridgeDriverOrNoVlanFiltering() {
    CreateBridge vlanAware = new CreateBridge("gv-uplink", true, 0);
    assertEquals(
        Optional.of(CreateBridge.NO_BRIDGE),
        vlanAware.explain(Errno.EOPNOTSUPP.number(), "Unknown device type"));
    assertEquals(
        Optional.of(CreateBridge.NO_VLAN_FILTERING),
        vlanAware.explain(Errno.EOPNOTSUPP.number(), null));
    assertEquals(
        Optional.empty(),
        new CreateBridge("gv-uplink", false, 0).explain(Errno.EOPNOTSUPP.number(), null));
    assertEquals(Optional.empty(), vlanAware.explain(Errno.EPERM.number(), null));
  }
}
