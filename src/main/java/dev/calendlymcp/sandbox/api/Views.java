package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.availability.LocalInterval;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.model.Cancellation;
import dev.calendlymcp.sandbox.model.CustomQuestion;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import dev.calendlymcp.sandbox.model.Guest;
import dev.calendlymcp.sandbox.model.Invitation;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.QuestionAnswer;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.Tracking;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.model.User;
import dev.calendlymcp.sandbox.model.WebhookSubscription;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders model records as Calendly's JSON resources, field for field and in a fixed order, so
 * equal state always gives byte-identical responses. Callers hold the store's read lock (some
 * resources embed other records, e.g. an event's hosts).
 *
 * <p>Links meant for people (scheduling pages, cancel and reschedule pages) are built from the
 * sandbox's base URL the way Calendly builds them from {@code https://calendly.com}; the sandbox
 * does not serve them.
 */
public final class Views {

  private static final List<DayOfWeek> WEEK =
      List.of(
          DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
          DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);

  private final Uris uris;
  private final SandboxStore store;

  public Views(Uris uris, SandboxStore store) {
    this.uris = uris;
    this.store = store;
  }

  /** The user's scheduling landing page. */
  public String schedulingUrl(User user) {
    return uris.page(user.slug());
  }

  /** The event type's booking page. */
  public String schedulingUrl(EventType eventType) {
    String owner = store.user(eventType.ownerUuid()).map(User::slug).orElse("unknown");
    return uris.page(owner + "/" + eventType.slug());
  }

  public ObjectNode user(User user) {
    ObjectNode node = Json.object();
    node.put("uri", uris.user(user.uuid()));
    node.put("name", user.name());
    node.put("slug", user.slug());
    node.put("email", user.email());
    node.put("scheduling_url", schedulingUrl(user));
    node.put("timezone", user.timezone());
    node.put("time_notation", user.timeNotation());
    node.putNull("avatar_url");
    node.put("created_at", Json.timestamp(user.createdAt()));
    node.put("updated_at", Json.timestamp(user.updatedAt()));
    node.put("current_organization", uris.organization(user.organizationUuid()));
    node.put("resource_type", "User");
    node.put("locale", user.locale());
    return node;
  }

  /**
   * An organization: its plan as the sandbox names it ({@code free}, {@code standard}, {@code
   * teams}, {@code enterprise}) and its stage ({@code free} or {@code paid}).
   */
  public ObjectNode organization(Organization organization) {
    ObjectNode node = Json.object();
    node.put("uri", uris.organization(organization.uuid()));
    node.put("name", organization.name());
    node.put("plan", organization.plan().wireName());
    node.put("stage", organization.plan().isPaid() ? "paid" : "free");
    node.put("created_at", Json.timestamp(organization.createdAt()));
    node.put("updated_at", Json.timestamp(organization.createdAt()));
    return node;
  }

