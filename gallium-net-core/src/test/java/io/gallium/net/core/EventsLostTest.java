package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.ChangeOutcome;
import io.gallium.net.core.spi.Driver;
import io.gallium.net.core.spi.HostState;
import io.gallium.net.core.spi.StateStore;
import io.gallium.net.core.testing.InMemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A driver's report of trouble while watching reaches subscribers as EventsLost (#12 item 4). */
class EventsLostTest {

  /** The in-memory host, with a watch whose troubles the test raises. */
  private static final class TroubledHost implements Driver {
    private final InMemoryHost host = QuickStartTest.host();
    private final List<Consumer<String>> troubles = new ArrayList<>();

    @Override
    public HostState observe() {
      return host.observe();
    }

    @Override
    public List<ChangeOutcome> execute(List<Change> changes) {
      return host.execute(changes);
    }

    @Override
    public StateStore defaultStore() {
      return host.defaultStore();
    }

    @Override
    public AutoCloseable watch(Consumer<HostState> listener, Consumer<String> trouble) {
      troubles.add(trouble);
      AutoCloseable watching = host.watch(listener);
      return () -> {
        troubles.remove(trouble);
        watching.close();
      };
    }
  }

  @Test
  void troubleReachesTheListenerAsAnEventAndAThrowingListenerDoesNotStopIt() throws Exception {
    TroubledHost driver = new TroubledHost();
    HostNetwork net = HostNetwork.of(driver);
    List<NetworkEvent> seen = new ArrayList<>();
    try (Subscription sub =
        net.subscribe(
            e -> {
              seen.add(e);
              throw new IllegalStateException("a product's listener has a bug");
            })) {
      assertEquals(1, driver.troubles.size());
      driver.troubles.get(0).accept("the kernel dropped link events");
      driver.troubles.get(0).accept("could not re-read the host; trying again in 100 ms");
      EventsTest.delivered(sub);
      assertEquals(
          List.of(
              new NetworkEvent.EventsLost("the kernel dropped link events"),
              new NetworkEvent.EventsLost("could not re-read the host; trying again in 100 ms")),
          seen);
      assertEquals("events lost: the kernel dropped link events", seen.get(0).toString());
    }
    assertEquals(List.of(), driver.troubles, "closing the subscription stops the watch");
  }
}
