package dev.calendlymcp.sandbox.auth;

import java.util.Collection;
import java.util.List;

/** Calendly's OAuth scopes ({@code resource:action}) and how a token's scopes grant one. */
public final class Scopes {

  /** Every scope the 28 endpoints use; seeded tokens carry all of them. */
  public static final List<String> ALL =
      List.of(
          "users:read",
          "event_types:read",
          "event_types:write",
          "scheduled_events:read",
          "scheduled_events:write",
          "availability:read",
          "scheduling_links:write",
          "organizations:read",
          "organizations:write",
          "webhooks:read",
          "webhooks:write",
          "data_compliance:write");

  private Scopes() {}

  /** Whether {@code granted} covers {@code required}; a write scope includes its read. */
  public static boolean grants(Collection<String> granted, String required) {
    if (granted.contains(required)) {
      return true;
    }
    return required.endsWith(":read")
        && granted.contains(required.substring(0, required.length() - ":read".length()) + ":write");
  }

  /** Whether {@code scope} is one Calendly defines. */
  public static boolean isKnown(String scope) {
    return ALL.contains(scope) || scope.endsWith(":read") && ALL.contains(scope.replace(":read", ":write"));
  }
}