  public ObjectNode eventType(EventType eventType) {
    ObjectNode node = Json.object();
    node.put("uri", uris.eventType(eventType.uuid()));
    node.put("name", eventType.name());
    node.put("active", eventType.active());
    node.put("booking_method", "instant");
    node.put("slug", eventType.slug());
    node.put("scheduling_url", schedulingUrl(eventType));
    node.put("duration", eventType.durationMinutes());
    if (eventType.durationOptions() == null) {
      node.putNull("duration_options");
    } else {
      ArrayNode options = node.putArray("duration_options");
      eventType.durationOptions().forEach(options::add);
    }
    node.put("kind", eventType.kind());
    node.putNull("pooling_type");
    node.put("type", eventType.adhoc() ? "AdhocEventType" : "StandardEventType");
    node.put("color", eventType.color());
    node.put("created_at", Json.timestamp(eventType.createdAt()));
    node.put("updated_at", Json.timestamp(eventType.updatedAt()));
    node.put("internal_note", eventType.internalNote());
    node.put("description_plain", eventType.descriptionPlain());
    node.put(
        "description_html",
        eventType.descriptionPlain() == null ? null : "<p>" + escapeHtml(eventType.descriptionPlain()) + "</p>");
    ObjectNode profile = node.putObject("profile");
    profile.put("type", "User");
    profile.put("name", store.user(eventType.ownerUuid()).map(User::name).orElse(null));
    profile.put("owner", uris.user(eventType.ownerUuid()));
    node.put("secret", eventType.secret());
    node.putNull("deleted_at");
    node.put("admin_managed", eventType.adminManaged());
    node.put("position", eventType.position());
    node.put("locale", eventType.locale());
    // Calendly's 2026-11-13 release: increment and buffers on every event type, the increment
    // null for one-off ones.
    if (eventType.adhoc()) {
      node.putNull("start_time_increment");
    } else {
      node.put("start_time_increment", eventType.incrementMinutes());
    }
    node.put("before_buffer", eventType.bufferBeforeMinutes());
    node.put("after_buffer", eventType.bufferAfterMinutes());
    ArrayNode locations = node.putArray("locations");
    for (EventTypeLocation location : eventType.locations()) {
      ObjectNode item = locations.addObject();
      item.put("kind", location.kind());
      if (location.location() != null) {
        item.put("location", location.location());
      }
      if (location.additionalInfo() != null) {
        item.put("additional_info", location.additionalInfo());
      }
    }
    ArrayNode questions = node.putArray("custom_questions");
    for (CustomQuestion question : eventType.customQuestions()) {
      ObjectNode item = questions.addObject();
      item.put("name", question.name());
      item.put("type", question.type());
      item.put("position", question.position());
      item.put("enabled", question.enabled());
      item.put("required", question.required());
      ArrayNode choices = item.putArray("answer_choices");
      question.answerChoices().forEach(choices::add);
      item.put("include_other", question.includeOther());
    }
    return node;
  }

  public ObjectNode scheduledEvent(ScheduledEvent event) {
    ObjectNode node = Json.object();
    node.put("uri", uris.scheduledEvent(event.uuid()));
    node.put("name", event.name());
    node.putNull("meeting_notes_plain");
    node.putNull("meeting_notes_html");
    node.put("status", event.status().wireName());
    node.put("start_time", Json.timestamp(event.start()));
    node.put("end_time", Json.timestamp(event.end()));
    node.put("event_type", uris.eventType(event.eventTypeUuid()));
    ObjectNode location = node.putObject("location");
    location.put("type", event.location().type());
    if (event.location().location() != null) {
      location.put("location", event.location().location());
    }
    if (event.location().joinUrl() != null) {
      location.put("join_url", event.location().joinUrl());
      location.put("status", "pushed");
    }
    List<Invitee> invitees = store.inviteesOf(event.uuid());
    ObjectNode counter = node.putObject("invitees_counter");
    counter.put("total", invitees.size());
    counter.put("active", invitees.stream().filter(Invitee::isActive).count());
    counter.put("limit", event.inviteesLimit());
    node.put("created_at", Json.timestamp(event.createdAt()));
    node.put("updated_at", Json.timestamp(event.updatedAt()));
    ArrayNode memberships = node.putArray("event_memberships");
    for (String host : event.hostUuids()) {
      ObjectNode member = memberships.addObject();
      member.put("user", uris.user(host));
      store.user(host)
          .ifPresent(
              user -> {
                member.put("user_email", user.email());
                member.put("user_name", user.name());
              });
      member.put("buffered_start_time", Json.timestamp(event.bufferedStart()));
      member.put("buffered_end_time", Json.timestamp(event.bufferedEnd()));
    }
    ArrayNode guests = node.putArray("event_guests");
    for (Guest guest : event.guests()) {
      guests.addObject()
          .put("email", guest.email())
          .put("created_at", Json.timestamp(guest.createdAt()))
          .put("updated_at", Json.timestamp(guest.createdAt()));
    }
    if (event.cancellation() != null) {
      node.set("cancellation", cancellation(event.cancellation()));
    }
    node.putNull("calendar_event");
    return node;
  }

