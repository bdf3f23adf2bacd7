package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.EventLocation;
import dev.calendlymcp.calendly.model.EventMembership;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How scheduled events and invitees look in tool results, and the output schemas that describe
 * them, shared by the tools that list, read, book, cancel and reschedule meetings so that a
 * meeting reads the same wherever it appears.
 */
final class MeetingViews {

  private MeetingViews() {}

  /** Output fields carry a description only where the name does not say it all, to keep tools/list small. */
  static Schema eventSchema() {
    Schema nullableText = Schema.string().nullable();
    return Schema.object()
        .required("uri", Schema.string().description("For get_scheduled_event, cancel_event, reschedule_meeting."))
        .required("name", Schema.string().nullable())
        .required("status", Schema.string().enumOf("active", "canceled", "unknown"))
        .required("start_time", Schema.string().nullable().format(Schema.DATE_TIME))
        .required("end_time", Schema.string().nullable().format(Schema.DATE_TIME))
        .required("event_type_uri", nullableText)
        .required("location", Schema.object().nullable()
            .required("type", nullableText)
            .optional("location", nullableText)
            .optional("join_url", nullableText))
        .required("invitees_active", Schema.integer().nullable())
        .required("invitees_limit", Schema.integer().nullable())
        .required("hosts", Schema.array(Schema.object()
            .required("user_uri", nullableText)
            .required("name", nullableText)
            .required("email", nullableText)))
        .optional("cancellation", Schema.object()
            .required("canceled_by", nullableText)
            .required("canceler_type", nullableText)
            .required("reason", nullableText)
            .required("canceled_at", Schema.string().nullable().format(Schema.DATE_TIME)));
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
    Schema nullableText = Schema.string().nullable();
    return Schema.object()
        .required("uri", Schema.string())
        .required("name", nullableText)
        .required("email", nullableText)
        .required("status", Schema.string().enumOf("active", "canceled", "unknown"))
        .required("timezone", nullableText)
        .required("questions_and_answers", Schema.array(Schema.object()
            .required("question", nullableText)
            .required("answer", nullableText)))
        .required("cancel_url", nullableText)
        .required("reschedule_url", nullableText)
        .required("created_at", Schema.string().nullable().format(Schema.DATE_TIME));
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
