package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.DriverException;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A driver that loses the host mid-stage: the outcome is unknown, yet the host ends as it was. */
class DriverLossTest {

  /** Carries out the {@code lostAt}-th stage on the host, then reports it lost contact. */
  private static final class LosingDriver extends ForwardingDriver {
    private final int lostAt;
    private int stages;

    LosingDriver(InMemoryHost host, int lostAt) {
      super(host);
      this.lostAt = lostAt;
    }

    @Override
    public List<ChangeOutcome> execute(List<Change> changes) {
      List<ChangeOutcome> outcomes = super.execute(changes);
      if (++stages == lostAt) {
        throw new DriverException("netlink socket closed while waiting for acks");
      }
      return outcomes;
    }
  }

  @Test
  void losingTheHostAtAnyStageRollsBack() {
    int stages =
        HostNetwork.of(QuickStartTest.host()).plan(QuickStartTest.quickStart()).stages().size();
    for (int lostAt = 1; lostAt <= stages; lostAt++) {
      InMemoryHost host = QuickStartTest.host();
      HostState before = host.state();
      HostNetwork net = HostNetwork.of(new LosingDriver(host, lostAt));
      ApplyException e =
          assertThrows(ApplyException.class, () -> net.apply(QuickStartTest.quickStart()));
      assertTrue(e.rolledBack(), e::getMessage);
      assertTrue(e.getCause() instanceof DriverException);
      assertEquals(before, host.state(), "lost at stage " + lostAt);
    }
  }
}
