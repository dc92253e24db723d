package io.gallium.net.core;

/**
 * A record gallium-net keeps in its state store (the journal of an interrupted apply, the catalog
 * of network names, a VM port's state from before it was attached) is not whole, is in a format
 * this version does not read, or (a journal) belongs to another host, on Linux another network
 * namespace; it was not used, and nothing on the host was changed because of it. The message names
 * the record, says what is wrong with it and what to do.
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
