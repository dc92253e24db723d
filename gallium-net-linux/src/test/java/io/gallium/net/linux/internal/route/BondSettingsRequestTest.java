package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.BondSettings;
import io.gallium.net.linux.internal.libc.NativeMemory;
import io.gallium.net.linux.internal.netlink.NlMsgHdr;
import io.gallium.net.linux.internal.netlink.Request;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bond settings we send read back as the kernel reports them: the request's IFLA_INFO_DATA has
 * the layout of a dump's, so our own decoder checks the encoding of every attribute.
 */
class BondSettingsRequestTest {

  private static final BondSettings POLICY =
      new BondSettings(
          BondSettings.ACTIVE_BACKUP,
          100,
          Optional.empty(),
          Optional.empty(),
          200,
          100,
          BondSettings.RESELECT_FAILURE,
          0,
          List.of(),
          "layer3+4",
          BondSettings.LACP_SLOW);

  private static BondInfo decoded(Request request) {
    byte[] message = GoldenBytesTest.encode(request);
    ByteBuffer buffer = NativeMemory.allocate(message.length);
    buffer.put(0, message);
    LinkMessage link = LinkMessageReader.read(buffer, 0, NlMsgHdr.read(buffer, 0, message.length));
    assertTrue(message.length <= request.maxEncodedLength(), request::toString);
    return link.bond();
  }

  @Test
  void setBondSettingsSendsMonitoringDelaysReselectionAndHash() {
    BondInfo bond = decoded(new SetBondSettings(LinkRef.named("gb-up"), POLICY));
    assertEquals(100, bond.miimon());
    assertEquals(200, bond.updelay());
    assertEquals(100, bond.downdelay());
    assertEquals(2, bond.primaryReselect(), "failure");
    assertEquals(1, bond.xmitHashPolicy(), "layer3+4");
    assertEquals(0, bond.arpInterval(), "not sent: link monitoring turns ARP monitoring off");
    assertEquals(List.of(), bond.arpTargets(), "an empty list, which clears the targets");
  }

  @Test
  void arpMonitoringSendsIntervalAndTargetsAndNoDelays() {
    List<String> sixteen = new java.util.ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      sixteen.add("198.51.100." + i);
    }
    BondSettings arp =
        new BondSettings(
            BondSettings.ACTIVE_BACKUP,
            0,
            Optional.empty(),
            Optional.empty(),
            0,
            0,
            BondSettings.RESELECT_ALWAYS,
            250,
            sixteen,
            BondSettings.HASH_LAYER2,
            BondSettings.LACP_SLOW);
    BondInfo bond = decoded(new SetBondSettings(LinkRef.named("gb-up"), arp));
    assertEquals(0, bond.miimon());
    assertEquals(250, bond.arpInterval());
    assertEquals(sixteen, bond.arpTargets());
    assertEquals(0, bond.updelay(), "Linux refuses delays without link monitoring: not sent");
  }

  @Test
  void anLacpBondIsCreatedWithModeHashAndRate() {
    BondSettings lacp =
        new BondSettings(
            BondSettings.LACP,
            100,
            Optional.empty(),
            Optional.empty(),
            0,
            0,
            BondSettings.RESELECT_ALWAYS,
            0,
            List.of(),
            "layer2+3",
            "fast");
    BondInfo bond = decoded(new CreateBond("gb-up", 9000, lacp));
    assertEquals(4, bond.mode(), "802.3ad");
    assertEquals(2, bond.xmitHashPolicy(), "layer2+3");
    assertEquals(1, bond.lacpRate(), "fast");
    assertEquals(100, bond.miimon());
  }
}
