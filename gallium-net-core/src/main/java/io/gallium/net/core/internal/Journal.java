package io.gallium.net.core.internal;

import io.gallium.net.core.spi.Change;
import io.gallium.net.core.spi.HostState;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The record of an apply in progress, written (and fsynced) before its first change and removed
 * after it is verified or undone: the host state and catalog to return to, and, for people reading
 * it, each planned change with its undo, and the transaction's {@link Scope}. {@code recover()}
 * needs only the scope, state and catalog: it plans from whatever the scope has back to them, so it
 * does not matter how far the transaction got.
 *
 * <p>Format 3 adds the {@link PortOrigins port records} the transaction changes, as they were
 * before it (put back with the devices), and the host the journal belongs to ({@link
 * io.gallium.net.core.spi.Driver#identity()}: on Linux, the network namespace), so that a journal
 * is never used to "recover" another namespace whose store it ended up in. Format 2 is still read:
 * it has neither (no port records to put back, host unknown). Format 4 adds the {@link
 * HostAddresses host interface records} the transaction changes, as they were; formats 2 and 3 are
 * read as changing none.
 *
 * @param before the devices of the scope as they were
 * @param catalogBefore the catalog as it was, if the transaction changes it
 * @param scope what the transaction reads, changes and may restore
 * @param portsBefore the port records the transaction changes, as they were (empty: none)
 * @param host the host the journal belongs to, if the driver can tell
 * @param hostsBefore the host interface records the transaction changes, as they were (empty: none)
 */
public record Journal(
    HostState before,
    Optional<Catalog> catalogBefore,
    Scope scope,
    Map<String, Optional<Catalog.AdapterOrigin>> portsBefore,
    Optional<String> host,
    Map<String, Optional<HostAddresses.Record>> hostsBefore) {

  /** The store key. */
  public static final String KEY = "journal";

  private static final int FORMAT = 4;

  /** The oldest format read: the first with a seal. */
  private static final int OLDEST_FORMAT = 2;

  /** Copies the map. */
  public Journal {
    portsBefore = java.util.Collections.unmodifiableMap(new TreeMap<>(portsBefore));
    hostsBefore = java.util.Collections.unmodifiableMap(new TreeMap<>(hostsBefore));
  }

  /**
   * A journal that changes no host interface record.
   *
   * @param before the devices of the scope as they were
   * @param catalogBefore the catalog as it was, if the transaction changes it
   * @param scope what the transaction reads, changes and may restore
   * @param portsBefore the port records the transaction changes, as they were (empty: none)
   * @param host the host the journal belongs to, if the driver can tell
   */
  public Journal(
      HostState before,
      Optional<Catalog> catalogBefore,
      Scope scope,
      Map<String, Optional<Catalog.AdapterOrigin>> portsBefore,
      Optional<String> host) {
    this(before, catalogBefore, scope, portsBefore, host, Map.of());
  }

  /** A journal that changes no port record, of an unknown host. */
  public Journal(HostState before, Optional<Catalog> catalogBefore, Scope scope) {
    this(before, catalogBefore, scope, Map.of(), Optional.empty());
  }

  /**
   * The catalog line of a transaction that leaves the catalog as it is (a URL-encoded catalog never
   * reads so).
   */
  private static final String UNCHANGED = "*unchanged*";

  private static final String REMEDY =
      "The host may still carry a half-done apply, which recover() cannot undo without it: check"
          + " the host's devices (ip -d link show), keep a copy of the file for a bug report,"
          + " delete it, and apply the desired topology again";

  /**
   * Refuses this journal if it belongs to another host than {@code current}: a journal found in a
   * store shared by two network namespaces (the same {@code journal(dir)} given for both), or left
   * by a namespace that is gone and whose inode a new one got, describes devices that are not
   * there; "recovering" them would change devices of this host it never touched.
   *
   * @param current the host {@code recover()} runs on, if the driver can tell
   * @param where where the journal is, for the message
   * @throws io.gallium.net.core.StoreDamagedException if both hosts are known and differ
   */
  public void requireHost(Optional<String> current, String where) {
    if (host.isPresent() && current.isPresent() && !host.get().equals(current.get())) {
      throw new io.gallium.net.core.StoreDamagedException(
          where
              + " was not used: it belongs to "
              + host.get()
              + ", not to "
              + current.get()
              + ", where recover() runs. If that namespace still exists, call recover() on a"
              + " HostNetwork opened in it with this store; if it is gone, the devices its"
              + " interrupted apply changed went with it: delete the file. Give each namespace a"
              + " store of its own (HostNetwork.builder().journal(dir)).");
    }
  }

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
    sb.append("host ")
        .append(host.map(h -> URLEncoder.encode(h, StandardCharsets.UTF_8)).orElse("*"))
        .append('\n');
    portsBefore.forEach((port, origin) -> sb.append(PortOrigins.line(port, origin)).append('\n'));
    hostsBefore.forEach((dev, record) -> sb.append(HostAddresses.line(dev, record)).append('\n'));
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
        Arrays.asList(
            SealedRecord.open("journal", FORMAT, OLDEST_FORMAT, bytes, where, REMEDY).split("\n"));
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
      Optional<String> host =
          lines.stream()
              .filter(l -> l.startsWith("host "))
              .findFirst()
              .map(l -> l.substring(5))
              .filter(h -> !h.equals("*"))
              .map(h -> URLDecoder.decode(h, StandardCharsets.UTF_8));
      Map<String, Optional<Catalog.AdapterOrigin>> ports = new TreeMap<>();
      lines.stream()
          .filter(l -> l.startsWith("port "))
          .map(PortOrigins::parse)
          .forEach(e -> ports.put(e.getKey(), e.getValue()));
      Map<String, Optional<HostAddresses.Record>> hosts = new TreeMap<>();
      lines.stream()
          .filter(l -> l.startsWith("hostif "))
          .map(HostAddresses::parse)
          .forEach(e -> hosts.put(e.getKey(), e.getValue()));
      return new Journal(
          StateCodec.decode(lines),
          catalog,
          scope.equals("*")
              ? Scope.HOST
              : Scope.of(
                  Arrays.stream(scope.split(","))
                      .map(x -> URLDecoder.decode(x, StandardCharsets.UTF_8))
                      .toList()),
          ports,
          host,
          hosts);
    } catch (RuntimeException e) {
      throw new io.gallium.net.core.StoreDamagedException(
          where + " was not used: it cannot be read (" + e + "). " + REMEDY);
    }
  }
}
