package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.EventLocation;
import dev.calendlymcp.calendly.model.EventMembership;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How scheduled events and invitees look in tool results, and the output schemas that describe
 * them, shared by the tools that list, read, book, cancel and reschedule meetings so that a
 * meeting reads the same wherever it appears.
 */
final class MeetingViews {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private MeetingViews() {}

  /** A meeting as list_scheduled_events returns it; other tools refer to this shape by name. */
  static Schema eventSchema() {
    return Schema.object()
        .strings("uri", "name")
        .field("status", statusSchema())
        .strings("start_time", "end_time", "event_type_uri")
        .field("location", Schema.object().strings("type", "location", "join_url"))
        .integers("invitees_active", "invitees_limit")
        .field("hosts", Schema.listOf(Schema.object().strings("user_uri", "name", "email")))
        .field("cancellation", Schema.object().strings("canceled_by", "canceler_type", "reason", "canceled_at"));
  }

  static Schema statusSchema() {
    return Schema.string().enumOf("active", "canceled", "unknown");
  }

  static Map<String, Object> event(ScheduledEvent event) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(event.uri()));
    out.put("name", event.name());
    out.put("status", status(event.status()));
    out.put("start_time", text(event.startTime()));
    out.put("end_time", text(event.endTime()));
    out.put("event_type_uri", text(event.eventType()));
    out.put("location", location(event.location()));
    out.put("invitees_active", event.inviteesCounter() == null ? null : event.inviteesCounter().active());
    out.put("invitees_limit", event.inviteesCounter() == null ? null : event.inviteesCounter().limit());
    List<Map<String, Object>> hosts = new ArrayList<>();
    if (event.eventMemberships() != null) {
      for (EventMembership host : event.eventMemberships()) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("user_uri", text(host.user()));
        h.put("name", host.userName());
        h.put("email", host.userEmail());
        hosts.add(h);
      }
    }
    out.put("hosts", hosts);
    if (event.cancellation() != null) {
      out.put("cancellation", cancellation(event.cancellation()));
    }
    return out;
  }

  static Schema inviteeSchema() {
    return Schema.object()
        .strings("uri", "name", "email")
        .field("status", statusSchema())
        .strings("timezone")
        .field("questions_and_answers", Schema.listOf(Schema.object().strings("question", "answer")))
        .strings("cancel_url", "reschedule_url", "created_at");
  }

  static Map<String, Object> invitee(Invitee invitee) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(invitee.uri()));
    out.put("name", invitee.name());
    out.put("email", invitee.email());
    out.put("status", status(invitee.status()));
    out.put("timezone", invitee.timezone());
    List<Map<String, Object>> answers = new ArrayList<>();
    if (invitee.questionsAndAnswers() != null) {
      for (QuestionAndAnswer qa : invitee.questionsAndAnswers()) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("question", qa.question());
        a.put("answer", qa.answer());
        answers.add(a);
      }
    }
    out.put("questions_and_answers", answers);
    out.put("cancel_url", text(invitee.cancelUrl()));
    out.put("reschedule_url", text(invitee.rescheduleUrl()));
    out.put("created_at", text(invitee.createdAt()));
    return out;
  }

  /** {@code instant} in {@code zone} with its offset, e.g. {@code 2026-03-02T10:00+01:00}. */
  static String local(Instant instant, ZoneId zone) {
    return instant == null ? null : instant.atZone(zone).toOffsetDateTime().toString();
  }

  /**
   * One line for a meeting in a list, in local time and with whom: {@code 30 Minute Meeting, Mon 2
   * Mar 2026 10:00–10:30 Europe/Paris, with Pat Doe <pat@example.org> — URI}.
   *
   * @param invitees null when they were not read
   */
  static String line(ScheduledEvent event, ZoneId zone, List<Invitee> invitees) {
    StringBuilder line = new StringBuilder(event.name() == null ? "Meeting" : event.name()).append(", ");
    if (event.startTime() != null) {
      line.append(FindTimesTool.localLabel(event.startTime(), zone));
      if (event.endTime() != null) {
        line.append(" to ").append(CLOCK.format(event.endTime().atZone(zone)));
      }
    }
    if (event.status() != EventStatus.ACTIVE) {
      line.append(" (").append(status(event.status())).append(')');
    }
    if (invitees != null) {
      line.append(invitees.isEmpty() ? ", no invitees" : ", with " + invitees.stream()
          .map(i -> i.name() + " <" + i.email() + ">")
          .collect(Collectors.joining(", ")));
      Integer active = event.inviteesCounter() == null ? null : event.inviteesCounter().active();
      if (active != null && active > invitees.size()) {
        line.append(" and ").append(active - invitees.size()).append(" more");
      }
    }
    return line.append(" — ").append(event.uri()).toString();
  }

  /** One line for a meeting in a text rendering. */
  static String line(ScheduledEvent event) {
    StringBuilder line = new StringBuilder()
        .append(event.name() == null ? "Meeting" : event.name())
        .append(", ").append(event.startTime()).append(" to ").append(event.endTime());
    if (event.status() != EventStatus.ACTIVE) {
      line.append(" (").append(status(event.status())).append(')');
    }
    return line.append(" — ").append(event.uri()).toString();
  }

  static String status(EventStatus status) {
    return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> location(EventLocation location) {
    if (location == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", location.type());
    out.put("location", location.location());
    out.put("join_url", location.joinUrl());
    return out;
  }

  private static Map<String, Object> cancellation(Cancellation cancellation) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("canceled_by", cancellation.canceledBy());
    out.put("canceler_type", cancellation.cancelerType() == null
        ? null : cancellation.cancelerType().name().toLowerCase(Locale.ROOT));
    out.put("reason", cancellation.reason());
    out.put("canceled_at", text(cancellation.createdAt()));
    return out;
  }

  static String text(Object value) {
    return value == null ? null : value instanceof Instant instant ? instant.toString() : value.toString();
  }
}
