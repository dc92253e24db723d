package io.gallium.net.linux;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.gallium.net.linux.internal.claims.HostClaims;
import org.junit.jupiter.api.Test;

/**
 * The other network managers configure the host's own namespace only: a host in any other
 * namespace reports no claims, whatever {@code /run} says.
 */
class ClaimsNamespaceTest {

  @Test
  void aNamespaceOtherThanPid1sHasNoClaims() {
    // No namespace has inode 1: it is never PID 1's.
    assertSame(HostClaims.NONE, LinuxHost.claimsOf(1));
  }
}
