package dev.calendlymcp.tools;

import static dev.calendlymcp.tools.Lookups.text;

import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.OrganizationInvitation;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Calendly's records as the structured content of the non-default toolsets, each with the output
 * schema it conforms to. Field names stay Calendly's snake_case so that a model can pass a value on
 * to another tool or read Calendly's docs about it; URIs and times are strings (UTC, RFC 3339).
 */
final class ResourceMaps {

  private ResourceMaps() {}

  /** One page of a list tool: the items under {@code key}, the cursor, and a line per item. */
  static <T> ToolResult page(
      String key, Page<T> page, Function<T, Map<String, Object>> map, Function<T, String> line) {
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder text = new StringBuilder(page.collection().isEmpty() ? "No " + key + " match."
        : page.collection().size() + " " + (page.collection().size() == 1 ? key.substring(0, key.length() - 1) : key) + ":");
    for (T item : page.collection()) {
      items.add(map.apply(item));
      text.append("\n- ").append(line.apply(item));
    }
    page.nextPageToken().ifPresent(cursor -> text.append("\nMore ").append(key).append(": pass next_cursor as cursor."));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(key, items);
    out.put("next_cursor", page.nextPageToken().orElse(null));
    return new ToolResult(out, text.toString());
  }

  // ---- users

  static Schema userSchema() {
    return Schema.object()
        .required("uri", Schema.string().description("The user's URI; pass it as user to other tools."))
        .required("name", Schema.string().nullable().description("Full name."))
        .required("email", Schema.string().nullable().description("Login email."))
        .required("timezone", Schema.string().nullable().description("IANA time zone, e.g. Europe/Paris."))
        .required("scheduling_url", Schema.string().nullable().description("The user's public booking page."))
        .required("slug", Schema.string().nullable().description("The user's part of Calendly page URLs."))
        .required("organization_uri", Schema.string().nullable()
            .description("The user's current organization; null when Calendly does not show it here."));
  }

