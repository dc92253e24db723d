package io.gallium.net.linux.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.BridgeSettings;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.VlanRange;
import io.gallium.net.linux.internal.Kernel;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.AltName;
import io.gallium.net.linux.internal.route.BondInfo;
import io.gallium.net.linux.internal.route.BridgeInfo;
import io.gallium.net.linux.internal.route.BridgeVlans;
import io.gallium.net.linux.internal.route.CreateBond;
import io.gallium.net.linux.internal.route.CreateBridge;
import io.gallium.net.linux.internal.route.DeleteLink;
import io.gallium.net.linux.internal.route.LinkKind;
import io.gallium.net.linux.internal.route.LinkMessage;
import io.gallium.net.linux.internal.route.LinkRef;
import io.gallium.net.linux.internal.route.SetAlias;
import io.gallium.net.linux.internal.route.SetBondMiimon;
import io.gallium.net.linux.internal.route.SetBondPrimary;
import io.gallium.net.linux.internal.route.SetBridgeVlanSettings;
import io.gallium.net.linux.internal.route.SetMaster;
import io.gallium.net.linux.internal.route.SetMtu;
import io.gallium.net.linux.internal.route.SetUp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each core Change becomes the rtnetlink request(s) iproute2 would send for it. */
class ChangeTranslatorTest {
  private static LinkMessage link(int index, String name, LinkKind kind, boolean up) {
    return new LinkMessage(
        index,
        name,
        up ? Kernel.IFF_UP : 0,
        1500,
        null,
        0,
        null,
        List.of(),
        -1,
        kind,
        null,
        kind == LinkKind.BOND ? new BondInfo(1, 0, 0, 100) : null,
        kind == LinkKind.BRIDGE ? new BridgeInfo(true, 0) : null);
  }

  private static final Map<String, LinkMessage> KNOWN =
      Map.of(
          "gb-up", link(10, "gb-up", LinkKind.BOND, true),
          "gv-up", link(11, "gv-up", LinkKind.BRIDGE, true),
          "nic0", link(3, "nic0", null, true),
          "nic1", link(4, "nic1", null, false),
          "tap0", link(20, "tap0", LinkKind.TUN, true));

  private static List<Request> translate(Change change) {
    return List.of(ChangeTranslator.translate(change, KNOWN));
  }

  @Test
  void devicesAreAddressedByNameAndMastersByIndex() {
    LinkRef nic0 = LinkRef.named("nic0");
    assertEquals(
        List.of(new CreateBond("gb-up", 9000, 100)),
        translate(new Change.CreateBond("gb-up", 9000, 100)));
    assertEquals(
        List.of(new CreateBridge("gv-up", true, 1500)),
        translate(new Change.CreateBridge("gv-up", 1500)));
    assertEquals(
        List.of(new DeleteLink(LinkRef.named("gv-up"))),
        translate(new Change.DeleteDevice("gv-up")));
    assertEquals(
        List.of(new SetMaster(LinkRef.named("tap0"), 11)),
        translate(new Change.SetMaster("tap0", "gv-up")));
    assertEquals(List.of(new SetMaster(nic0, 0)), translate(new Change.ReleaseMaster("nic0")));
    assertEquals(List.of(new SetUp(nic0, true)), translate(new Change.SetUp("nic0", true)));
    assertEquals(List.of(new SetMtu(nic0, 9000)), translate(new Change.SetMtu("nic0", 9000)));
    assertEquals(
        List.of(new SetAlias(nic0, "tag")),
        translate(new Change.SetAlias("nic0", Optional.of("tag"))));
    assertEquals(
        List.of(new SetAlias(nic0, "")), translate(new Change.SetAlias("nic0", Optional.empty())));
    assertEquals(
        List.of(new AltName(nic0, "uplink", true)),
        translate(new Change.AddAltName("nic0", "uplink")));
    assertEquals(
        List.of(new AltName(nic0, "uplink", false)),
        translate(new Change.RemoveAltName("nic0", "uplink")));
    assertEquals(
        List.of(new SetBondPrimary(LinkRef.named("gb-up"), 3)),
        translate(new Change.SetBondPrimary("gb-up", Optional.of("nic0"))));
    assertEquals(
        List.of(new SetBondPrimary(LinkRef.named("gb-up"), 0)),
        translate(new Change.SetBondPrimary("gb-up", Optional.empty())));
    assertEquals(
        List.of(new SetBondMiimon(LinkRef.named("gb-up"), 100)),
        translate(new Change.SetBondMiimon("gb-up", 100)));
    assertEquals(
        List.of(new SetBridgeVlanSettings(LinkRef.named("gv-up"), false, 7)),
        translate(new Change.SetBridgeSettings("gv-up", new BridgeSettings(false, 7))));
  }

  @Test
  void vlansGoToThePortByIndexAllRangesInOneRequest() {
    List<Request> requests =
        translate(new Change.AddPortVlans("tap0", List.of(VlanRange.access(100))));
    assertEquals(
        List.of(
            new BridgeVlans(
                LinkRef.indexed("tap0", 20),
                true,
                BridgeVlans.Scope.PORT,
                List.of(new VlanRange(100, 100, true, true)))),
        requests);
    List<Request> removal =
        translate(
            new Change.RemovePortVlans(
                "gb-up", List.of(VlanRange.tagged(2, 99), VlanRange.tagged(101, 4094))));
    assertEquals(1, removal.size());
    assertEquals(2, ((BridgeVlans) removal.get(0)).ranges().size());
  }

  /**
   * The planner takes an adapter down before a bond enslaves it (its DOWN stage, and the undo of a
   * release); InMemoryHost refuses an adapter that is up, as kernel 6.1 does. The driver adds no
   * step of its own, so a change is one request and a refused one needs no undo.
   */
  @Test
  void enslavingAnAdapterThatIsUpToABondIsOneRequest() {
    assertEquals(
        List.of(new SetMaster(LinkRef.named("nic0"), 10)),
        translate(new Change.SetMaster("nic0", "gb-up")));
    assertEquals(
        List.of(new SetMaster(LinkRef.named("nic1"), 10)),
        translate(new Change.SetMaster("nic1", "gb-up")));
  }

  @Test
  void aMissingMasterOrPortIsReportedByName() {
    ChangeTranslator.UnknownDeviceException e =
        assertThrows(
            ChangeTranslator.UnknownDeviceException.class,
            () -> translate(new Change.SetMaster("nic0", "gv-none")));
    assertEquals("gv-none", e.name());
    assertTrue(e.getMessage().contains("gv-none"));
    assertThrows(
        ChangeTranslator.UnknownDeviceException.class,
        () -> translate(new Change.AddPortVlans("tap9", List.of(VlanRange.access(5)))));
  }

  @Test
  void indexesAreNeededForMastersPrimariesAndVlanPorts() {
    assertEquals(
        Set.of("gb-up", "nic0", "tap0", "gv-up"),
        ChangeTranslator.namesNeedingIndex(
            List.of(
                new Change.SetMaster("nic0", "gb-up"),
                new Change.SetBondPrimary("gb-up", Optional.of("nic0")),
                new Change.AddPortVlans("tap0", List.of(VlanRange.access(5))),
                new Change.RemovePortVlans("gv-up", List.of(VlanRange.tagged(2, 3))),
                new Change.SetUp("nic1", true))));
  }
}
