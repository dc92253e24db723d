package io.gallium.net.linux.internal.libc;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The few libc calls the driver needs, bound through JNA direct mapping (no proxy, no per-call
 * reflection). Buffers are passed as raw native addresses ({@code long}) of direct
 * {@link java.nio.ByteBuffer}s the caller keeps alive, so a call allocates nothing.
 *
 * <p>Every method returns what libc returns; on -1 the caller reads {@link #errno()}, which JNA
 * saves right after the call on the calling thread.
 */
public final class LibC {
    static {
        if (!Platform.isLinux()) {
            throw new UnsupportedOperationException("gallium-net-linux needs Linux, this is " + System.getProperty("os.name"));
        }
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    /** The errno the last native call on this thread left. */
    public static int errno() {
        return Native.getLastError();
    }

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, long sockaddr, int addrlen);

    public static native int getsockname(int fd, long sockaddr, long addrlenPtr);

    public static native int setsockopt(int fd, int level, int name, long value, int length);

    public static native int getsockopt(int fd, int level, int name, long value, long lengthPtr);

    public static native long send(int fd, long buffer, long length, int flags);

    public static native long recv(int fd, long buffer, long length, int flags);

    /** recvmmsg(fd, struct mmsghdr *vector, vlen, flags, struct timespec *timeout). */
    public static native int recvmmsg(int fd, long vector, int count, int flags, long timeout);

    public static native long write(int fd, long buffer, long length);

    public static native long read(int fd, long buffer, long length);

    public static native int close(int fd);

    public static native int open(String path, int flags);

    public static native int setns(int fd, int nstype);

    /** ioctl with no argument (SIOCGSKNS); the third register is ignored by the kernel. */
    public static native int ioctl(int fd, long request, long argument);

    public static native int poll(long fds, long count, int timeoutMillis);

    public static native int pipe2(long fds, int flags);

    public static native String strerror(int errno);
}