  static Map<String, Object> user(User user) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(user.uri()));
    out.put("name", user.name());
    out.put("email", user.email());
    out.put("timezone", user.timezone());
    out.put("scheduling_url", text(user.schedulingUrl()));
    out.put("slug", user.slug());
    out.put("organization_uri", text(user.currentOrganization()));
    return out;
  }

  // ---- availability schedules

  static Schema scheduleSchema() {
    Schema interval = Schema.object()
        .required("from", Schema.string().description("Start, HH:MM in the schedule's time zone."))
        .required("to", Schema.string().description("End, HH:MM; 24:00 is the end of the day."));
    Schema rule = Schema.object()
        .required("type", Schema.string().enumOf("wday", "date", "unknown")
            .description("wday: a weekly rule; date: an override for one date."))
        .required("wday", Schema.string().nullable().description("The weekday, for wday rules."))
        .required("date", Schema.string().nullable().format(Schema.DATE).description("The date, for date rules."))
        .required("intervals", Schema.array(interval)
            .description("Available spans of the day; empty means unavailable all day."));
    return Schema.object()
        .required("uri", Schema.string().description("The schedule's URI."))
        .required("name", Schema.string().nullable().description("The schedule's name, e.g. Working Hours."))
        .required("default", Schema.bool().description("Whether event types use this schedule unless set otherwise."))
        .required("user_uri", Schema.string().nullable().description("The owner's URI."))
        .required("timezone", Schema.string().nullable().description("IANA time zone the rules are in."))
        .required("rules", Schema.array(rule).description("Weekly rules and date overrides."));
  }

  static Map<String, Object> schedule(AvailabilitySchedule schedule) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (AvailabilityRule rule : schedule.rules()) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("type", wire(rule.type()));
      map.put("wday", rule.wday() == null ? null : wire(rule.wday()));
      map.put("date", text(rule.date()));
      List<Map<String, Object>> intervals = new ArrayList<>();
      for (AvailabilityRule.Interval interval : rule.intervals()) {
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("from", interval.from());
        span.put("to", interval.to());
        intervals.add(span);
      }
      map.put("intervals", intervals);
      rules.add(map);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(schedule.uri()));
    out.put("name", schedule.name());
    out.put("default", schedule.defaultSchedule());
    out.put("user_uri", text(schedule.user()));
    out.put("timezone", schedule.timezone());
    out.put("rules", rules);
    return out;
  }

  /** "Working Hours (default, Europe/Paris): monday 09:00-17:00; …" */
  static String scheduleLine(AvailabilitySchedule schedule) {
    StringBuilder text = new StringBuilder().append(schedule.name() == null ? "Unnamed schedule" : schedule.name());
    text.append(" (").append(schedule.defaultSchedule() ? "default, " : "")
        .append(schedule.timezone() == null ? "no time zone" : schedule.timezone()).append("): ");
    List<String> parts = new ArrayList<>();
    for (AvailabilityRule rule : schedule.rules()) {
      String day = rule.wday() != null ? wire(rule.wday()) : text(rule.date());
      List<String> spans = new ArrayList<>();
      rule.intervals().forEach(i -> spans.add(i.from() + "-" + i.to()));
      parts.add(day + " " + (spans.isEmpty() ? "unavailable" : String.join(", ", spans)));
    }
    text.append(parts.isEmpty() ? "no rules" : String.join("; ", parts));
    return text.append('.').toString();
  }

  // ---- invitees

  static Schema inviteeSchema() {
    Schema answer = Schema.object()
        .required("question", Schema.string().nullable().description("The question as the event type asks it."))
        .required("answer", Schema.string().nullable().description("The invitee's answer."));
    return Schema.object()
        .required("uri", Schema.string().description("The invitee's URI; pass it to get_invitee."))
        .required("name", Schema.string().nullable().description("Full name."))
        .required("email", Schema.string().nullable().description("Email address."))
        .required("status", Schema.string().enumOf("active", "canceled", "unknown")
            .description("Whether the invitee is still booked."))
        .required("timezone", Schema.string().nullable().description("The invitee's IANA time zone."))
        .required("event_uri", Schema.string().nullable().description("The scheduled event's URI."))
        .required("created_at", Schema.string().nullable().format(Schema.DATE_TIME).description("When they booked (UTC)."))
        .required("questions_and_answers", Schema.array(answer).description("Answers to the booking questions."))
        .required("cancel_url", Schema.string().nullable().description("Page where the invitee can cancel."))
        .required("reschedule_url", Schema.string().nullable().description("Page where the invitee can pick another time."))
        .required("rescheduled", Schema.bool().description("Whether this booking was replaced by a reschedule."))
        .required("no_show", Schema.bool().description("Whether the host marked the invitee as absent."))
        .required("cancellation", cancellationSchema());
  }

  static Map<String, Object> invitee(Invitee invitee) {
    List<Map<String, Object>> answers = new ArrayList<>();
    if (invitee.questionsAndAnswers() != null) {
      for (QuestionAndAnswer qa : invitee.questionsAndAnswers()) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("question", qa.question());
        map.put("answer", qa.answer());
        answers.add(map);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(invitee.uri()));
    out.put("name", invitee.name());
    out.put("email", invitee.email());
    out.put("status", invitee.status() == null ? "unknown" : wire(invitee.status()));
    out.put("timezone", invitee.timezone());
    out.put("event_uri", text(invitee.event()));
    out.put("created_at", text(invitee.createdAt()));
    out.put("questions_and_answers", answers);
    out.put("cancel_url", text(invitee.cancelUrl()));
    out.put("reschedule_url", text(invitee.rescheduleUrl()));
    out.put("rescheduled", Boolean.TRUE.equals(invitee.rescheduled()));
    out.put("no_show", invitee.noShow() != null);
    out.put("cancellation", cancellation(invitee.cancellation()));
    return out;
  }

  /** "Pat Doe <pat@example.org>, active" */
  static String inviteeLine(Invitee invitee) {
    return invitee.name() + " <" + invitee.email() + ">, "
        + (invitee.status() == null ? "unknown" : wire(invitee.status()))
        + (invitee.noShow() != null ? ", marked no-show" : "");
  }

  private static Schema cancellationSchema() {
    return Schema.object().nullable()
        .description("Who canceled and why; null unless canceled.")
        .required("canceled_by", Schema.string().nullable().description("Name of who canceled."))
        .required("reason", Schema.string().nullable().description("The reason given."))
        .required("canceler_type", Schema.string().enumOf("host", "invitee", "unknown").description("Which side canceled."));
  }

  private static Map<String, Object> cancellation(Cancellation cancellation) {
    if (cancellation == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("canceled_by", cancellation.canceledBy());
    out.put("reason", cancellation.reason());
    out.put("canceler_type", cancellation.cancelerType() == null ? "unknown" : wire(cancellation.cancelerType()));
    return out;
  }

  // ---- organization

  static Schema membershipSchema() {
    return Schema.object()
        .required("uri", Schema.string().description("The membership's URI, which the membership tools take."))
        .required("role", Schema.string().enumOf("user", "admin", "owner", "unknown").description("The member's role."))
        .required("user_uri", Schema.string().nullable().description("The member's user URI."))
        .required("name", Schema.string().nullable().description("The member's name."))
        .required("email", Schema.string().nullable().description("The member's email."))
        .required("timezone", Schema.string().nullable().description("The member's IANA time zone."))
        .required("scheduling_url", Schema.string().nullable().description("The member's booking page."))
        .required("organization_uri", Schema.string().nullable().description("The organization's URI."));
  }

  static Map<String, Object> membership(OrganizationMembership membership) {
    User user = membership.user();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(membership.uri()));
    out.put("role", membership.role() == null ? "unknown" : wire(membership.role()));
    out.put("user_uri", user == null ? null : text(user.uri()));
    out.put("name", user == null ? null : user.name());
    out.put("email", user == null ? null : user.email());
    out.put("timezone", user == null ? null : user.timezone());
    out.put("scheduling_url", user == null ? null : text(user.schedulingUrl()));
    out.put("organization_uri", text(membership.organization()));
    return out;
  }

  /** "Ava Martin <ava@…> (owner)" */
  static String membershipLine(OrganizationMembership membership) {
    User user = membership.user();
    String who = user == null ? text(membership.uri()) : user.name() + " <" + user.email() + ">";
    return who + " (" + (membership.role() == null ? "unknown" : wire(membership.role())) + ")";
  }

  static Schema invitationSchema() {
    return Schema.object()
        .required("uri", Schema.string().description("The invitation's URI, which the invitation tools take."))
        .required("email", Schema.string().nullable().description("Who was invited."))
        .required("status", Schema.string().enumOf("pending", "accepted", "declined", "revoked", "unknown")
            .description("Where the invitation stands; only pending ones can be revoked."))
        .required("organization_uri", Schema.string().nullable().description("The organization's URI."))
        .required("created_at", Schema.string().nullable().format(Schema.DATE_TIME).description("When it was created (UTC)."))
        .required("last_sent_at", Schema.string().nullable().format(Schema.DATE_TIME).description("When the email was last sent (UTC)."))
        .required("user_uri", Schema.string().nullable().description("The user who accepted; null until then."));
  }

  static Map<String, Object> invitation(OrganizationInvitation invitation) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(invitation.uri()));
    out.put("email", invitation.email());
    out.put("status", invitation.status() == null ? "unknown" : wire(invitation.status()));
    out.put("organization_uri", text(invitation.organization()));
    out.put("created_at", text(invitation.createdAt()));
    out.put("last_sent_at", text(invitation.lastSentAt()));
    out.put("user_uri", text(invitation.user()));
    return out;
  }

  static String invitationLine(OrganizationInvitation invitation) {
    return invitation.email() + " (" + (invitation.status() == null ? "unknown" : wire(invitation.status())) + ")";
  }

  // ---- webhooks

  static Schema webhookSchema() {
    return Schema.object()
        .required("uri", Schema.string().description("The subscription's URI; pass it to get or delete it."))
        .required("callback_url", Schema.string().nullable().description("Where Calendly POSTs the events."))
        .required("events", Schema.array(Schema.string()).description("The events delivered, e.g. invitee.created."))
        .required("scope", Schema.string().enumOf("user", "organization", "group", "unknown").description("Whose events are delivered."))
        .required("state", Schema.string().enumOf("active", "disabled", "unknown")
            .description("disabled once Calendly gave up on a failing callback; delete and create it again to resume."))
        .required("organization_uri", Schema.string().nullable().description("The organization's URI."))
        .required("user_uri", Schema.string().nullable().description("The user, for user scope."))
        .required("created_at", Schema.string().nullable().format(Schema.DATE_TIME).description("When it was created (UTC)."))
        .required("retry_started_at", Schema.string().nullable().format(Schema.DATE_TIME)
            .description("Since when deliveries have been failing; null while they succeed."));
  }

  static Map<String, Object> webhook(WebhookSubscription subscription) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", text(subscription.uri()));
    out.put("callback_url", text(subscription.callbackUrl()));
    out.put("events", subscription.events());
    out.put("scope", subscription.scope() == null ? "unknown" : wire(subscription.scope()));
    out.put("state", subscription.state() == null ? "unknown" : wire(subscription.state()));
    out.put("organization_uri", text(subscription.organization()));
    out.put("user_uri", text(subscription.user()));
    out.put("created_at", text(subscription.createdAt()));
    out.put("retry_started_at", text(subscription.retryStartedAt()));
    return out;
  }

  static String webhookLine(WebhookSubscription subscription) {
    return subscription.callbackUrl() + " for " + String.join(", ", subscription.events()) + " ("
        + (subscription.scope() == null ? "unknown" : wire(subscription.scope())) + " scope, "
        + (subscription.state() == null ? "unknown" : wire(subscription.state())) + ")";
  }

  /** An enum constant as Calendly spells it: lower case. */
  static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
