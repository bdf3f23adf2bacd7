package dev.calendlymcp.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The scopes our authorization server grants MCP clients. */
public final class Scopes {

  /** Read tools. */
  public static final String READ = "calendly:read";
  /** Tools that change something at Calendly; includes {@link #READ}. */
  public static final String WRITE = "calendly:write";

  public static final List<String> SUPPORTED = List.of(READ, WRITE);

  private Scopes() {}

  /** What a request for {@code requested} is granted: all we offer when it names none. */
  static Set<String> grantFor(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return Set.copyOf(SUPPORTED);
    }
    Set<String> granted = new LinkedHashSet<>(requested);
    if (granted.contains(WRITE)) {
      granted.add(READ);
    }
    return granted;
  }

  static boolean allowsMcp(Set<String> scopes) {
    return scopes.contains(READ) || scopes.contains(WRITE);
  }
}
