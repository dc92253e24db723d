package io.gallium.net.linux.testing;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.gallium.net.linux.internal.libc.NativeMemory;
import java.nio.ByteBuffer;

/**
 * Drops a capability from the calling thread's effective set (capabilities are per thread on
 * Linux), so a test thread can act as an unprivileged caller while the JVM stays root. Numbers from
 * {@code /usr/include/linux/capability.h}.
 */
public final class Capabilities {
  /** capability.h: _LINUX_CAPABILITY_VERSION_3 (two 32-bit data words). */
  private static final int VERSION_3 = 0x20080522;

  /** capability.h: CAP_NET_ADMIN. */
  public static final int CAP_NET_ADMIN = 12;

  private static final int HEADER_SIZE = 8;

  /** struct __user_cap_data_struct {u32 effective, permitted, inheritable;} x 2. */
  private static final int DATA_SIZE = 24;

  static {
    Native.register(Capabilities.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private Capabilities() {}

  private static native int capget(long header, long data);

  private static native int capset(long header, long data);

  /** Removes {@code capability} from this thread's effective set; the thread should end after. */
  public static void dropEffective(int capability) {
    ByteBuffer memory = NativeMemory.allocate(HEADER_SIZE + DATA_SIZE);
    long header = NativeMemory.address(memory);
    memory.putInt(0, VERSION_3);
    memory.putInt(4, 0);
    if (capget(header, header + HEADER_SIZE) != 0) {
      throw new IllegalStateException("capget failed: errno " + Native.getLastError());
    }
    int word = HEADER_SIZE + (capability / 32) * 12;
    memory.putInt(word, memory.getInt(word) & ~(1 << (capability % 32)));
    if (capset(header, header + HEADER_SIZE) != 0) {
      throw new IllegalStateException("capset failed: errno " + Native.getLastError());
    }
  }
}
