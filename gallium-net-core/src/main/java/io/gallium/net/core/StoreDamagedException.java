package io.gallium.net.core;

/**
 * A record gallium-net keeps in its state store (the journal of an interrupted apply, or the
 * catalog of network names) is not whole, or is in a format this version does not read; it was not
 * used, and nothing on the host was changed because of it. The message names the record, says what
 * is wrong with it and what to do.
 */
public final class StoreDamagedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * With a message naming the record and what to do.
   *
   * @param message where the record is, what is wrong, what to do
   */
  public StoreDamagedException(String message) {
    super(message);
  }
}
