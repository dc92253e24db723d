package io.gallium.net.core.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, by a pure function, and then kept; safe to share
 * between threads. It is how a batched attach's caller gets its part of the plan: made only if the
 * caller looks at it, so that 64 callers of one batch do not each plan again what the batch already
 * carried out.
 *
 * @param <T> the value's type
 */
public final class Once<T> implements Supplier<T> {

  private volatile T value;
  private Supplier<? extends T> make;

  private Once(Supplier<? extends T> make) {
    this.make = make;
  }

  /**
   * A value {@code make} gives when first asked for.
   *
   * @param make a pure function, called at most once
   * @param <T> the value's type
   * @return the value to be made
   */
  public static <T> Once<T> of(Supplier<? extends T> make) {
    return new Once<>(Objects.requireNonNull(make, "make"));
  }

  /**
   * A value there already.
   *
   * @param value the value
   * @param <T> the value's type
   * @return it, as a {@code Once}
   */
  public static <T> Once<T> now(T value) {
    Once<T> o = new Once<>(null);
    o.value = Objects.requireNonNull(value, "value");
    return o;
  }

  /**
   * The value, made now if it has not been.
   *
   * @throws NullPointerException if the function gave null
   */
  @Override
  public T get() {
    T v = value;
    if (v != null) {
      return v;
    }
    synchronized (this) {
      if (value == null) {
        value = Objects.requireNonNull(make.get(), "made value");
        make = null;
      }
      return value;
    }
  }
}
