package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The record of an apply in progress, written (and fsynced) before its first change and removed
 * after it is verified or undone: the host state and catalog to return to, and, for people reading
 * it, each planned change with its undo. {@code recover()} needs only the state and catalog: it
 * plans from whatever the host has back to them, so it does not matter how far the apply got.
 */
public record Journal(HostState before, Catalog catalogBefore) {

  /** The store key. */
  public static final String KEY = "journal";

  private static final String HEADER = "gallium-net journal 1";

  /** The text form, with the plan as comments. */
  public byte[] encode(StagedPlan plan) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (StagedPlan.Stage stage : plan.stages()) {
      for (StagedPlan.Step step : stage.steps()) {
        sb.append("# do ")
            .append(step.change())
            .append("; undo: ")
            .append(String.join(", ", step.undo().stream().map(Change::toString).toList()))
            .append('\n');
      }
    }
    sb.append("catalog ")
        .append(
            URLEncoder.encode(
                new String(catalogBefore.encode(), StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .append('\n');
    sb.append(StateCodec.encode(before));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses the text form. */
  public static Journal decode(byte[] bytes) {
    List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(
          "not a gallium-net journal (first line should be '" + HEADER + "')");
    }
    Catalog catalog =
        lines.stream()
            .filter(l -> l.startsWith("catalog "))
            .findFirst()
            .map(
                l ->
                    Catalog.decode(
                        URLDecoder.decode(l.substring(8), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8)))
            .orElseThrow(() -> new IllegalArgumentException("journal without catalog line"));
    return new Journal(StateCodec.decode(lines), catalog);
  }
}
