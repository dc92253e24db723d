package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The record of an apply in progress, written (and fsynced) before its first change and removed
 * after it is verified or undone: the host state and catalog to return to, and, for people reading
 * it, each planned change with its undo, and the transaction's {@link Scope}. {@code recover()}
 * needs only the scope, state and catalog: it plans from whatever the scope has back to them, so it
 * does not matter how far the transaction got.
 */
public record Journal(HostState before, Optional<Catalog> catalogBefore, Scope scope) {

  /** The store key. */
  public static final String KEY = "journal";

  private static final int FORMAT = 2;

  /**
   * The catalog line of a transaction that leaves the catalog as it is (a URL-encoded catalog never
   * reads so).
   */
  private static final String UNCHANGED = "*unchanged*";

  private static final String REMEDY =
      "The host may still carry a half-done apply, which recover() cannot undo without it: check"
          + " the host's devices (ip -d link show), keep a copy of the file for a bug report,"
          + " delete it, and apply the desired topology again";

  /** The stored form, with the plan as comments, sealed (format version and checksum). */
  public byte[] encode(StagedPlan plan) {
    StringBuilder sb = new StringBuilder();
    for (StagedPlan.Stage stage : plan.stages()) {
      for (StagedPlan.Step step : stage.steps()) {
        sb.append("# do ")
            .append(step.change())
            .append("; undo: ")
            .append(String.join(", ", step.undo().stream().map(Change::toString).toList()))
            .append('\n');
      }
    }
    sb.append("scope ")
        .append(
            scope
                .names()
                .map(
                    n ->
                        String.join(
                            ",",
                            n.stream()
                                .map(x -> URLEncoder.encode(x, StandardCharsets.UTF_8))
                                .toList()))
                .orElse("*"))
        .append('\n');
    sb.append("catalog ")
        .append(
            catalogBefore
                .map(c -> URLEncoder.encode(c.lines(), StandardCharsets.UTF_8))
                .orElse(UNCHANGED))
        .append('\n');
    sb.append(StateCodec.encode(before));
    return SealedRecord.seal("journal", FORMAT, sb.toString());
  }

  /**
   * Reads the stored form.
   *
   * @param where where it was stored, for messages
   * @throws io.gallium.net.core.StoreDamagedException if it is not a whole journal of this format
   */
  public static Journal decode(byte[] bytes, String where) {
    List<String> lines =
        Arrays.asList(SealedRecord.open("journal", FORMAT, bytes, where, REMEDY).split("\n"));
    try {
      String catalogLine =
          lines.stream()
              .filter(l -> l.startsWith("catalog "))
              .findFirst()
              .map(l -> l.substring(8))
              .orElseThrow(() -> new IllegalArgumentException("no catalog line"));
      Optional<Catalog> catalog =
          catalogLine.equals(UNCHANGED)
              ? Optional.empty()
              : Optional.of(Catalog.parse(URLDecoder.decode(catalogLine, StandardCharsets.UTF_8)));
      String scope =
          lines.stream()
              .filter(l -> l.startsWith("scope "))
              .findFirst()
              .map(l -> l.substring(6))
              .orElseThrow(() -> new IllegalArgumentException("no scope line"));
      return new Journal(
          StateCodec.decode(lines),
          catalog,
          scope.equals("*")
              ? Scope.HOST
              : Scope.of(
                  Arrays.stream(scope.split(","))
                      .map(x -> URLDecoder.decode(x, StandardCharsets.UTF_8))
                      .toList()));
    } catch (RuntimeException e) {
      throw new io.gallium.net.core.StoreDamagedException(
          where + " was not used: it cannot be read (" + e + "). " + REMEDY);
    }
  }
}
