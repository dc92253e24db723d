package io.gallium.net.linux.internal.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An interrupted dump is retried after a pause that doubles, and its exhaustion reads as such. */
class DumpPauseTest {
  @Test
  void pausesDoubleUpToTheirCapAndStayUnderASecondInAll() {
    assertEquals(1, RequestPipeline.dumpPauseMillis(1));
    assertEquals(2, RequestPipeline.dumpPauseMillis(2));
    assertEquals(32, RequestPipeline.dumpPauseMillis(6));
    assertEquals(RequestPipeline.MAX_DUMP_PAUSE_MILLIS, RequestPipeline.dumpPauseMillis(7));
    assertEquals(RequestPipeline.MAX_DUMP_PAUSE_MILLIS, RequestPipeline.dumpPauseMillis(1_000));
    long total = 0;
    for (int attempt = 1; attempt < 16; attempt++) {
      total += RequestPipeline.dumpPauseMillis(attempt);
    }
    assertTrue(total < 1_000, total + " ms");
  }

  @Test
  void exhaustionSaysTheHostKeptChangingNotThatTheSocketIsLost() {
    String message = new InconsistentDumpException("RTM_GETLINK", 16, 640).getMessage();
    assertTrue(message.contains("RTM_GETLINK dump was interrupted"), message);
    assertTrue(message.contains("16 times in a row over 640 ms"), message);
    assertFalse(message.contains("lost"), message);
  }
}