  public ObjectNode cancellation(Cancellation cancellation) {
    ObjectNode node = Json.object();
    node.put("canceled_by", cancellation.canceledBy());
    node.put("reason", cancellation.reason());
    node.put("canceler_type", cancellation.cancelerType());
    node.put("created_at", Json.timestamp(cancellation.createdAt()));
    return node;
  }

  /** The page an invitee opens to cancel. */
  public String cancelUrl(Invitee invitee) {
    return uris.page("cancellations/" + invitee.uuid());
  }

  /** The page an invitee opens to reschedule. */
  public String rescheduleUrl(Invitee invitee) {
    return uris.page("reschedulings/" + invitee.uuid());
  }

  public ObjectNode invitee(Invitee invitee) {
    ObjectNode node = Json.object();
    node.put("uri", uris.invitee(invitee.eventUuid(), invitee.uuid()));
    node.put("email", invitee.email());
    node.put("first_name", invitee.firstName());
    node.put("last_name", invitee.lastName());
    node.put("name", invitee.name());
    node.put("status", invitee.status().wireName());
    ArrayNode answers = node.putArray("questions_and_answers");
    for (QuestionAnswer answer : invitee.questionsAndAnswers()) {
      answers.addObject()
          .put("question", answer.question())
          .put("answer", answer.answer())
          .put("position", answer.position());
    }
    node.put("timezone", invitee.timezone());
    node.put("event", uris.scheduledEvent(invitee.eventUuid()));
    node.put("created_at", Json.timestamp(invitee.createdAt()));
    node.put("updated_at", Json.timestamp(invitee.updatedAt()));
    Tracking tracking = invitee.tracking();
    ObjectNode track = node.putObject("tracking");
    track.put("utm_campaign", tracking.utmCampaign());
    track.put("utm_source", tracking.utmSource());
    track.put("utm_medium", tracking.utmMedium());
    track.put("utm_content", tracking.utmContent());
    track.put("utm_term", tracking.utmTerm());
    track.put("salesforce_uuid", tracking.salesforceUuid());
    node.put("text_reminder_number", invitee.textReminderNumber());
    Optional<Invitee> next = store.rescheduledTo(invitee.uuid());
    node.put("rescheduled", next.isPresent());
    node.put("old_invitee",
        store.rescheduledFrom(invitee.uuid()).map(old -> uris.invitee(old.eventUuid(), old.uuid())).orElse(null));
    node.put("new_invitee", next.map(now -> uris.invitee(now.eventUuid(), now.uuid())).orElse(null));
    node.put("cancel_url", cancelUrl(invitee));
    node.put("reschedule_url", rescheduleUrl(invitee));
    node.putNull("routing_form_submission");
    if (invitee.cancellation() != null) {
      node.set("cancellation", cancellation(invitee.cancellation()));
    }
    node.putNull("payment");
    store.noShowOf(invitee.uuid()).ifPresentOrElse(
        mark -> node.putObject("no_show")
            .put("uri", uris.noShow(mark.uuid()))
            .put("created_at", Json.timestamp(mark.createdAt())),
        () -> node.putNull("no_show"));
    node.putNull("reconfirmation");
    node.put("scheduling_method", invitee.schedulingMethod());
    node.put(
        "invitee_scheduled_by",
        invitee.scheduledByUserUuid() == null ? null : uris.user(invitee.scheduledByUserUuid()));
    return node;
  }

