package io.gallium.net.core;

import io.gallium.net.core.spi.Change;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The changes that take a host from one state to another: immutable, in dependency stages. Changes
 * within a stage are independent (a driver may send a whole stage at once); a stage runs only after
 * the one before it succeeded. Each change carries its undo, computed against the state just before
 * its stage.
 */
public final class Plan {

  private static final Plan EMPTY = new Plan(List.of());

  private final List<Stage> stages;

  private Plan(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  /** A plan of these stages (empty stages are dropped). */
  public static Plan of(List<Stage> stages) {
    List<Stage> nonEmpty = stages.stream().filter(s -> !s.steps().isEmpty()).toList();
    return nonEmpty.isEmpty() ? EMPTY : new Plan(nonEmpty);
  }

  /** The plan that changes nothing. */
  public static Plan empty() {
    return EMPTY;
  }

  /** Whether this plan changes nothing. */
  public boolean isEmpty() {
    return stages.isEmpty();
  }

  /** The stages, in order. */
  public List<Stage> stages() {
    return stages;
  }

  /** Every change, stage after stage. */
  public List<Change> changes() {
    return stages.stream().flatMap(s -> s.changes().stream()).toList();
  }

  /** How many changes (kernel requests, when nothing fails) the plan makes. */
  public int size() {
    return stages.stream().mapToInt(s -> s.steps().size()).sum();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plan && ((Plan) o).stages.equals(stages);
  }

  @Override
  public int hashCode() {
    return stages.hashCode();
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

  /**
   * One stage: independent steps.
   *
   * @param purpose what the stage is for, e.g. "create bonds and bridges"
   * @param steps the steps, sorted by device and kind of change
   */
  public record Stage(String purpose, List<Step> steps) {
    /** Checks for nulls and copies the list. */
    public Stage {
      Objects.requireNonNull(purpose, "purpose");
      steps = List.copyOf(steps);
    }

    /** The changes of this stage, in order. */
    public List<Change> changes() {
      return steps.stream().map(Step::change).collect(Collectors.toUnmodifiableList());
    }
  }

  /**
   * One change and the changes that undo it.
   *
   * @param change the change
   * @param undo what undoes it, in order
   */
  public record Step(Change change, List<Change> undo) {
    /** Checks for nulls and copies the list. */
    public Step {
      Objects.requireNonNull(change, "change");
      undo = List.copyOf(undo);
    }
  }
}
