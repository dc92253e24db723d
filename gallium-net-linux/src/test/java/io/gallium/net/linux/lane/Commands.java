package io.gallium.net.linux.lane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs a test-side command (iproute2 as an oracle, never product code) and returns its output. */
final class Commands {
    private Commands() {
    }

    /**
     * Runs {@code argv} and returns its standard output.
     *
     * @throws IllegalStateException naming the command, its exit status and its standard error,
     *     if it exits non-zero
     */
    static String run(List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // Read stderr on its own thread: a full stderr pipe must not block the stdout read.
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process, true));
            String stdout = drain(process, false);
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException("`" + String.join(" ", argv) + "` exited with " + status
                        + ": " + stderr.join().strip());
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `" + String.join(" ", argv) + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", argv) + "`", e);
        }
    }

    private static String drain(Process process, boolean error) {
        try {
            byte[] bytes = (error ? process.getErrorStream() : process.getInputStream()).readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
