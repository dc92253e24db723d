package io.gallium.net.linux.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.spi.DriverException;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.linux.internal.host.ResyncListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The event monitor's delivery, driven as its thread drives it but with the clock in the test's
 * hands: a re-read that keeps failing is retried with backoff until it succeeds, and nothing a
 * listener throws escapes to end the monitor (#12 item 4).
 */
class BurstDeliveryTest {
  private final List<HostState> states = new ArrayList<>();
  private final List<String> troubles = new ArrayList<>();

  /** Fails its first {@code failures} reads the way an event storm makes observe() fail. */
  private static final class FlakyRead implements Supplier<HostState> {
    private int failures;
    private int reads;

    FlakyRead(int failures) {
      this.failures = failures;
    }

    @Override
    public HostState get() {
      reads++;
      if (failures-- > 0) {
        throw new DriverException(
            "cannot observe the test namespace: RTM_GETLINK dump was interrupted by concurrent"
                + " changes 16 times in a row");
      }
      return HostState.of(List.of());
    }
  }

  @Test
  void aResyncThatFailsIsRetriedWithBackoffUntilADumpSucceeds() {
    FlakyRead read = new FlakyRead(3);
    BurstDelivery delivery =
        new BurstDelivery(new ResyncListener(read, states::add, troubles::add, "test"), "test");
    assertEquals(-1, delivery.waitMillis(0), "nothing pending: wait for events only");

    delivery.overrun();
    delivery.burstEnd(1_000);
    assertEquals(1, read.reads);
    assertEquals(100, delivery.waitMillis(1_000));

    // Bursts and early wake-ups before the retry is due do not read again.
    delivery.link(null, false);
    delivery.burstEnd(1_050);
    delivery.retryIfDue(1_099);
    assertEquals(1, read.reads);
    assertEquals(50, delivery.waitMillis(1_050));

    delivery.retryIfDue(1_100);
    assertEquals(2, read.reads);
    assertEquals(200, delivery.waitMillis(1_100));
    delivery.retryIfDue(1_300);
    assertEquals(3, read.reads);
    assertEquals(400, delivery.waitMillis(1_300));
    assertEquals(List.of(), states);

    delivery.retryIfDue(1_700);
    assertEquals(4, read.reads);
    assertEquals(1, states.size(), "the state read at last is delivered, once");
    assertEquals(-1, delivery.waitMillis(1_700));
    assertEquals(0, delivery.failures());

    assertEquals(4, troubles.size(), troubles.toString());
    assertTrue(troubles.get(0).contains("dropped link events"), troubles.get(0));
    assertTrue(troubles.get(1).contains("16 times in a row"), troubles.get(1));
    assertTrue(troubles.get(1).contains("trying again in 100 ms"), troubles.get(1));
    assertTrue(troubles.get(3).contains("trying again in 400 ms"), troubles.get(3));

    // Quiet again: a later burst reads at once.
    delivery.link(null, false);
    delivery.burstEnd(5_000);
    assertEquals(5, read.reads);
    assertEquals(2, states.size());
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    assertEquals(100, BurstDelivery.retryDelayMillis(1));
    assertEquals(200, BurstDelivery.retryDelayMillis(2));
    assertEquals(6_400, BurstDelivery.retryDelayMillis(7));
    assertEquals(BurstDelivery.MAX_RETRY_MILLIS, BurstDelivery.retryDelayMillis(8));
    assertEquals(BurstDelivery.MAX_RETRY_MILLIS, BurstDelivery.retryDelayMillis(1_000_000));
  }

  @Test
  void aListenerThatThrowsEverywhereEndsNothing() {
    List<String> calls = new ArrayList<>();
    LinkListener hostile =
        new LinkListener() {
          @Override
          public void onLink(LinkMessage link, boolean deleted) {
            calls.add("link");
            throw new IllegalStateException("onLink");
          }

          @Override
          public void onOverrun() {
            calls.add("overrun");
            throw new IllegalStateException("onOverrun");
          }

          @Override
          public void onBurstEnd() {
            calls.add("burstEnd");
            throw new IllegalStateException("onBurstEnd");
          }

          @Override
          public void onError(RuntimeException error) {
            calls.add("error " + error.getMessage());
            throw new IllegalStateException("onError");
          }
        };
    BurstDelivery delivery = new BurstDelivery(hostile, "test");
    delivery.link(null, false);
    delivery.link(null, true);
    delivery.overrun();
    delivery.burstEnd(0);
    delivery.retryIfDue(100);
    assertEquals(
        List.of(
            "link",
            "error onLink",
            "link",
            "error onLink",
            "overrun",
            "error onOverrun",
            "burstEnd",
            "error onBurstEnd",
            "burstEnd",
            "error onBurstEnd"),
        calls);
    assertEquals(2, delivery.failures());
  }

  @Test
  void aStatesConsumerThatThrowsIsReportedAndStillGetsTheNextState() {
    List<HostState> seen = new ArrayList<>();
    BurstDelivery delivery =
        new BurstDelivery(
            new ResyncListener(
                new FlakyRead(0),
                state -> {
                  seen.add(state);
                  throw new IllegalStateException("listener bug");
                },
                troubles::add,
                "test"),
            "test");
    delivery.link(null, false);
    delivery.burstEnd(0);
    assertEquals(-1, delivery.waitMillis(0), "a throwing consumer is not retried");
    delivery.link(null, false);
    delivery.burstEnd(1);
    assertEquals(2, seen.size());
    assertEquals(2, troubles.size());
    assertTrue(troubles.get(0).contains("listener bug"), troubles.get(0));
  }

  @Test
  void troublesThatThrowAreOnlyLogged() {
    BurstDelivery delivery =
        new BurstDelivery(
            new ResyncListener(
                new FlakyRead(1),
                states::add,
                reason -> {
                  throw new IllegalStateException("troubles bug");
                },
                "test"),
            "test");
    delivery.overrun();
    delivery.burstEnd(0);
    delivery.retryIfDue(100);
    assertEquals(1, states.size());
  }
}