  public ObjectNode membership(Membership membership) {
    ObjectNode node = Json.object();
    node.put("uri", uris.membership(membership.uuid()));
    node.put("role", membership.role().wireName());
    ObjectNode user = node.putObject("user");
    store.user(membership.userUuid())
        .ifPresent(
            u -> {
              user.put("uri", uris.user(u.uuid()));
              user.put("name", u.name());
              user.put("slug", u.slug());
              user.put("email", u.email());
              user.put("scheduling_url", schedulingUrl(u));
              user.put("timezone", u.timezone());
              user.putNull("avatar_url");
              user.put("created_at", Json.timestamp(u.createdAt()));
              user.put("updated_at", Json.timestamp(u.updatedAt()));
            });
    node.put("organization", uris.organization(membership.organizationUuid()));
    node.put("created_at", Json.timestamp(membership.createdAt()));
    node.put("updated_at", Json.timestamp(membership.updatedAt()));
    return node;
  }

  public ObjectNode invitation(Invitation invitation) {
    ObjectNode node = Json.object();
    node.put("uri", uris.invitation(invitation.organizationUuid(), invitation.uuid()));
    node.put("organization", uris.organization(invitation.organizationUuid()));
    node.put("email", invitation.email());
    node.put("status", invitation.status().wireName());
    node.put("created_at", Json.timestamp(invitation.createdAt()));
    node.put("updated_at", Json.timestamp(invitation.updatedAt()));
    node.put("last_sent_at", Json.timestamp(invitation.lastSentAt()));
    if (invitation.userUuid() != null) {
      node.put("user", uris.user(invitation.userUuid()));
    }
    return node;
  }

  public ObjectNode schedule(AvailabilitySchedule availability) {
    ObjectNode node = Json.object();
    node.put("uri", uris.schedule(availability.uuid()));
    node.put("default", availability.isDefault());
    node.put("name", availability.name());
    node.put("user", uris.user(availability.userUuid()));
    Schedule schedule = availability.schedule();
    node.put("timezone", schedule.zone().getId());
    node.set("rules", rules(schedule));
    return node;
  }

  /** A schedule's rules as Calendly lists them: the seven weekdays from Sunday, then dates. */
  public ArrayNode rules(Schedule schedule) {
    ArrayNode rules = Json.array();
    for (DayOfWeek day : WEEK) {
      ObjectNode rule = rules.addObject();
      rule.put("type", "wday");
      rule.set("intervals", intervals(schedule.weekly().getOrDefault(day, List.of())));
      rule.put("wday", day.name().toLowerCase(Locale.ROOT));
    }
    // Overrides are kept in an unordered map; sorting by date keeps the output deterministic.
    for (var entry : new TreeMap<LocalDate, List<LocalInterval>>(schedule.overrides()).entrySet()) {
      ObjectNode rule = rules.addObject();
      rule.put("type", "date");
      rule.set("intervals", intervals(entry.getValue()));
      rule.put("date", entry.getKey().toString());
    }
    return rules;
  }

  private static ArrayNode intervals(List<LocalInterval> intervals) {
    ArrayNode list = Json.array();
    for (LocalInterval interval : intervals) {
      list.addObject().put("from", interval.fromText()).put("to", interval.toText());
    }
    return list;
  }

  public ObjectNode webhook(WebhookSubscription subscription) {
    ObjectNode node = Json.object();
    node.put("uri", uris.webhook(subscription.uuid()));
    node.put("callback_url", subscription.callbackUrl());
    node.put("created_at", Json.timestamp(subscription.createdAt()));
    node.put("updated_at", Json.timestamp(subscription.updatedAt()));
    node.put("retry_started_at", Json.timestamp(subscription.retryStartedAt()));
    node.put("state", subscription.state());
    ArrayNode events = node.putArray("events");
    subscription.events().forEach(events::add);
    node.put("scope", subscription.scope().wireName());
    node.put("organization", uris.organization(subscription.organizationUuid()));
    node.put("user", subscription.userUuid() == null ? null : uris.user(subscription.userUuid()));
    node.putNull("group");
    node.put("creator", uris.user(subscription.creatorUuid()));
    return node;
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
