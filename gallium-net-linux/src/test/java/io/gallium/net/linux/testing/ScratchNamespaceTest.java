package io.gallium.net.linux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test oracles read a dump again when iproute2 says the kernel changed it while it ran (an
 * address leaving DAD during {@code ip -j -6 addr}, say), instead of handing a test that warning in
 * front of the JSON.
 */
class ScratchNamespaceTest {

  @Test
  void anInterruptedDumpIsReadAgain(@TempDir Path dir) {
    // Interrupted twice, then a clean dump: as iproute2 prints it, the warning on standard error.
    String script =
        "n=$(cat count 2>/dev/null || echo 0); echo $((n + 1)) > count;"
            + " if [ $n -lt 2 ]; then echo '"
            + ScratchNamespace.DUMP_INTERRUPTED
            + ".' >&2; fi; echo '[]'";
    ScratchNamespace.Result result =
        ScratchNamespace.runDump("sh", "-c", "cd " + dir + " && " + script);
    assertEquals(new ScratchNamespace.Result(0, "[]\n"), result);
  }
}
