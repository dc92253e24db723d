package io.gallium.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.TopologyError.Code;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HostInterfaceRulesTest {

  private static Topology.Builder issueExample() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .untaggedNetwork("mgmt", "uplink")
        .hostInterface("mgmt", "192.0.2.10/24", "2001:db8::10/64")
        .defaultGateway("192.0.2.1");
  }

  private static List<TopologyError> errorsOf(Topology.Builder builder) {
    InvalidTopologyException e = assertThrows(InvalidTopologyException.class, builder::build);
    assertEquals(e.errors(), builder.validate().getError().asJava());
    return e.errors();
  }

  private static TopologyError onlyError(Topology.Builder builder) {
    List<TopologyError> errors = errorsOf(builder);
    assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
    return errors.get(0);
  }

  @Test
  void theIssuesExampleBuildsAndReadsBack() throws Exception {
    Topology t = issueExample().build();
    HostInterface mgmt = t.hostInterface("mgmt").orElseThrow();
    assertEquals(
        List.of("192.0.2.10/24", "2001:db8::10/64"),
        mgmt.addresses().stream().map(CidrAddress::toString).collect(Collectors.toList()));
    assertEquals(List.of(InetAddress.getByName("192.0.2.1")), t.defaultGateways());
    assertEquals(t, t.toBuilder().build());
    assertTrue(t.hostInterface("other").isEmpty());
  }

  @Test
  void aHostInterfaceWithoutAddressesIsADeviceForADhcpClient() {
    Topology t =
        Topology.builder()
            .adapterGroup("uplink", "eth0")
            .vlanNetwork("mgmt", "uplink", 100)
            .hostInterface("mgmt")
            .build();
    assertEquals(List.of(), t.hostInterface("mgmt").orElseThrow().addresses());
  }

  @Test
  void aHostInterfaceNeedsAnExistingNetwork() {
    TopologyError e =
        onlyError(Topology.builder().adapterGroup("uplink", "eth0").hostInterface("mgmt"));
    assertEquals(Code.HOST_INTERFACE_UNKNOWN_NETWORK, e.code());
    assertEquals("mgmt", e.subject());
    assertTrue(e.message().contains("create the network first"), e.message());
  }

  @Test
  void atMostOneHostInterfacePerNetwork() {
    TopologyError e = onlyError(issueExample().hostInterface("mgmt", "192.0.2.11/24"));
    assertEquals(Code.SECOND_HOST_INTERFACE, e.code());
    assertEquals("mgmt", e.subject());
  }

  @Test
  void addressesAreInCidrFormWithAPrefixTheirFamilyAllows() {
    List<TopologyError> errors =
        errorsOf(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .untaggedNetwork("mgmt", "uplink")
                .hostInterface(
                    "mgmt",
                    "192.0.2.10",
                    "192.0.2.10/33",
                    "2001:db8::10/129",
                    "192.0.2.300/24",
                    "host.example/24",
                    "192.0.2.10/0",
                    "fe80::1%eth0/64"));
    assertEquals(7, errors.size(), errors::toString);
    assertTrue(errors.stream().allMatch(e -> e.code() == Code.INVALID_ADDRESS));
    assertTrue(errors.stream().allMatch(e -> e.subject().equals("mgmt")));
    String all = errors.toString();
    assertTrue(all.contains("has no prefix length"), all);
    assertTrue(all.contains("IPv4 prefix length is 1..32"), all);
    assertTrue(all.contains("IPv6 prefix length is 1..128"), all);
    assertTrue(all.contains("'host.example' is not an IP address"), all);
  }

  @Test
  void addressesAHostCannotCarryAreRefused() {
    List<TopologyError> errors =
        errorsOf(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .untaggedNetwork("mgmt", "uplink")
                .hostInterface("mgmt", "0.0.0.0/8", "127.0.0.1/8", "224.0.0.1/4", "::1/128"));
    assertEquals(4, errors.size(), errors::toString);
    assertTrue(errors.stream().allMatch(e -> e.code() == Code.INVALID_ADDRESS));
  }

  @Test
  void noAddressOnTwoInterfacesNorTwiceOnOne() {
    List<TopologyError> errors =
        errorsOf(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .untaggedNetwork("mgmt", "uplink")
                .vlanNetwork("storage", "uplink", 20)
                .hostInterface("mgmt", "192.0.2.10/24", "2001:db8::10/64", "2001:DB8:0::10/64")
                .hostInterface("storage", "192.0.2.10/25"));
    assertEquals(3, errors.size(), errors::toString);
    assertTrue(errors.stream().allMatch(e -> e.code() == Code.DUPLICATE_ADDRESS));
    String all = errors.toString();
    assertTrue(all.contains("also to the host interface on network(s) 'storage'"), all);
    assertTrue(all.contains("2001:db8::10 is given twice"), all);
  }

  @Test
  void theGatewayLiesInsideASubnetOfAHostInterface() {
    TopologyError e =
        onlyError(issueExample().removeDefaultGateways().defaultGateway("198.51.100.1"));
    assertEquals(Code.GATEWAY_OUTSIDE_SUBNETS, e.code());
    assertEquals("198.51.100.1", e.subject());
    assertTrue(e.message().contains("IPv4 addresses: 192.0.2.10/24"), e.message());
    TopologyError v6 =
        onlyError(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .untaggedNetwork("mgmt", "uplink")
                .hostInterface("mgmt", "192.0.2.10/24")
                .defaultGateway("2001:db8::1"));
    assertEquals(Code.GATEWAY_OUTSIDE_SUBNETS, v6.code());
    assertTrue(v6.message().contains("no host interface address of its family, IPv6"));
  }

  @Test
  void aGatewayIsAnAddressThatIsNotTheHostsOwn() {
    List<TopologyError> errors =
        errorsOf(
            issueExample()
                .removeDefaultGateways()
                .defaultGateway("192.0.2.10")
                .defaultGateway("gw.example"));
    assertEquals(2, errors.size(), errors::toString);
    assertTrue(errors.stream().allMatch(e -> e.code() == Code.INVALID_GATEWAY));
  }

  @Test
  void atMostOneDefaultGatewayPerFamily() {
    Topology both = issueExample().defaultGateway("2001:db8::1").build();
    assertEquals(2, both.defaultGateways().size());
    TopologyError e = onlyError(issueExample().defaultGateway("192.0.2.2"));
    assertEquals(Code.SECOND_DEFAULT_GATEWAY, e.code());
    assertEquals("192.0.2.2", e.subject());
  }

  @Test
  void everyBrokenRuleIsReportedAtOnce() {
    List<TopologyError> errors =
        errorsOf(
            Topology.builder()
                .adapterGroup("uplink", "eth0")
                .untaggedNetwork("mgmt", "uplink")
                .hostInterface("nowhere", "10.0.0.1/8")
                .hostInterface("mgmt", "bad")
                .defaultGateway("203.0.113.1"));
    assertEquals(
        List.of(
            Code.HOST_INTERFACE_UNKNOWN_NETWORK,
            Code.INVALID_ADDRESS,
            Code.GATEWAY_OUTSIDE_SUBNETS),
        errors.stream().map(TopologyError::code).collect(Collectors.toList()));
  }

  @Test
  void cidrAddressesCompareByValueAndContainTheirSubnet() throws Exception {
    CidrAddress a = CidrAddress.parse("2001:0db8:0000::0010/64");
    assertEquals("2001:db8::10/64", a.toString());
    assertEquals(a, CidrAddress.parse("2001:db8::10/64"));
    assertTrue(a.contains(InetAddress.getByName("2001:db8::ffff")));
    assertTrue(!a.contains(InetAddress.getByName("2001:db9::1")));
    assertTrue(CidrAddress.parse("192.0.2.10/23").contains(InetAddress.getByName("192.0.3.1")));
    assertTrue(!CidrAddress.parse("192.0.2.10/24").contains(InetAddress.getByName("192.0.3.1")));
    assertEquals("1:0:0:1::/64", CidrAddress.parse("1:0:0:1:0:0:0:0/64").toString());
  }
}
