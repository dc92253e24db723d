package io.gallium.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.TopologyError.Code;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopologyBuilderTest {

  private static Topology.Builder quickStart() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .vlanNetwork("prod", "uplink", 100)
        .untaggedNetwork("mgmt", "uplink")
        .vmPort("tap-vm1", "prod");
  }

  private static List<TopologyError> errorsOf(Topology.Builder builder) {
    InvalidTopologyException e = assertThrows(InvalidTopologyException.class, builder::build);
    assertFalse(e.errors().isEmpty());
    assertEquals(e.errors(), builder.validate().getError().asJava());
    return e.errors();
  }

  private static TopologyError onlyError(Topology.Builder builder) {
    List<TopologyError> errors = errorsOf(builder);
    assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
    return errors.get(0);
  }

  @Test
  void quickStartBuildsWithEveryPartReachable() {
    Topology t = quickStart().build();
    AdapterGroup uplink = t.adapterGroup("uplink").orElseThrow();
    assertEquals(List.of("eth0", "eth1"), uplink.adapters());
    assertEquals("eth0", uplink.active());
    assertEquals(Optional.of("eth1"), uplink.standby());
    assertEquals(Optional.of(VlanId.of(100)), t.network("prod").orElseThrow().vlanId());
    assertTrue(t.network("mgmt").orElseThrow().isUntagged());
    assertEquals("prod", t.vmPort("tap-vm1").orElseThrow().network());
    assertEquals(
        List.of("mgmt", "prod"),
        t.networks().stream().map(Network::name).collect(Collectors.toList()));
    assertEquals(t.networks(), t.networksOf("uplink"));
    assertEquals(t.vmPorts(), t.vmPortsOf("prod"));
    assertEquals(List.of(), t.vmPortsOf("mgmt"));
    assertEquals(Optional.empty(), t.network("nope"));
    assertTrue(quickStart().validate().isValid());
  }

  @Test
  void oneAdapterGroupHasNoStandby() {
    Topology t = Topology.builder().adapterGroup("g", "eth0").build();
    assertEquals(Optional.empty(), t.adapterGroup("g").orElseThrow().standby());
  }

  @Test
  void declarationOrderDoesNotMatter() {
    Topology reversed =
        Topology.builder()
            .vmPort("tap-vm1", "prod")
            .untaggedNetwork("mgmt", "uplink")
            .vlanNetwork("prod", "uplink", 100)
            .adapterGroup("uplink", "eth0", "eth1")
            .build();
    assertEquals(quickStart().build(), reversed);
    assertEquals(quickStart().build().hashCode(), reversed.hashCode());
  }

  @Test
  void listsAreImmutable() {
    Topology t = quickStart().build();
    assertThrows(UnsupportedOperationException.class, () -> t.networks().clear());
    assertThrows(
        UnsupportedOperationException.class, () -> t.adapterGroups().get(0).adapters().clear());
  }

  @Test
  void toBuilderEditsACopy() {
    Topology original = quickStart().build();
    Topology edited =
        original.toBuilder()
            .removeVmPort("tap-vm1")
            .removeNetwork("prod")
            .vlanNetwork("prod", "uplink", 200)
            .build();
    assertEquals(Optional.of(VlanId.of(200)), edited.network("prod").orElseThrow().vlanId());
    assertEquals(List.of(), edited.vmPorts());
    assertEquals(Optional.of(VlanId.of(100)), original.network("prod").orElseThrow().vlanId());
    assertEquals(original, original.toBuilder().build());
    assertEquals(Topology.empty(), Topology.builder().build());
  }

  @Test
  void removingAGroupLeavesItsNetworksDangling() {
    TopologyError e = onlyError(quickStart().removeAdapterGroup("uplink").removeNetwork("mgmt"));
    assertEquals(Code.UNKNOWN_ADAPTER_GROUP, e.code());
    assertEquals("prod", e.subject());
  }

  @Test
  void groupWithoutAdapters() {
    TopologyError e = onlyError(Topology.builder().adapterGroup("uplink"));
    assertEquals(Code.NO_ADAPTERS, e.code());
    assertEquals("uplink", e.subject());
    assertEquals(
        "adapter group 'uplink': has no adapter; give one adapter, or two (active, then standby)",
        e.message());
  }

  @Test
  void groupWithThreeAdapters() {
    TopologyError e = onlyError(Topology.builder().adapterGroup("uplink", "eth0", "eth1", "eth2"));
    assertEquals(Code.TOO_MANY_ADAPTERS, e.code());
    assertEquals(
        "adapter group 'uplink': has 3 adapters 'eth0', 'eth1', 'eth2'; a group has one"
            + " adapter, or two (active, then standby)",
        e.message());
  }

  @Test
  void adapterRepeatedInAGroup() {
    TopologyError e = onlyError(Topology.builder().adapterGroup("uplink", "eth0", "eth0"));
    assertEquals(Code.ADAPTER_REPEATED, e.code());
    assertEquals("eth0", e.subject());
    assertTrue(e.message().startsWith("adapter group 'uplink': adapter 'eth0' is named twice"));
  }

  @Test
  void adapterInTwoGroupsNamesBoth() {
    TopologyError e =
        onlyError(Topology.builder().adapterGroup("b", "eth1", "eth0").adapterGroup("a", "eth0"));
    assertEquals(Code.ADAPTER_IN_SEVERAL_GROUPS, e.code());
    assertEquals("eth0", e.subject());
    assertEquals(
        "adapter 'eth0' is in adapter groups 'a' and 'b'; an adapter belongs to at most one"
            + " group",
        e.message());
  }

  @Test
  void networkOnAMissingGroupSaysToCreateTheGroupFirst() {
    TopologyError e =
        onlyError(
            Topology.builder().adapterGroup("uplink", "eth0").vlanNetwork("prod", "uplnk", 100));
    assertEquals(Code.UNKNOWN_ADAPTER_GROUP, e.code());
    assertEquals(
        "network 'prod': adapter group 'uplnk' does not exist; create the adapter group"
            + " first (adapter groups: 'uplink')",
        e.message());
  }

  @Test
  void portOnAMissingNetwork() {
    TopologyError e = onlyError(quickStart().vmPort("tap-vm2", "dev"));
    assertEquals(Code.UNKNOWN_NETWORK, e.code());
    assertEquals("tap-vm2", e.subject());
    assertEquals(
        "VM port 'tap-vm2': network 'dev' does not exist; create the network first"
            + " (networks: 'mgmt', 'prod')",
        e.message());
  }

  @Test
  void vlanIdsOutOfRangeSayWhy() {
    List<TopologyError> errors =
        errorsOf(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .vlanNetwork("n0", "uplink", 0)
                .vlanNetwork("n1", "uplink", 1)
                .vlanNetwork("n4095", "uplink", 4095)
                .vlanNetwork("n4096", "uplink", 4096)
                .vlanNetwork("neg", "uplink", -5)
                .vlanNetwork("n2", "uplink", 2)
                .vlanNetwork("n4094", "uplink", 4094));
    assertEquals(
        List.of("n0", "n1", "n4095", "n4096", "neg"),
        errors.stream().map(TopologyError::subject).collect(Collectors.toList()));
    assertTrue(errors.stream().allMatch(e -> e.code() == Code.VLAN_ID_OUT_OF_RANGE));
    assertTrue(errors.get(0).message().contains("priority tag"), errors.get(0).message());
    assertTrue(errors.get(1).message().contains("native VLAN"), errors.get(1).message());
    assertEquals(
        "network 'n4095': VLAN ID 4095 is reserved by 802.1q; use 2..4094",
        errors.get(2).message());
    assertTrue(errors.get(3).message().endsWith("; use 2..4094"));
  }

  @Test
  void secondUntaggedNetworkNamesBoth() {
    TopologyError e = onlyError(quickStart().untaggedNetwork("admin", "uplink"));
    assertEquals(Code.SECOND_UNTAGGED_NETWORK, e.code());
    assertEquals("mgmt", e.subject());
    assertEquals(
        "network 'mgmt': adapter group 'uplink' already carries untagged network 'admin';"
            + " a group has at most one untagged network",
        e.message());
  }

  @Test
  void untaggedNetworksOfDifferentGroupsAreFine() {
    assertTrue(
        quickStart()
            .adapterGroup("storage", "eth2")
            .untaggedNetwork("san", "storage")
            .validate()
            .isValid());
  }

  @Test
  void duplicateVlanIdInOneGroupNamesBoth() {
    TopologyError e = onlyError(quickStart().vlanNetwork("dev", "uplink", 100));
    assertEquals(Code.DUPLICATE_VLAN_ID, e.code());
    assertEquals("prod", e.subject());
    assertEquals(
        "network 'prod': VLAN ID 100 is already used by network 'dev' on adapter group"
            + " 'uplink'; networks of one group need distinct VLAN IDs",
        e.message());
  }

  @Test
  void sameVlanIdOnTwoGroupsIsFine() {
    assertTrue(
        quickStart()
            .adapterGroup("storage", "eth2")
            .vlanNetwork("san", "storage", 100)
            .validate()
            .isValid());
  }

  @Test
  void duplicateNamesPerKind() {
    List<TopologyError> errors =
        errorsOf(
            quickStart()
                .adapterGroup("uplink", "eth2")
                .vlanNetwork("prod", "uplink", 101)
                .vmPort("tap-vm1", "mgmt"));
    assertEquals(
        List.of(Code.DUPLICATE_NAME, Code.DUPLICATE_NAME, Code.DUPLICATE_NAME),
        errors.stream().map(TopologyError::code).collect(Collectors.toList()));
    assertEquals(
        List.of("prod", "tap-vm1", "uplink"),
        errors.stream().map(TopologyError::subject).collect(Collectors.toList()));
    assertTrue(errors.get(2).message().startsWith("adapter group 'uplink' is declared 2 times"));
  }

  @Test
  void aGroupAndANetworkMayShareAName() {
    assertTrue(
        Topology.builder().adapterGroup("x", "eth0").vlanNetwork("x", "x", 5).validate().isValid());
  }

  @Test
  void invalidNames() {
    List<TopologyError> errors =
        errorsOf(
            Topology.builder()
                .adapterGroup("-uplink", "eth0", "eth:1")
                .vlanNetwork("has space", "-uplink", 100)
                .vmPort("tap-with-a-long-name", "has space"));
    assertTrue(errors.stream().allMatch(e -> e.code() == Code.INVALID_NAME), errors::toString);
    assertEquals(
        List.of("-uplink", "eth:1", "has space", "tap-with-a-long-name"),
        errors.stream().map(TopologyError::subject).collect(Collectors.toList()));
    assertEquals(
        "adapter group '-uplink': invalid name; use 1..64 characters of A-Z a-z 0-9 '.'"
            + " '_' '-', starting with a letter or digit",
        errors.get(0).message());
    assertTrue(errors.get(3).message().contains("1..15 bytes"), errors.get(3).message());
  }

  @Test
  void interfaceNameRules() {
    for (String bad :
        List.of("", ".", "..", "a/b", "a:b", "a b", "a\tb", "abcdefghijklmnop", "ééééééééé")) {
      TopologyError e = onlyError(Topology.builder().adapterGroup("g", bad));
      assertEquals(Code.INVALID_NAME, e.code(), bad);
    }
    for (String good : List.of("eth0", "abcdefghijklmno", "enp0s31f6", "a.b", "...", "é")) {
      assertTrue(Topology.builder().adapterGroup("g", good).validate().isValid(), good);
    }
  }

  @Test
  void interfaceNamesTheKernelWouldRefuseOrThatCannotBeWrittenAreInvalid() {
    // 'à' is C3 A0 in UTF-8, and the kernel's isspace() takes byte 0xA0 (Latin-1 NBSP) for a space;
    // an unpaired surrogate has no UTF-8 form at all (it would be sent as '?').
    for (String bad : List.of("eth\u00a0", "tap-à", "a\ud800", "\udc00b")) {
      TopologyError e = onlyError(Topology.builder().adapterGroup("g", bad));
      assertEquals(Code.INVALID_NAME, e.code(), bad);
      assertTrue(e.message().contains("the kernel counts byte 0xA0"), e.message());
    }
  }

  @Test
  void entityNameRules() {
    String longest = "a".repeat(64);
    assertTrue(Topology.builder().adapterGroup(longest, "eth0").validate().isValid());
    for (String bad : List.of("", "a".repeat(65), "_x", ".x", "x/y", "x y", "ü")) {
      assertEquals(
          Code.INVALID_NAME, onlyError(Topology.builder().adapterGroup(bad, "eth0")).code(), bad);
    }
  }

  @Test
  void controlCharactersAreEscapedInMessages() {
    TopologyError e = onlyError(Topology.builder().adapterGroup("g\n", "eth0"));
    assertEquals(
        "adapter group 'g\\u000a': invalid name; " + io.gallium.net.internal.Names.ENTITY_NAME_RULE,
        e.message());
  }

  @Test
  void portNamedLikeAnAdapter() {
    TopologyError e = onlyError(quickStart().vmPort("eth1", "prod"));
    assertEquals(Code.PORT_IS_ADAPTER, e.code());
    assertEquals(
        "VM port 'eth1': 'eth1' is an adapter of adapter group 'uplink'; a VM port is a VM's"
            + " own device, never a physical adapter",
        e.message());
  }

  @Test
  void everyErrorIsReportedAtOnceInTheExceptionMessage() {
    InvalidTopologyException e =
        assertThrows(
            InvalidTopologyException.class,
            () ->
                Topology.builder()
                    .adapterGroup("uplink")
                    .vlanNetwork("prod", "uplink", 4095)
                    .vmPort("tap0", "dev")
                    .build());
    assertEquals(3, e.errors().size());
    assertTrue(e.getMessage().startsWith("invalid topology (3 errors):\n  - "), e.getMessage());
    e.errors().forEach(err -> assertTrue(e.getMessage().contains(err.message())));
  }

  @Test
  void nullArgumentsFailWhereTheyAreGivenNamingTheArgument() {
    Topology.Builder b = Topology.builder();
    assertEquals(
        "name",
        assertThrows(NullPointerException.class, () -> b.adapterGroup(null, "eth0")).getMessage());
    assertEquals(
        "adapters[1]",
        assertThrows(NullPointerException.class, () -> b.adapterGroup("g", "eth0", null))
            .getMessage());
    assertEquals(
        "network",
        assertThrows(NullPointerException.class, () -> b.vmPort("tap0", null)).getMessage());
  }
}
