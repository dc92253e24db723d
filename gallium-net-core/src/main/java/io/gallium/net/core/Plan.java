package io.gallium.net.core;

import io.gallium.net.core.internal.Once;
import io.gallium.net.core.internal.StagedPlan;
import io.gallium.net.core.spi.Change;
import java.util.List;

/**
 * The changes that take a host from one state to another: immutable, in dependency stages. Changes
 * within a stage are independent (a driver may send a whole stage at once); a stage runs only after
 * the one before it succeeded.
 */
public final class Plan {

  private static final Plan EMPTY = new Plan(StagedPlan.EMPTY);

  private final Once<StagedPlan> staged;
  private final Once<List<Stage>> stages;

  /** The product's view of a plan the engine made. */
  Plan(StagedPlan staged) {
    this(Once.now(staged));
  }

  /**
   * The product's view of a plan the engine makes when it is first looked at: a batched attach's
   * part of its batch, which its caller may never look at.
   */
  Plan(Once<StagedPlan> staged) {
    this.staged = staged;
    this.stages =
        Once.of(
            () ->
                staged.get().stages().stream()
                    .map(s -> new Stage(s.purpose(), s.changes()))
                    .toList());
  }

  /** The plan that changes nothing. */
  public static Plan empty() {
    return EMPTY;
  }

  /** The engine's form of this plan, each change with its undo. */
  StagedPlan staged() {
    return staged.get();
  }

  /** Whether this plan changes nothing. */
  public boolean isEmpty() {
    return staged.get().isEmpty();
  }

  /** The stages, in order. */
  public List<Stage> stages() {
    return stages.get();
  }

  /** Every change, stage after stage. */
  public List<Change> changes() {
    return staged.get().changes();
  }

  /** How many changes (kernel requests, when nothing fails) the plan makes. */
  public int size() {
    return staged.get().size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plan && ((Plan) o).staged().equals(staged());
  }

  @Override
  public int hashCode() {
    return staged().hashCode();
  }

  /**
   * Readable, one change a line, e.g.
   *
   * <pre>
   * plan: 3 changes in 2 stages
   *   stage 1: create bonds and bridges
   *     create bridge gv-uplink (vlan_filtering 1, default_pvid 0, mtu 1500)
   *   ...
   * </pre>
   */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "plan: nothing to change";
    }
    List<Stage> stages = stages();
    StringBuilder sb = new StringBuilder();
    sb.append("plan: ")
        .append(size())
        .append(size() == 1 ? " change" : " changes")
        .append(" in ")
        .append(stages.size())
        .append(stages.size() == 1 ? " stage" : " stages");
    for (int i = 0; i < stages.size(); i++) {
      sb.append("\n  stage ").append(i + 1).append(": ").append(stages.get(i).purpose());
      for (Change c : stages.get(i).changes()) {
        sb.append("\n    ").append(c);
      }
    }
    return sb.toString();
  }

  /** One stage: what it is for, and its changes, which are independent of each other. */
  public static final class Stage {
    private final String purpose;
    private final List<Change> changes;

    Stage(String purpose, List<Change> changes) {
      this.purpose = purpose;
      this.changes = changes;
    }

    /** What the stage is for, e.g. "create bonds and bridges". */
    public String purpose() {
      return purpose;
    }

    /** The changes of this stage, sorted by device and kind of change. */
    public List<Change> changes() {
      return changes;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Stage s && s.purpose.equals(purpose) && s.changes.equals(changes);
    }

    @Override
    public int hashCode() {
      return 31 * purpose.hashCode() + changes.hashCode();
    }

    /** {@code Stage[purpose=..., changes=[...]]}. */
    @Override
    public String toString() {
      return "Stage[purpose=" + purpose + ", changes=" + changes + "]";
    }
  }
}
