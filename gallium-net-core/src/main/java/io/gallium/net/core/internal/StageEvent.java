package io.gallium.net.core.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A flight-recorder event per stage of an apply: the driver's time for its changes. */
@Name("io.gallium.net.Stage")
@Label("Apply Stage")
@Category("gallium-net")
@Description("One stage of an apply's plan, sent to the driver at once")
final class StageEvent extends jdk.jfr.Event {

  @Label("Host")
  String host;

  @Label("Purpose")
  String purpose;

  @Label("Changes")
  int changes;

  @Label("Failed")
  @Description("Whether a change of the stage failed")
  boolean failed;
}
