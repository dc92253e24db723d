package io.gallium.net.examples;

import io.gallium.net.Topology;
import io.gallium.net.core.ApplyException;
import io.gallium.net.core.ApplyOptions;
import io.gallium.net.core.ApplyResult;
import io.gallium.net.core.HostNetwork;
import io.gallium.net.core.NetworkEvent;
import io.gallium.net.core.PendingApply;
import io.gallium.net.core.Plan;
import io.gallium.net.core.RefusedTopologyException;
import io.gallium.net.core.Subscription;
import io.gallium.net.core.spi.Change;
import io.gallium.net.core.testing.InMemoryHost;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How an orchestrator embeds gallium-net: it says which topology it wants, and each round of the
 * loop shows the plan, applies it inside a confirm window, confirms only if the host is still
 * healthy (else the change rolls back by itself when the window closes), and listens to the host's
 * events so that drift (someone else changing our devices) is noticed and repaired by the next
 * round. A VM's start and stop do not wait for a round: they attach and detach its port at once (in
 * constant time, without reading the whole host), and the desired topology follows, so that the
 * next round finds them in sync.
 *
 * <pre>{@code
 * try (ReconcileLoop loop = ReconcileLoop.start(net, Duration.ofSeconds(30), healthCheck, System.out)) {
 *     loop.desire(topology);       // groups and networks, from the orchestrator's database
 *     loop.reconcile();            // every tick, or when loop.driftSeen()
 *     loop.vmStarted("tap-vm7", "prod");
 *     loop.vmStopped("tap-vm7");
 * }
 * }</pre>
 *
 * <p>{@link #main} runs a short story on {@link InMemoryHost}.
 */
public final class ReconcileLoop implements AutoCloseable {

  /**
   * Whether the host is still fine after an apply, e.g. whether the orchestrator can still reach
   * it.
   */
  @FunctionalInterface
  public interface HealthCheck {
    /** Checks the host, which carries the new topology but has not confirmed it. */
    boolean healthy(HostNetwork net);
  }

  /** What a round did. */
  public enum Outcome {
    /** The host already carries the desired topology: nothing was touched. */
    IN_SYNC,
    /** The plan was applied, the host was healthy, and the change was confirmed. */
    CONFIRMED,
    /**
     * The plan was applied but the host was unhealthy: it rolls back by itself when the window
     * closes.
     */
    NOT_CONFIRMED,
    /**
     * The desired topology was rolled back earlier for being unhealthy; it is not tried again until
     * a new one is desired.
     */
    HELD,
    /**
     * The host refused the topology, or the apply failed and was rolled back; see {@link
     * Round#error()}.
     */
    FAILED
  }

  /**
   * One round.
   *
   * @param outcome what happened
   * @param plan the plan it carried out (or would have)
   * @param pending the apply whose window is open, for {@link Outcome#NOT_CONFIRMED}
   * @param error what went wrong, for {@link Outcome#FAILED}
   */
  public record Round(
      Outcome outcome,
      Plan plan,
      Optional<PendingApply> pending,
      Optional<RuntimeException> error) {}

  private final HostNetwork net;
  private final ApplyOptions options;
  private final HealthCheck health;
  private final PrintStream log;
  private final AtomicBoolean driftSeen = new AtomicBoolean();
  private final List<NetworkEvent> events = new CopyOnWriteArrayList<>();
  private Subscription subscription;
  private Topology desired = Topology.empty();
  private Topology heldBack;

  private ReconcileLoop(
      HostNetwork net, Duration confirmWindow, HealthCheck health, PrintStream log) {
    this.net = Objects.requireNonNull(net, "net");
    this.options = ApplyOptions.confirmWithin(confirmWindow);
    this.health = Objects.requireNonNull(health, "health");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Starts a loop: first finishes what an apply interrupted by a crash of an earlier process left
   * (journal), then subscribes to the host's events.
   *
   * @param net the host's network
   * @param confirmWindow how long a change may stay unconfirmed before it rolls back by itself
   * @param health decides whether a change is confirmed
   * @param log where the loop says what it does
   */
  public static ReconcileLoop start(
      HostNetwork net, Duration confirmWindow, HealthCheck health, PrintStream log) {
    ReconcileLoop loop = new ReconcileLoop(net, confirmWindow, health, log);
    if (net.recover()) {
      log.println("recovered: an apply interrupted by a crash was undone");
    }
    loop.subscription = net.subscribe(loop::onEvent);
    return loop;
  }

  /** The topology the orchestrator wants from now on; the next round works towards it. */
  public synchronized void desire(Topology topology) {
    desired = Objects.requireNonNull(topology, "topology");
  }

  /**
   * A VM started: its port joins its network now (a move if it was on another), and the desired
   * topology carries it from now on.
   *
   * @param port the VM's port device, made by the hypervisor
   * @param network the network it joins
   * @return what was done
   * @throws RefusedTopologyException if the host has no such network or port device (nothing was
   *     touched, nothing desired)
   * @throws ApplyException if it failed; the port is as before if {@link
   *     ApplyException#rolledBack()}
   */
  public synchronized ApplyResult vmStarted(String port, String network) {
    ApplyResult r = net.attach(port, network);
    desired = desired.toBuilder().removeVmPort(port).vmPort(port, network).build();
    log.println(
        "VM port " + port + " attached to " + network + " (" + r.plan().size() + " changes)");
    return r;
  }

  /**
   * A VM stopped: its port leaves its network now, and the desired topology drops it.
   *
   * @param port the VM's port device
   * @return what was done
   * @throws ApplyException if it failed; the port is as before if {@link
   *     ApplyException#rolledBack()}
   */
  public synchronized ApplyResult vmStopped(String port) {
    ApplyResult r = net.detach(port);
    desired = desired.toBuilder().removeVmPort(port).build();
    log.println("VM port " + port + " detached (" + r.plan().size() + " changes)");
    return r;
  }

  /** Whether drift was reported since the last apply: reconcile soon. */
  public boolean driftSeen() {
    return driftSeen.get();
  }

  /**
   * Waits until the events of every change so far have arrived (they come on the subscription's own
   * thread), e.g. in a test that changes the host and then asks {@link #driftSeen()}.
   *
   * @param timeout how long to wait at most
   * @return false if they had not all arrived within {@code timeout}
   * @throws InterruptedException if the waiting thread was interrupted
   */
  public boolean awaitEvents(Duration timeout) throws InterruptedException {
    return subscription.awaitDelivered(timeout);
  }

  /** Every event received so far, in order. */
  public List<NetworkEvent> events() {
    return List.copyOf(events);
  }

  /**
   * One round: plan towards the desired topology, apply inside the confirm window, confirm if
   * healthy.
   *
   * @throws io.gallium.net.core.HostBusyException if an earlier round's window is still open after
   *     the lock timeout
   */
  public synchronized Round reconcile() {
    if (desired.equals(heldBack)) {
      log.println(
          "held: this topology was rolled back for failing the health check; waiting for a new"
              + " one");
      return new Round(Outcome.HELD, Plan.empty(), Optional.empty(), Optional.empty());
    }
    Plan plan;
    try {
      plan = net.plan(desired);
    } catch (RefusedTopologyException e) {
      log.println("refused, nothing touched: " + e.getMessage());
      return new Round(Outcome.FAILED, Plan.empty(), Optional.empty(), Optional.of(e));
    }
    if (plan.isEmpty()) {
      log.println("in sync: nothing to change");
      return new Round(Outcome.IN_SYNC, plan, Optional.empty(), Optional.empty());
    }
    plan.toString().lines().forEach(l -> log.println("  " + l));
    PendingApply pending;
    try {
      pending = net.apply(desired, options);
    } catch (ApplyException | RefusedTopologyException e) {
      log.println(
          "apply failed"
              + (e instanceof ApplyException a && a.rolledBack() ? ", host rolled back" : "")
              + ": "
              + e.getMessage());
      return new Round(Outcome.FAILED, plan, Optional.empty(), Optional.of(e));
    }
    driftSeen.set(false);
    if (health.healthy(net)) {
      pending.confirm();
      log.println("applied and confirmed (" + plan.size() + " changes)");
      return new Round(Outcome.CONFIRMED, plan, Optional.empty(), Optional.empty());
    }
    heldBack = desired;
    log.println(
        "applied but UNHEALTHY: not confirming; it rolls back by itself when the confirm window of "
            + options.confirmWindow().toMillis()
            + " ms closes");
    return new Round(Outcome.NOT_CONFIRMED, plan, Optional.of(pending), Optional.empty());
  }

  private void onEvent(NetworkEvent e) {
    events.add(e);
    if (e instanceof NetworkEvent.Drift) {
      driftSeen.set(true);
    }
    log.println("event: " + e);
  }

  /** Stops listening to the host. */
  @Override
  public void close() {
    subscription.close();
  }

  // --- the story main tells ---

  /** The topology the demo's orchestrator wants. */
  static Topology wanted() {
    return Topology.builder()
        .adapterGroup("uplink", "eth0", "eth1")
        .untaggedNetwork("mgmt", "uplink")
        .vlanNetwork("prod", "uplink", 100)
        .vlanNetwork("dev", "uplink", 200)
        .vmPort("tap-vm1", "prod")
        .vmPort("tap-vm2", "dev")
        .build();
  }

  /**
   * Runs the story on a fresh {@link InMemoryHost}: a first round, a round in sync, drift repaired,
   * and a change that fails the health check and is rolled back when the window closes.
   *
   * @param out where the story is printed
   * @param scheduler runs the confirm windows' timers
   * @param windowCloses called while a window is open and unconfirmed; returns once time has come
   *     for it to close (a real scheduler needs nothing: the window closes by itself)
   * @param window the confirm window
   * @return whether the story ended with the host carrying {@link #wanted()}
   */
  static boolean story(
      PrintStream out, ScheduledExecutorService scheduler, Runnable windowCloses, Duration window)
      throws Exception {
    out.println(
        "gallium-net reconcile loop on InMemoryHost, a simulated host; no kernel is touched");
    InMemoryHost host = InMemoryHost.withAdapters("eth0", "eth1");
    host.addPort("tap-vm1").addPort("tap-vm2");
    HostNetwork net = HostNetwork.builder().driver(host).scheduler(scheduler).build();
    // The orchestrator manages this host over network "mgmt": losing it is unhealthy.
    HealthCheck reachable = n -> n.observe().network("mgmt").isPresent();

    try (ReconcileLoop loop = start(net, window, reachable, out)) {
      out.println("\nround 1: a new host gets its groups and networks");
      loop.desire(wanted().toBuilder().removeVmPort("tap-vm1").removeVmPort("tap-vm2").build());
      loop.reconcile();

      out.println("\nVMs vm1 and vm2 start: their ports are attached at once");
      loop.vmStarted("tap-vm1", "prod");
      loop.vmStarted("tap-vm2", "dev");

      out.println("\nround 2: nothing changed since");
      loop.reconcile();

      out.println("\nsomeone releases tap-vm1 from its bridge behind our back");
      host.changeByOthers(new Change.ReleaseMaster("tap-vm1"));
      loop.awaitEvents(Duration.ofSeconds(5));
      out.println("\nround 3: drift seen (" + loop.driftSeen() + "), so reconcile");
      loop.reconcile();

      out.println(
          "\n"
              + "round 4: a new topology that drops network mgmt, which the orchestrator reaches"
              + " the host by");
      loop.desire(wanted().toBuilder().removeNetwork("mgmt").build());
      Round round = loop.reconcile();
      if (round.pending().isPresent()) {
        windowCloses.run();
        PendingApply.Outcome outcome =
            round.pending().get().outcome().get(window.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        out.println("the confirm window closed: " + outcome);
      }

      out.println("\nround 5: the same topology again");
      loop.reconcile();
    }
    boolean back = net.observe().equals(wanted());
    out.println("\nthe host carries the last confirmed topology: " + back);
    return back;
  }

  /** Tells the story with a real confirm window of two seconds. */
  public static void main(String... args) throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      story(System.out, scheduler, () -> {}, Duration.ofSeconds(2));
    } finally {
      scheduler.shutdownNow();
    }
  }
}
