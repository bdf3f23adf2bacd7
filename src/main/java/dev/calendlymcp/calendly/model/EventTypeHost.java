package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * One host of an event type ({@code GET /event_type_memberships}).
 *
 * @param uri the membership's own reference
 * @param eventType the event type hosted
 * @param user who hosts
 */
public record EventTypeHost(URI uri, URI eventType, Member user, Instant createdAt, Instant updatedAt) {

  /** The host as a user; fields Calendly leaves out are null. */
  public record Member(URI uri, String name, String slug, String email, URI schedulingUrl, String timezone) {}
}
