package dev.calendlymcp.tools;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, once, whichever thread asks first. For the caches
 * tools keep between calls: building a Caffeine cache loads about 85 classes, which a stdio server
 * would otherwise load before its first answer, for tools a session may never call.
 */
final class OnFirstUse<T> implements Supplier<T> {

  private final Supplier<T> make;
  private volatile T value;

  OnFirstUse(Supplier<T> make) {
    this.make = Objects.requireNonNull(make, "make");
  }

  @Override
  public T get() {
    T made = value;
    if (made == null) {
      synchronized (this) {
        made = value;
        if (made == null) {
          made = Objects.requireNonNull(make.get(), "made");
          value = made;
        }
      }
    }
    return made;
  }
}
