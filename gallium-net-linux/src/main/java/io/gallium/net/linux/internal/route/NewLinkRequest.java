package io.gallium.net.linux.internal.route;

import static io.gallium.net.linux.internal.Kernel.NLM_F_CREATE;
import static io.gallium.net.linux.internal.Kernel.NLM_F_EXCL;

/**
 * A request that creates a device: addressed by its new name, and refused (EEXIST) rather than
 * changing a device that has that name already.
 */
interface NewLinkRequest extends LinkRequest {

  /** The new device's name (a kernel name, at most 15 bytes). */
  String name();

  /** The new device, by name. */
  @Override
  default LinkRef link() {
    return LinkRef.named(name());
  }

  @Override
  default String device() {
    return name();
  }

  @Override
  default int extraFlags() {
    return NLM_F_EXCL | NLM_F_CREATE;
  }
}
