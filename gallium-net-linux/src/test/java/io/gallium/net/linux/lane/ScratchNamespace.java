package io.gallium.net.linux.lane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A network namespace a test creates for itself ({@code ip netns add}) and deletes on
 * {@link #close()}, with helpers that run iproute2 inside it.
 *
 * <p>It fails closed: before a test may create anything, {@link #create()} proves that commands
 * run through it really land in a namespace other than the host's (PID 1's), so a broken
 * {@code setns} can never fall through to the host's own devices.
 */
final class ScratchNamespace implements AutoCloseable {
    private static final Path RUN_NETNS = Path.of("/run/netns");
    private static final Path HOST_NETNS = Path.of("/proc/1/ns/net");

    private final String name;

    private ScratchNamespace(String name) {
        this.name = name;
    }

    /** Creates a namespace with a fresh random name and proves it is not the host's. */
    static ScratchNamespace create() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = "gallium-lane-" + HexFormat.of().formatHex(random);
        Commands.run(List.of("ip", "netns", "add", name));
        ScratchNamespace namespace = new ScratchNamespace(name);
        try {
            namespace.verifyNotHost();
            return namespace;
        } catch (RuntimeException | Error e) {
            namespace.close();
            throw e;
        }
    }

    /** The namespace's name, as {@code ip netns} knows it. */
    String name() {
        return name;
    }

    /** Runs {@code ip -n NAME ARGS...} and returns its standard output. */
    String ip(String... args) {
        return Commands.run(prefixed("ip", args));
    }

    /** Runs {@code bridge -n NAME ARGS...} and returns its standard output. */
    String bridge(String... args) {
        return Commands.run(prefixed("bridge", args));
    }

    private List<String> prefixed(String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool, "-n", name));
        argv.addAll(List.of(args));
        return argv;
    }

    private void verifyNotHost() {
        long host = inode(HOST_NETNS);
        long ours = inode(RUN_NETNS.resolve(name));
        if (ours == host) {
            throw new IllegalStateException("namespace " + name + " has the host's inode " + host
                    + ": refusing to touch the host's devices");
        }
        // What a process entering it actually sees (what `ip -n` does: setns on the same file).
        String seen = Commands.run(List.of("ip", "netns", "exec", name, "readlink", "/proc/self/ns/net")).strip();
        if (!seen.equals("net:[" + ours + "]")) {
            throw new IllegalStateException("a process entering namespace " + name + " sees " + seen
                    + ", expected net:[" + ours + "] (host is net:[" + host + "])");
        }
    }

    private static long inode(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }

    /** Deletes the namespace and with it every device the test made in it. */
    @Override
    public void close() {
        Commands.run(List.of("ip", "netns", "del", name));
    }
}
