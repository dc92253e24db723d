package io.gallium.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.TopologyError.Code;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trunks: VM ports that carry several networks of one group, each rule with its message. */
class TrunkPortTest {

  /** Two groups: uplink (mgmt untagged, prod 100, dev 200) and storage (san 300). */
  private static Topology.Builder twoGroups() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .adapterGroup("storage", "eth2")
        .untaggedNetwork("mgmt", "uplink")
        .vlanNetwork("prod", "uplink", 100)
        .vlanNetwork("dev", "uplink", 200)
        .vlanNetwork("san", "storage", 300);
  }

  private static TopologyError onlyError(Topology.Builder builder) {
    InvalidTopologyException e = assertThrows(InvalidTopologyException.class, builder::build);
    assertEquals(e.errors(), builder.validate().getError().asJava());
    assertEquals(1, e.errors().size(), () -> "expected one error, got " + e.errors());
    return e.errors().get(0);
  }

  @Test
  void aTrunkCarriesItsNativeNetworkUntaggedAndTheOthersTagged() {
    Topology t = twoGroups().trunkPort("tap-r1", "mgmt", "prod", "dev").build();
    VmPort r1 = t.vmPort("tap-r1").orElseThrow();
    assertTrue(r1.isTrunk());
    assertEquals(List.of("dev", "mgmt", "prod"), r1.networks());
    assertEquals(Optional.of("mgmt"), r1.nativeNetwork());
    assertEquals(List.of("dev", "prod"), r1.taggedNetworks());
    assertEquals(List.of(r1), t.vmPortsOf("prod"));
    assertEquals(List.of(r1), t.vmPortsOf("mgmt"));
    assertEquals(List.of(), t.vmPortsOf("san"));
  }

  @Test
  void aVlanNetworkMayBeTheNativeNetwork() {
    VmPort r1 =
        twoGroups().trunkPort("tap-r1", "prod", "dev").build().vmPort("tap-r1").orElseThrow();
    assertEquals(Optional.of("prod"), r1.nativeNetwork());
    assertEquals(List.of("dev"), r1.taggedNetworks());
  }

  @Test
  void aTaggedTrunkHasNoNativeNetwork() {
    VmPort r2 =
        twoGroups().taggedTrunkPort("tap-r2", "prod").build().vmPort("tap-r2").orElseThrow();
    assertTrue(r2.isTrunk());
    assertEquals(Optional.empty(), r2.nativeNetwork());
    assertEquals(List.of("prod"), r2.taggedNetworks());
  }

  @Test
  void aTrunkWithoutTaggedNetworksIsAnAccessPort() {
    assertEquals(
        twoGroups().vmPort("tap-vm1", "prod").build(),
        twoGroups().trunkPort("tap-vm1", "prod").build());
    VmPort access = twoGroups().vmPort("tap-vm1", "prod").build().vmPort("tap-vm1").orElseThrow();
    assertFalse(access.isTrunk());
    assertEquals("prod", access.network());
    assertEquals(Optional.of("prod"), access.nativeNetwork());
    assertEquals(List.of(), access.taggedNetworks());
  }

  @Test
  void aTrunkHasNoOneNetworkAndSaysWhereToLook() {
    VmPort r1 =
        twoGroups().trunkPort("tap-r1", "mgmt", "prod").build().vmPort("tap-r1").orElseThrow();
    IllegalStateException e = assertThrows(IllegalStateException.class, r1::network);
    assertEquals(
        "VM port tap-r1 is a trunk carrying networks [mgmt, prod] (native mgmt), not one network;"
            + " read networks() and nativeNetwork()",
        e.getMessage());
  }

  @Test
  void trunksSurviveToBuilderAndDeclarationOrder() {
    Topology t =
        twoGroups()
            .trunkPort("tap-r1", "mgmt", "prod", "dev")
            .taggedTrunkPort("tap-r2", "dev", "prod")
            .vmPort("tap-vm1", "san")
            .build();
    assertEquals(t, t.toBuilder().build());
    assertEquals(
        t,
        twoGroups()
            .vmPort("tap-vm1", "san")
            .taggedTrunkPort("tap-r2", "prod", "dev")
            .trunkPort("tap-r1", "mgmt", "dev", "prod")
            .build());
    assertEquals(
        t, t.toBuilder().removeVmPort("tap-r1").trunkPort("tap-r1", "mgmt", "dev", "prod").build());
  }

  @Test
  void networksOfDifferentGroupsNameEachGroupAndItsNetworks() {
    TopologyError e = onlyError(twoGroups().trunkPort("tap-r1", "prod", "dev", "san"));
    assertEquals(Code.TRUNK_ACROSS_GROUPS, e.code());
    assertEquals("tap-r1", e.subject());
    assertEquals(
        "VM port 'tap-r1': its networks are on different adapter groups ('san' on adapter group"
            + " 'storage'; 'dev' and 'prod' on adapter group 'uplink'); a trunk carries networks"
            + " of one adapter group, whose bridge it is a port of",
        e.message());
  }

  @Test
  void theUntaggedNetworkBesideAnotherNativeIsTwoUntagged() {
    TopologyError e = onlyError(twoGroups().trunkPort("tap-r1", "prod", "mgmt"));
    assertEquals(Code.UNTAGGED_NETWORK_NOT_NATIVE, e.code());
    assertEquals("tap-r1", e.subject());
    assertEquals(
        "VM port 'tap-r1': network 'mgmt' is the untagged network of adapter group 'uplink',"
            + " which a port carries only untagged, and the trunk's native network 'prod' crosses"
            + " it untagged already; a port carries at most one network untagged: make 'mgmt' the"
            + " native network, or leave it out",
        e.message());
  }

  @Test
  void theUntaggedNetworkOnATaggedTrunkMustBeItsNative() {
    TopologyError e = onlyError(twoGroups().taggedTrunkPort("tap-r2", "prod", "mgmt"));
    assertEquals(Code.UNTAGGED_NETWORK_NOT_NATIVE, e.code());
    assertEquals(
        "VM port 'tap-r2': network 'mgmt' is the untagged network of adapter group 'uplink',"
            + " which a port carries only untagged; make it the trunk's native network"
            + " (trunkPort), or leave it out",
        e.message());
  }

  @Test
  void anUnknownNetworkOfATrunkIsNamed() {
    TopologyError e = onlyError(twoGroups().trunkPort("tap-r1", "mgmt", "prod", "web"));
    assertEquals(Code.UNKNOWN_NETWORK, e.code());
    assertEquals("tap-r1", e.subject());
    assertEquals(
        "VM port 'tap-r1': network 'web' does not exist; create the network first"
            + " (networks: 'dev', 'mgmt', 'prod', 'san')",
        e.message());
  }

  @Test
  void anUnknownNativeNetworkIsNamedToo() {
    TopologyError e = onlyError(twoGroups().trunkPort("tap-r1", "web", "prod"));
    assertEquals(Code.UNKNOWN_NETWORK, e.code());
    assertTrue(e.message().startsWith("VM port 'tap-r1': network 'web' does not exist"));
  }

  @Test
  void aNetworkNamedTwiceOnATrunk() {
    TopologyError e = onlyError(twoGroups().taggedTrunkPort("tap-r2", "prod", "dev", "prod"));
    assertEquals(Code.NETWORK_REPEATED_ON_PORT, e.code());
    assertEquals("tap-r2", e.subject());
    assertEquals(
        "VM port 'tap-r2': network 'prod' is named 2 times; name each network of a trunk once",
        e.message());
  }

  @Test
  void theNativeNetworkNamedAsTaggedToo() {
    TopologyError e = onlyError(twoGroups().trunkPort("tap-r1", "prod", "dev", "prod"));
    assertEquals(Code.NETWORK_REPEATED_ON_PORT, e.code());
    assertEquals(
        "VM port 'tap-r1': network 'prod' is named as native network and as tagged network; a"
            + " trunk carries each network once, either untagged (native) or tagged",
        e.message());
  }

  @Test
  void aTrunkNamedTwiceOrLikeAnAccessPortIsADuplicate() {
    TopologyError e =
        onlyError(twoGroups().vmPort("tap-r1", "prod").trunkPort("tap-r1", "mgmt", "dev"));
    assertEquals(Code.DUPLICATE_NAME, e.code());
    assertEquals("tap-r1", e.subject());
  }

  @Test
  void everyTrunkErrorIsReportedAtOnce() {
    InvalidTopologyException e =
        assertThrows(
            InvalidTopologyException.class,
            () ->
                twoGroups()
                    .trunkPort("tap-r1", "prod", "mgmt", "san", "web", "dev", "dev")
                    .vmPort("eth0", "prod")
                    .build());
    assertEquals(
        List.of(
            Code.UNKNOWN_NETWORK,
            Code.PORT_IS_ADAPTER,
            Code.NETWORK_REPEATED_ON_PORT,
            Code.TRUNK_ACROSS_GROUPS,
            Code.UNTAGGED_NETWORK_NOT_NATIVE),
        e.errors().stream().map(TopologyError::code).toList());
  }

  @Test
  void nullArgumentsFailWhereTheyAreGiven() {
    Topology.Builder b = twoGroups();
    assertEquals(
        "nativeNetwork",
        assertThrows(NullPointerException.class, () -> b.trunkPort("tap0", null, "prod"))
            .getMessage());
    assertEquals(
        "taggedNetworks[1]",
        assertThrows(NullPointerException.class, () -> b.trunkPort("tap0", "mgmt", "prod", null))
            .getMessage());
    assertEquals(
        "moreTaggedNetworks[0]",
        assertThrows(
                NullPointerException.class, () -> b.taggedTrunkPort("tap0", "prod", (String) null))
            .getMessage());
  }
}
