package dev.calendlymcp.webhooks;

import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a verified delivery body ({@code {"event", "created_at", "created_by", "payload"}}) means:
 * the key that recognises its retries, the change it makes, and the Calendly users it concerns.
 *
 * <p>A reschedule comes as two deliveries (Calendly's "Webhook Payloads for Rescheduled Events"
 * page): {@code invitee.canceled} with {@code rescheduled: true} and {@code new_invitee}, and
 * {@code invitee.created} with {@code old_invitee}, in either order. Each half names both
 * invitees, so each yields the whole linked change, and both get the same key: the first to
 * arrive is processed, the second is a duplicate. One reschedule, one change.
 */
final class DeliveryReading {

  private static final String INVITEES = "/invitees/";

  private DeliveryReading() {}

  /** Whether the body has the shape of a Calendly delivery at all. */
  static boolean wellFormed(JsonNode envelope) {
    return envelope != null && envelope.isObject() && text(envelope, "event").isPresent()
        && envelope.path("payload").isObject();
  }

  /**
   * The same for every retry of one delivery, and for both halves of a reschedule: Calendly sends
   * no delivery id, but an event of one kind about one invitee (or event type) at one moment
   * happens once.
   */
  static String key(JsonNode envelope, byte[] body) {
    JsonNode payload = envelope.path("payload");
    Optional<String> rescheduledFrom = rescheduledFrom(envelope);
    if (rescheduledFrom.isPresent()) {
      return sha256("rescheduled\n" + rescheduledFrom.get());
    }
    Optional<String> uri = text(payload, "uri");
    if (uri.isPresent()) {
      return sha256(text(envelope, "event").orElse("") + "\n" + uri.get() + "\n"
          + text(envelope, "created_at").orElse(""));
    }
    return sha256(new String(body, StandardCharsets.UTF_8));
  }

  /** The change the delivery makes, if it is one a watcher of the calendar cares about. */
  static Optional<Change.Draft> change(JsonNode envelope, Instant at) {
    JsonNode payload = envelope.path("payload");
    String event = text(envelope, "event").orElse("");
    Optional<String> invitee = text(payload, "uri");
    Optional<String> meeting = text(payload.path("scheduled_event"), "uri").or(() -> text(payload, "event"));
    switch (event) {
      case "invitee.created": {
        Optional<String> old = text(payload, "old_invitee");
        if (old.isPresent() && invitee.isPresent() && meeting.isPresent()) {
          return Optional.of(Change.Draft.rescheduled(at, eventOf(old.get()), old.get(), meeting.get(), invitee.get()));
        }
        return meeting.map(uri -> new Change.Draft(ChangeKind.BOOKED, at, uri, invitee, Optional.empty(), Optional.empty()));
      }
      case "invitee.canceled": {
        Optional<String> next = payload.path("rescheduled").asBoolean(false) ? text(payload, "new_invitee") : Optional.empty();
        if (next.isPresent() && invitee.isPresent() && meeting.isPresent()) {
          return Optional.of(Change.Draft.rescheduled(at, meeting.get(), invitee.get(), eventOf(next.get()), next.get()));
        }
        return meeting.map(uri -> new Change.Draft(ChangeKind.CANCELED, at, uri, invitee, Optional.empty(), Optional.empty()));
      }
      case "event_type.created", "event_type.updated", "event_type.deleted":
        return invitee.map(uri -> Change.Draft.of(ChangeKind.EVENT_TYPE_CHANGED, at, uri));
      default:
        // No-shows, routing forms, recaps, contacts: acknowledged, but no calendar resource changes.
        return Optional.empty();
    }
  }

  /** The Calendly users the delivery concerns: a meeting's hosts, an event type's owner, else its creator. */
  static Set<String> users(JsonNode envelope) {
    Set<String> users = new LinkedHashSet<>();
    for (JsonNode member : envelope.path("payload").path("scheduled_event").path("event_memberships")) {
      text(member, "user").ifPresent(users::add);
    }
    text(envelope.path("payload").path("profile"), "owner").ifPresent(users::add);
    if (users.isEmpty()) {
      text(envelope, "created_by").ifPresent(users::add);
    }
    return users;
  }

  /** For either half of a reschedule, the canceled invitee; empty for anything else. */
  private static Optional<String> rescheduledFrom(JsonNode envelope) {
    JsonNode payload = envelope.path("payload");
    String event = text(envelope, "event").orElse("");
    if (event.equals("invitee.created")) {
      return text(payload, "old_invitee");
    }
    if (event.equals("invitee.canceled") && payload.path("rescheduled").asBoolean(false)
        && text(payload, "new_invitee").isPresent()) {
      return text(payload, "uri");
    }
    return Optional.empty();
  }

  /** An invitee URI ({@code …/scheduled_events/<uuid>/invitees/<uuid>}) names its event. */
  private static String eventOf(String inviteeUri) {
    int at = inviteeUri.indexOf(INVITEES);
    return at < 0 ? inviteeUri : inviteeUri.substring(0, at);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() && !value.asString().isBlank()
        ? Optional.of(value.asString())
        : Optional.empty();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
