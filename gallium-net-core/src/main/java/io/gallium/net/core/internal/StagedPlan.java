package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Change;
import java.util.List;
import java.util.Objects;

/**
 * A plan as the engine carries it out: dependency stages of steps, each step a change with its
 * undo, computed against the state just before its stage. Changes within a stage are independent (a
 * driver may send a whole stage at once); a stage runs only after the one before it succeeded.
 * Products see it as a {@code Plan}, without the undo.
 *
 * @param stages the stages, in order, none empty
 */
public record StagedPlan(List<Stage> stages) {

  /** The plan that changes nothing. */
  public static final StagedPlan EMPTY = new StagedPlan(List.of());

  /** Drops empty stages and copies the list. */
  public StagedPlan {
    stages = stages.stream().filter(s -> !s.steps().isEmpty()).toList();
  }

  /** Whether this plan changes nothing. */
  public boolean isEmpty() {
    return stages.isEmpty();
  }

  /** Every change, stage after stage. */
  public List<Change> changes() {
    return stages.stream().flatMap(s -> s.changes().stream()).toList();
  }

  /** How many changes (kernel requests, when nothing fails) the plan makes. */
  public int size() {
    return stages.stream().mapToInt(s -> s.steps().size()).sum();
  }

  /**
   * One stage: independent steps.
   *
   * @param purpose what the stage is for, e.g. "create bonds and bridges"
   * @param steps the steps, sorted by device and kind of change
   */
  public record Stage(String purpose, List<Step> steps) {
    /** Copies the list. */
    public Stage {
      Objects.requireNonNull(purpose, "purpose");
      steps = List.copyOf(steps);
    }

    /** The changes of this stage, in order. */
    public List<Change> changes() {
      return steps.stream().map(Step::change).toList();
    }
  }

  /**
   * One change and the changes that undo it.
   *
   * @param change the change
   * @param undo what undoes it, in order
   */
  public record Step(Change change, List<Change> undo) {
    /** Copies the list. */
    public Step {
      Objects.requireNonNull(change, "change");
      undo = List.copyOf(undo);
    }
  }
}
