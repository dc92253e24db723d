package io.gallium.net.core.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A flight-recorder event per apply: how long it took, how big the plan was, how it ended. */
@Name("io.gallium.net.Apply")
@Label("Apply")
@Category("gallium-net")
@Description("One apply of a topology on a host, from observing it to verifying it")
final class ApplyEvent extends jdk.jfr.Event {

  @Label("Host")
  String host;

  @Label("Operation")
  @Description("apply, update, attach PORT to network NETWORK, detach PORT")
  String operation;

  @Label("Plan Size")
  @Description("The changes the plan makes; -1 if it was refused or failed before planning")
  int planSize = -1;

  @Label("Stages")
  int stages;

  @Label("Outcome")
  @Description("applied, unchanged, refused, rolled back or failed")
  String outcome;

  @Label("Rolled Back")
  @Description("Whether the apply failed and the host was brought back to where it was")
  boolean rolledBack;
}
