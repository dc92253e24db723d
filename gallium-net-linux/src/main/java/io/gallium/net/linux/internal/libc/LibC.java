package io.gallium.net.linux.internal.libc;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The few libc calls the driver needs, bound through JNA direct mapping (no proxy, no per-call
 * reflection). Buffers are passed as raw native addresses ({@code long}) of direct {@link
 * java.nio.ByteBuffer}s the caller keeps alive, so a call allocates nothing.
 *
 * <p>Every method returns what libc returns; on -1 the caller reads {@link #errno()}, which JNA
 * saves right after the call on the calling thread.
 */
public final class LibC {
  static {
    if (!Platform.isLinux()) {
      throw new UnsupportedOperationException(
          "gallium-net-linux needs Linux, this is " + System.getProperty("os.name"));
    }
    Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private LibC() {}

  /** The errno the last native call on this thread left. */
  public static int errno() {
    return Native.getLastError();
  }

  /** socket(2): a new socket descriptor, or -1. */
  public static native int socket(int domain, int type, int protocol);

  /** bind(2) to the address at {@code sockaddr}. */
  public static native int bind(int fd, long sockaddr, int addrlen);

  /** getsockname(2) into the address at {@code sockaddr}. */
  public static native int getsockname(int fd, long sockaddr, long addrlenPtr);

  /** setsockopt(2) with the value at {@code value}. */
  public static native int setsockopt(int fd, int level, int name, long value, int length);

  /** getsockopt(2) into {@code value}, its length at {@code lengthPtr}. */
  public static native int getsockopt(int fd, int level, int name, long value, long lengthPtr);

  /** send(2) of {@code length} bytes at {@code buffer}; bytes sent or -1. */
  public static native long send(int fd, long buffer, long length, int flags);

  /** recv(2) into {@code buffer}; bytes received (the real length with MSG_TRUNC) or -1. */
  public static native long recv(int fd, long buffer, long length, int flags);

  /** recvmmsg(fd, struct mmsghdr *vector, vlen, flags, struct timespec *timeout). */
  public static native int recvmmsg(int fd, long vector, int count, int flags, long timeout);

  /** write(2); bytes written or -1. */
  public static native long write(int fd, long buffer, long length);

  /** read(2); bytes read or -1. */
  public static native long read(int fd, long buffer, long length);

  /** close(2). */
  public static native int close(int fd);

  /** open(2) of a path; a descriptor or -1. */
  public static native int open(String path, int flags);

  /** setns(2): moves the calling thread into the namespace of {@code fd}. */
  public static native int setns(int fd, int nstype);

  /** ioctl with no argument (SIOCGSKNS); the third register is ignored by the kernel. */
  public static native int ioctl(int fd, long request, long argument);

  /** poll(2) over {@code count} struct pollfd at {@code fds}. */
  public static native int poll(long fds, long count, int timeoutMillis);

  /** pipe2(2): two descriptors written at {@code fds}. */
  public static native int pipe2(long fds, int flags);

  /** strerror(3): the C library's description of an errno. */
  public static native String strerror(int errno);
}
