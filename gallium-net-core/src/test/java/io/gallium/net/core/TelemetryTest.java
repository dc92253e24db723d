package io.gallium.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gallium.net.core.testing.InMemoryHost;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An apply shows in a flight recording and in the log a product routes System.Logger to. */
class TelemetryTest {

  private static final String APPLY = "io.gallium.net.Apply";
  private static final String STAGE = "io.gallium.net.Stage";

  @Test
  void anApplyRecordsOneApplyEventAndOneStageEventPerStage(@TempDir Path dir) throws Exception {
    HostNetwork net = HostNetwork.of(QuickStartTest.host());
    ApplyResult result;
    List<RecordedEvent> events;
    try (Recording recording = new Recording()) {
      recording.enable(APPLY);
      recording.enable(STAGE);
      recording.start();
      result = net.apply(QuickStartTest.quickStart());
      recording.stop();
      Path file = dir.resolve("apply.jfr");
      recording.dump(file);
      events = RecordingFile.readAllEvents(file);
    }
    List<RecordedEvent> applies = ofType(events, APPLY);
    assertEquals(1, applies.size(), events::toString);
    assertEquals(result.plan().size(), applies.get(0).getInt("planSize"));
    assertEquals(result.plan().stages().size(), applies.get(0).getInt("stages"));
    assertEquals("applied", applies.get(0).getString("outcome"));
    assertEquals(false, applies.get(0).getBoolean("rolledBack"));
    List<RecordedEvent> stages = ofType(events, STAGE);
    assertEquals(
        result.plan().stages().stream()
            .map(s -> s.purpose() + " " + s.changes().size())
            .sorted()
            .toList(),
        stages.stream()
            .map(e -> e.getString("purpose") + " " + e.getInt("changes"))
            .sorted()
            .toList());
  }

  @Test
  void aRolledBackApplyIsRecordedAsSuch(@TempDir Path dir) throws Exception {
    InMemoryHost host = QuickStartTest.host();
    HostNetwork net = HostNetwork.of(host);
    host.failOnRequest(3);
    List<RecordedEvent> events;
    try (Recording recording = new Recording()) {
      recording.enable(APPLY);
      recording.start();
      ApplyException e =
          assertThrows(ApplyException.class, () -> net.apply(QuickStartTest.quickStart()));
      assertTrue(e.rolledBack());
      recording.stop();
      Path file = dir.resolve("rollback.jfr");
      recording.dump(file);
      events = RecordingFile.readAllEvents(file);
    }
    List<RecordedEvent> applies = ofType(events, APPLY);
    assertEquals(1, applies.size(), events::toString);
    assertEquals("rolled back", applies.get(0).getString("outcome"));
    assertEquals(true, applies.get(0).getBoolean("rolledBack"));
  }

  @Test
  void theLogSaysWhereWhatAndHowEachApplyEndedAndEachChangeAtDebug() {
    InMemoryHost host = QuickStartTest.host();
    HostNetwork net = HostNetwork.of(host);
    // The JDK's default System.LoggerFinder routes System.Logger to java.util.logging.
    Logger jul = Logger.getLogger("io.gallium.net.core");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level level = jul.getLevel();
    jul.setLevel(Level.ALL);
    jul.addHandler(handler);
    ApplyResult result;
    try {
      result = net.apply(QuickStartTest.quickStart());
    } finally {
      jul.removeHandler(handler);
      jul.setLevel(level);
    }
    String expected =
        "apply on "
            + host
            + ": "
            + result.plan().size()
            + " changes in "
            + result.plan().stages().size()
            + " stages, applied and verified";
    assertTrue(
        records.stream()
            .anyMatch(r -> r.getLevel() == Level.INFO && r.getMessage().equals(expected)),
        () -> records.stream().map(LogRecord::getMessage).toList().toString());
    // System.Logger's DEBUG is java.util.logging's FINE: one line per change.
    assertEquals(
        result.plan().size(), records.stream().filter(r -> r.getLevel() == Level.FINE).count());
  }

  private static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }
}
