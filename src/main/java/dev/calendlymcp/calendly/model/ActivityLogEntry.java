package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One entry of an organization's activity log (Enterprise): who did what, when.
 *
 * @param namespace the category, e.g. {@code User}
 * @param action e.g. {@code Add}
 * @param fullyQualifiedName {@code namespace.action}
 * @param details what changed; its fields depend on the action
 */
public record ActivityLogEntry(
    URI uri,
    Instant occurredAt,
    String namespace,
    String action,
    String fullyQualifiedName,
    Actor actor,
    URI organization,
    JsonNode details) {

  /** Who acted. */
  public record Actor(URI uri, String type, String displayName, String alternativeIdentifier) {}
}
