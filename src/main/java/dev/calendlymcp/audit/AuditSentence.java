package dev.calendlymcp.audit;

import dev.calendlymcp.text.UntrustedText;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * One record as one line of plain English, e.g. {@code Mon 24 Nov 10:02 UTC · "Sales assistant"
 * booked "Intro call" with j***@example.com for Tue 25 Nov 15:00 CET — allowed (booking: write)}.
 * Names an agent or invitee chose are cleaned and quoted, never read as the server's own words.
 */
public final class AuditSentence {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

  private AuditSentence() {}

  public static String of(AuditRecord record) {
    StringBuilder line = new StringBuilder();
    ZonedDateTime at = record.time().atZone(ZoneOffset.UTC);
    line.append(WHEN.format(at)).append(" UTC · ");
    line.append(UntrustedText.quoted(UntrustedText.name(record.agent().isEmpty() ? record.agentId() : record.agent())));
    boolean done = record.decision() != AuditDecision.DENIED && record.outcome().equals(AuditRecord.OK);
    line.append(' ').append(action(record, done));
    line.append(" — ").append(record.decision().wireName());
    if (!record.rule().isEmpty()) {
      line.append(" (").append(record.rule()).append(')');
    }
    switch (record.outcome()) {
      case AuditRecord.ERROR -> line.append(", failed: ")
          .append(record.errorCode().isEmpty() ? "error" : record.errorCode());
      case AuditRecord.CANCELLED -> line.append(", cancelled by the client");
      default -> { }
    }
    return line.toString();
  }

  /** "booked …" when it happened; "tried to book …" when it was denied or failed. */
  private static String action(AuditRecord record, boolean done) {
    Map<String, String> target = record.target();
    String eventType = quotedOr(target.get("event_type_name"), target.get("event_type"));
    String event = quotedOr(target.get("event_name"), target.get("event"));
    String invitee = plain(target.getOrDefault("invitee_email", target.get("invitee_name")));
    String when = when(target.get("start_time"), target.get("timezone"));
    String thing = switch (record.tool()) {
      case "book_meeting" -> verb(done, "booked", "book") + " " + orSomething(eventType, orSomething(event, "a meeting"))
          + with(invitee) + (when.isEmpty() ? "" : " for " + when);
      case "reschedule_meeting" -> verb(done, "rescheduled", "reschedule") + " " + orSomething(event, "a meeting")
          + (when.isEmpty() ? "" : " to " + when);
      case "cancel_event" -> verb(done, "cancelled", "cancel") + " " + orSomething(event, "a meeting");
      case "get_scheduled_event" -> verb(done, "read", "read") + " " + orSomething(event, "a meeting");
      case "get_invitee" -> verb(done, "read", "read") + " invitee " + orSomething(invitee, "details");
      case "create_booking_link" -> verb(done, "created a booking link for", "create a booking link for") + " "
          + orSomething(eventType, "an event type");
      case "delete_invitee_data" -> verb(done, "asked Calendly to delete the data of", "delete the data of") + " "
          + orSomething(invitee, "invitees");
      default -> verb(done, "used", "use") + " " + record.tool()
          + (event.isEmpty() ? "" : " on " + event)
          + (eventType.isEmpty() || !event.isEmpty() ? "" : " on " + eventType);
    };
    return thing;
  }

  private static String verb(boolean done, String past, String infinitive) {
    return done ? past : "tried to " + infinitive;
  }

  private static String with(String invitee) {
    return invitee.isEmpty() ? "" : " with " + invitee;
  }

  private static String orSomething(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  /** A name in quotes; without a name, the URI's last segment so the line stays short. */
  private static String quotedOr(String name, String uri) {
    if (name != null && !name.isBlank()) {
      return UntrustedText.quoted(UntrustedText.name(name));
    }
    if (uri != null && !uri.isBlank()) {
      String clean = UntrustedText.name(uri);
      int slash = clean.lastIndexOf('/');
      return slash >= 0 && slash < clean.length() - 1 ? clean.substring(slash + 1) : clean;
    }
    return "";
  }

  private static String plain(String value) {
    return value == null ? "" : UntrustedText.name(value);
  }

  /** {@code Tue 25 Nov 15:00 CET} in the invitee's zone when known, else with the offset given. */
  static String when(String startTime, String timezone) {
    if (startTime == null || startTime.isBlank()) {
      return "";
    }
    Instant instant;
    OffsetDateTime given;
    try {
      given = OffsetDateTime.parse(startTime.strip());
      instant = given.toInstant();
    } catch (DateTimeParseException e) {
      return UntrustedText.name(startTime);
    }
    ZoneId zone;
    try {
      zone = timezone == null || timezone.isBlank() ? given.getOffset() : ZoneId.of(timezone.strip());
    } catch (DateTimeException e) {
      zone = given.getOffset();
    }
    ZonedDateTime local = instant.atZone(zone);
    String zoneName = zone instanceof ZoneOffset offset
        ? (offset.equals(ZoneOffset.UTC) ? "UTC" : "UTC" + offset.getId())
        : local.format(ZONE);
    return WHEN.format(local) + " " + zoneName;
  }
}
