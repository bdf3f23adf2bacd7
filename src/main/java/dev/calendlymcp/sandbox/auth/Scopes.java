package dev.calendlymcp.sandbox.auth;

import java.util.Collection;
import java.util.List;

/** Calendly's OAuth scopes ({@code resource:action}) and how a token's scopes grant one. */
public final class Scopes {

  /**
   * Every scope of Calendly's Scope Catalog, including {@code contacts:*} (2026-05-27) and {@code
   * meeting_recaps:*} (2026-07-22) and {@code shares:read} (2026-11-06), which the release notes
   * added; seeded tokens carry all of
   * them. The order is the one token responses list scopes in: the 28 endpoints' scopes first, a
   * write next to its read, then the rest of the catalog.
   */
  public static final List<String> ALL =
      List.of(
          "users:read",
          "event_types:read",
          "event_types:write",
          "scheduled_events:read",
          "scheduled_events:write",
          "availability:read",
          "availability:write",
          "scheduling_links:write",
          "organizations:read",
          "organizations:write",
          "webhooks:read",
          "webhooks:write",
          "data_compliance:write",
          "locations:read",
          "routing_forms:read",
          "shares:read",
          "shares:write",
          "groups:read",
          "activity_log:read",
          "outgoing_communications:read",
          "contacts:read",
          "contacts:write",
          "meeting_recaps:read",
          "meeting_recaps:write");

  private Scopes() {}

  /** Whether {@code granted} covers {@code required}; a write scope includes its read. */
  public static boolean grants(Collection<String> granted, String required) {
    if (granted.contains(required)) {
      return true;
    }
    return required.endsWith(":read")
        && granted.contains(required.substring(0, required.length() - ":read".length()) + ":write");
  }

  /** Whether {@code granted} covers at least one of {@code anyOf}. */
  public static boolean grantsAny(Collection<String> granted, Collection<String> anyOf) {
    return anyOf.stream().anyMatch(required -> grants(granted, required));
  }

  /** Whether {@code scope} is one Calendly defines. */
  public static boolean isKnown(String scope) {
    return ALL.contains(scope) || scope.endsWith(":read") && ALL.contains(scope.replace(":read", ":write"));
  }
}
