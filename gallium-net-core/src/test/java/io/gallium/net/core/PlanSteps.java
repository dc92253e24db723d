package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** A plan's changes as their text, in order: what the ordering tests look steps up in. */
final class PlanSteps {

  private PlanSteps() {}

  /** The plan's changes as text, in the order they are made. */
  static List<String> of(Plan plan) {
    return plan.changes().stream().map(Object::toString).toList();
  }

  /** Asserts that the plan makes each of these steps, each (first made) after the one before. */
  static void assertInOrder(Plan plan, String... steps) {
    List<String> made = of(plan);
    int last = -1;
    String previous = "the start";
    for (String step : steps) {
      int at = made.indexOf(step);
      String after = previous;
      assertTrue(at > last, () -> "'" + step + "' is not made after " + after + ": " + plan);
      last = at;
      previous = "'" + step + "'";
    }
  }
}
