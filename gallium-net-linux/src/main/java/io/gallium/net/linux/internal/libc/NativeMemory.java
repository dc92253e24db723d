package io.gallium.net.linux.internal.libc;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Direct buffers in the kernel's byte order, and their native addresses for {@link LibC}. */
public final class NativeMemory {
  private NativeMemory() {}

  /** A zeroed direct buffer in native byte order (netlink headers are host-endian). */
  public static ByteBuffer allocate(int capacity) {
    return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
  }

  /** The native address of a direct buffer's first byte (index 0, not its position). */
  public static long address(ByteBuffer direct) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("a native call needs a direct buffer");
    }
    return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
  }
}
