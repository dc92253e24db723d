package io.gallium.net.linux.internal.netlink;

import io.gallium.net.linux.NetlinkException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What became of each request of a batch. A request is done when the kernel acknowledged it without
 * error; failed when it answered an error; neither when it was never sent because an earlier one
 * failed. Undoing a half-applied batch means undoing exactly the done ones.
 *
 * @param size the number of requests in the batch
 * @param done indexes of the requests the kernel carried out
 * @param failures the error of each failed request, by index, in order
 */
public record BatchResult(int size, BitSet done, Map<Integer, NetlinkException> failures) {
  public BatchResult {
    done = (BitSet) done.clone();
    failures = Map.copyOf(failures);
  }

  /** The indexes of the requests carried out (a copy). */
  @Override
  public BitSet done() {
    return (BitSet) done.clone();
  }

  /** Whether request {@code index} was carried out. */
  public boolean isDone(int index) {
    return done.get(index);
  }

  /** Whether every request was carried out. */
  public boolean succeeded() {
    return failures.isEmpty() && done.cardinality() == size;
  }

  /** The failure of the lowest-indexed failed request. */
  public Optional<NetlinkException> firstFailure() {
    return failures.keySet().stream().min(Integer::compare).map(failures::get);
  }

  /** Throws the first failure, if any; otherwise returns quietly. */
  public void throwIfFailed() {
    Optional<NetlinkException> first = firstFailure();
    if (first.isPresent()) {
      NetlinkException e = first.get();
      List<NetlinkException> others = failures.values().stream().filter(f -> f != e).toList();
      others.forEach(e::addSuppressed);
      throw e;
    }
    if (done.cardinality() != size) {
      throw new IllegalStateException(
          (size - done.cardinality()) + " of " + size + " requests were not carried out");
    }
  }
}
