package dev.calendlymcp.calendly;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Per-call cache choice, carried in the Reactor context like {@link Deadline}: {@code
 * mono.contextWrite(CacheMode.bypass())} makes every read upstream of it go to Calendly (and
 * refresh the cache with what it gets).
 */
public final class CacheMode {

  private static final Object KEY = CacheMode.class;

  private CacheMode() {}

  public static Context bypass() {
    return Context.of(KEY, Boolean.TRUE);
  }

  static boolean isBypass(ContextView context) {
    return context.getOrDefault(KEY, Boolean.FALSE);
  }
}
