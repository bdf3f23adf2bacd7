package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.InviteeQuery;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.calendly.model.User;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tools for meetings that exist: {@code list_scheduled_events}, {@code get_scheduled_event}
 * and {@code cancel_event}.
 */
final class MeetingTools {

  private static final int MAX_INVITEES = 100;
  /** How many meetings' invitees one list call reads at most (a request each). */
  static final int MAX_INVITEE_LOOKUPS = 20;
  /** Requests of the rate budget a list call leaves to the calls that follow it. */
  private static final int BUDGET_RESERVE = 5;
  private static final int LOOKUP_CONCURRENCY = 4;
  /** Invitees shown per meeting; a group meeting with more says so through invitees_active. */
  private static final int INVITEES_PER_MEETING = 10;
  private static final int DEFAULT_COUNT = 20;
  private static final String CURSOR_TAG = "e1.";

  List<ToolDefinition> definitions() {
    return List.of(listScheduledEvents(), getScheduledEvent(), cancelEvent());
  }

  // ---- list_scheduled_events ----

  ToolDefinition listScheduledEvents() {
    return ToolDefinition.builder("list_scheduled_events")
        .title("List meetings")
        .description(
            "Booked meetings and who they are with: yours, a member's, or the organization's (admins).")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .optional("min_start_time", Schema.string().format(Schema.DATE_TIME)
                    .description("Start at or after."))
                .optional("max_start_time", Schema.string().format(Schema.DATE_TIME)
                    .description("Start before."))
                .optional("status", Schema.string().enumOf("active", "canceled").description("Default: both."))
                .optional("invitee", Schema.string().minLength(1).maxLength(254)
                    .description("Email or part of a name."))
                .optional("user", References.userArgument("default: you"))
                .optional("organization", Schema.string().minLength(1).maxLength(Lookups.MAX_REFERENCE)
                    .description("URI or UUID."))
                .optional("timezone", Schema.string().maxLength(64).description("IANA; default: yours."))
                .optional("sort", Schema.string().enumOf("start_time:asc", "start_time:desc")
                    .description("Default: asc."))
                .optional("count", Schema.integer().minimum(1).maximum(100).description("Page size; default 20."))
                .optional("cursor", Schema.string().minLength(1).maxLength(1000)
                    .description("A next_cursor."))
                .closed())
        .output(Schema.object()
            .field("events", Schema.listOf(MeetingViews.eventSchema()
                .strings("local_time")
                .field("invitees", Schema.listOf(Schema.object().strings("name", "email")))))
            .strings("timezone", "next_cursor"))
        .handler(this::list)
        .build();
  }

  private Mono<ToolResult> list(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    Optional<Instant> min = arguments.instant("min_start_time");
    Optional<Instant> max = arguments.instant("max_start_time");
    if (min.isPresent() && max.isPresent() && !max.get().isAfter(min.get())) {
      return Mono.error(new IllegalArgumentException(
          "max_start_time must be after min_start_time (" + min.get() + "), got " + max.get()));
    }
    Optional<ZoneId> zone = arguments.string("timezone").map(FindTimesTool::zone);
    Optional<String> invitee = arguments.string("invitee").map(String::strip).filter(s -> !s.isEmpty());
    Optional<String> email = invitee.filter(value -> value.contains("@"));
    List<String> nameWords = invitee.filter(value -> !value.contains("@")).map(NameMatcher::words).orElse(List.of());
    int count = arguments.integer("count").map(Long::intValue).orElse(DEFAULT_COUNT);
    PageCursor start = arguments.string("cursor")
        .map(cursor -> PageCursor.decode(cursor, CURSOR_TAG, "list_scheduled_events"))
        .orElse(PageCursor.FIRST);
    Listing listing = new Listing(client, count, nameWords, lookupBudget(context));
    return client.users().me()
        .zipWhen(me -> query(client, me, arguments))
        .flatMap(found -> {
          User me = found.getT1();
          ScheduledEventQuery query = found.getT2()
              .minStartTime(min.orElse(null))
              .maxStartTime(max.orElse(null))
              .status(arguments.string("status").map(MeetingTools::status).orElse(null))
              .inviteeEmail(email.orElse(null))
              .sort(arguments.string("sort").orElse("start_time:asc"));
          ZoneId shownIn = zone.orElseGet(() -> FindTimesTool.userZone(me));
          return listing.read(query, start).map(result -> renderList(result, shownIn, listing));
        });
  }

  /**
   * What Calendly is asked for. A user other than the caller goes with the organization: Calendly
   * answers {@code user} alone only for the caller's own meetings (403 otherwise).
   */
  private static Mono<ScheduledEventQuery> query(CalendlyClient client, User me, ToolArguments arguments) {
    Optional<String> user = arguments.string("user").filter(s -> !s.isBlank());
    Optional<String> organization = arguments.string("organization").filter(s -> !s.isBlank());
    if (user.isEmpty() && organization.isPresent()) {
      return References.organization(client, organization, "organization").map(ScheduledEventQuery::forOrganization);
    }
    return References.user(client, user, "user").flatMap(host -> {
      if (organization.isPresent()) {
        return References.organization(client, organization, "organization")
            .map(org -> ScheduledEventQuery.forUser(host).organization(org));
      }
      if (Bookings.sameResource(host, me.uri()) || me.currentOrganization() == null) {
        return Mono.just(ScheduledEventQuery.forUser(host));
      }
      return Mono.just(ScheduledEventQuery.forUser(host).organization(me.currentOrganization()));
    });
  }

  /**
   * How many meetings' invitees one call may read: {@link #MAX_INVITEE_LOOKUPS}, fewer when the
   * user's rate budget is nearly spent, so that listing never makes the next calls wait.
   */
  private static int lookupBudget(ToolContext context) {
    return context.calendly().rateBudget()
        .map(budget -> Math.max(0, Math.min(MAX_INVITEE_LOOKUPS, budget.remaining() - budget.queued() - BUDGET_RESERVE)))
        .orElse(MAX_INVITEE_LOOKUPS);
  }

  /** A meeting and its invitees; null invitees when they were not read. */
  record Shown(ScheduledEvent event, List<Invitee> invitees) {}

  /** The meetings of one call, how many were shown without invitees, and where the next call resumes. */
  record Listed(List<Shown> meetings, int unread, boolean budgetShort, PageCursor next) {}

  /**
   * Reads meetings and who they are with. Calendly lists meetings without their invitees and has
   * no filter by invitee name, so each meeting's invitees take a request of their own: one call
   * makes at most its lookup budget of them, and says so when meetings go without.
   */
  private record Listing(CalendlyClient client, int count, List<String> nameWords, int lookups) {

    Mono<Listed> read(ScheduledEventQuery query, PageCursor start) {
      if (nameWords.isEmpty()) {
        return client.scheduledEvents().list(query, new PageRequest(count, start.pageToken()))
            .flatMap(page -> {
              List<ScheduledEvent> events = page.collection();
              int looked = Math.min(events.size(), lookups);
              return invitees(events.subList(0, looked)).map(shown -> {
                List<Shown> all = new ArrayList<>(shown);
                events.subList(looked, events.size()).forEach(event -> all.add(new Shown(event, null)));
                int unread = (int) all.stream().filter(one -> one.invitees() == null).count();
                return new Listed(all, unread, looked < events.size() && lookups < MAX_INVITEE_LOOKUPS,
                    page.nextPageToken().map(token -> new PageCursor(token, 0)).orElse(null));
              });
            });
      }
      return scan(query, start, new ArrayList<>(), lookups);
    }

    /** Meetings whose invitees' names contain every word, read on until count match or lookups run out. */
    private Mono<Listed> scan(ScheduledEventQuery query, PageCursor at, List<Shown> matched, int left) {
      return client.scheduledEvents().list(query, new PageRequest(PageRequest.MAX_COUNT, at.pageToken()))
          .flatMap(page -> {
            List<ScheduledEvent> events = page.collection();
            int from = Math.min(at.skip(), events.size());
            List<ScheduledEvent> batch = events.subList(from, Math.min(events.size(), from + left));
            return invitees(batch).flatMap(shown -> {
              int examined = 0;
              for (Shown one : shown) {
                examined++;
                if (one.invitees() != null && one.invitees().stream().anyMatch(this::named)) {
                  matched.add(one);
                  if (matched.size() == count) {
                    break;
                  }
                }
              }
              int spent = left - batch.size();
              int index = from + examined;
              boolean done = matched.size() == count || spent == 0;
              Optional<PageCursor> next = index < events.size()
                  ? Optional.of(new PageCursor(at.pageToken(), index))
                  : page.nextPageToken().map(token -> new PageCursor(token, 0));
              if (next.isEmpty() || done) {
                return Mono.just(new Listed(matched, 0, next.isPresent() && matched.size() < count, next.orElse(null)));
              }
              return scan(query, next.get(), matched, spent);
            });
          });
    }

    private boolean named(Invitee invitee) {
      String name = NameMatcher.normalize(invitee.name()) + " " + NameMatcher.normalize(invitee.email());
      return nameWords.stream().allMatch(name::contains);
    }

    /** The invitees of each meeting, in order; a meeting whose lookup fails is shown without. */
    private Mono<List<Shown>> invitees(List<ScheduledEvent> events) {
      return Flux.fromIterable(events)
          .flatMapSequential(event -> client.scheduledEvents()
                  .listInvitees(event.uri().toString(),
                      event.status() == EventStatus.ACTIVE ? InviteeQuery.all().status(EventStatus.ACTIVE) : InviteeQuery.all(),
                      PageRequest.first(INVITEES_PER_MEETING))
                  .map(page -> new Shown(event, page.collection()))
                  .onErrorResume(CalendlyException.class, e -> Mono.just(new Shown(event, null))),
              LOOKUP_CONCURRENCY)
          .collectList();
    }
  }

  private static ToolResult renderList(Listed listed, ZoneId zone, Listing listing) {
    List<Map<String, Object>> events = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    if (listed.meetings().isEmpty()) {
      text.append(listing.nameWords().isEmpty() ? "No meetings match." : "No meetings with an invitee of that name.");
    } else {
      text.append(listed.meetings().size()).append(listed.meetings().size() == 1 ? " meeting" : " meetings")
          .append(", times in ").append(zone.getId()).append(':');
    }
    for (Shown one : listed.meetings()) {
      Map<String, Object> event = MeetingViews.event(one.event());
      event.put("local_time", MeetingViews.local(one.event().startTime(), zone));
      event.put("invitees", one.invitees() == null ? null : one.invitees().stream().map(MeetingTools::person).toList());
      events.add(event);
      text.append("\n- ").append(MeetingViews.line(one.event(), zone, one.invitees()));
    }
    if (listed.unread() > 0) {
      text.append("\nInvitees not read for ").append(listed.unread()).append(listed.unread() == 1 ? " meeting" : " meetings")
          .append(listed.budgetShort() ? " (the rate budget is nearly spent)" : " (one call reads " + MAX_INVITEE_LOOKUPS + ")")
          .append(": get_scheduled_event shows them, or list with a smaller count.");
    }
    String cursor = listed.next() == null ? null : listed.next().encode(CURSOR_TAG);
    if (cursor != null) {
      text.append(listing.nameWords().isEmpty() || !listed.budgetShort()
          ? "\nMore match: pass cursor " + cursor + " with the same filters."
          : "\nOnly some meetings were searched (" + (listing.lookups() < MAX_INVITEE_LOOKUPS
              ? "the rate budget is nearly spent" : "one call reads the invitees of " + MAX_INVITEE_LOOKUPS)
              + "); to search on, pass cursor " + cursor + " with the same filters, or narrow min_start_time"
              + " and max_start_time.");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", events);
    out.put("timezone", zone.getId());
    out.put("next_cursor", cursor);
    return new ToolResult(out, text.toString());
  }

  private static Map<String, Object> person(Invitee invitee) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", invitee.name());
    out.put("email", invitee.email());
    return out;
  }

  private static EventStatus status(String wire) {
    return EventStatus.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  // ---- get_scheduled_event ----

  ToolDefinition getScheduledEvent() {
    return ToolDefinition.builder("get_scheduled_event")
        .title("Get meeting")
        .description(
            "One meeting with its first 100 invitees, their answers and cancel/reschedule links.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .required("event", Schema.string().minLength(1).maxLength(300).description("URI or UUID."))
                .closed())
        .output(
            Schema.object()
                .field("event", Schema.object().description("as list_scheduled_events"))
                .field("invitees", Schema.listOf(MeetingViews.inviteeSchema()))
                .booleans("more_invitees"))
        .handler(this::get)
        .build();
  }

  private Mono<ToolResult> get(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    String reference = arguments.requiredString("event");
    return Mono.zip(
            client.scheduledEvents().get(reference),
            client.scheduledEvents().listInvitees(reference, InviteeQuery.all(), PageRequest.first(MAX_INVITEES)))
        .onErrorMap(CalendlyException.NotFound.class, e -> notFound(reference, e))
        .map(both -> {
          ScheduledEvent event = both.getT1();
          Page<Invitee> invitees = both.getT2();
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("event", MeetingViews.event(event));
          out.put("invitees", invitees.collection().stream().map(MeetingViews::invitee).toList());
          out.put("more_invitees", invitees.nextPageToken().isPresent());
          StringBuilder text = new StringBuilder(MeetingViews.line(event)).append('.');
          if (event.location() != null) {
            text.append(" Location: ").append(event.location().type());
            if (event.location().joinUrl() != null) {
              text.append(' ').append(event.location().joinUrl());
            } else if (event.location().location() != null) {
              text.append(' ').append(event.location().location());
            }
            text.append('.');
          }
          if (event.cancellation() != null) {
            text.append(' ').append(canceledText(event.cancellation()));
          }
          text.append(invitees.collection().isEmpty() ? " No invitees." : " Invitees: ")
              .append(invitees.collection().stream()
                  .map(i -> i.name() + " <" + i.email() + ">"
                      + (i.status() == EventStatus.ACTIVE ? "" : " (" + MeetingViews.status(i.status()) + ")"))
                  .collect(Collectors.joining(", ")));
          if (!invitees.collection().isEmpty()) {
            text.append('.');
          }
          return new ToolResult(out, text.toString());
        });
  }

  // ---- cancel_event ----

  ToolDefinition cancelEvent() {
    return ToolDefinition.builder("cancel_event")
        .title("Cancel meeting")
        .description(
            "Cancel a meeting for all invitees, who are emailed the reason; cannot be undone.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.write(true, true))
        .input(
            Schema.object()
                .required("event", Schema.string().minLength(1).maxLength(300).description("URI or UUID."))
                .optional("reason", Schema.string().minLength(1).maxLength(500).description("Sent to invitees."))
                .closed())
        .output(
            Schema.object()
                .strings("event_uri", "name", "start_time")
                .field("status", MeetingViews.statusSchema())
                .strings("canceled_by", "reason", "canceled_at"))
        .handler(this::cancel)
        .build();
  }

  private Mono<ToolResult> cancel(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    String reference = arguments.requiredString("event");
    String reason = arguments.string("reason").orElse(null);
    Instant now = context.clock().instant();
    return fresh(client, reference)
        .onErrorMap(CalendlyException.NotFound.class, e -> notFound(reference, e))
        .flatMap(event -> {
          if (event.status() == EventStatus.CANCELED) {
            return Mono.error(new ToolFailure("The meeting " + event.uri() + " (" + event.startTime()
                + ") is already canceled" + (event.cancellation() == null ? "." : ": " + canceledText(event.cancellation()))
                + " Nothing was changed; there is nothing more to do."));
          }
          if (event.endTime() != null && !event.endTime().isAfter(now)) {
            return Mono.error(new ToolFailure("The meeting " + event.uri() + " already took place (ended "
                + event.endTime() + ") and can no longer be canceled. Nothing was changed."));
          }
          return client.scheduledEvents().cancel(event.uri().toString(), reason)
              .flatMap(cancellation -> fresh(client, event.uri().toString())
                  .onErrorResume(CalendlyException.class, e -> Mono.just(event))
                  .map(after -> canceled(after, cancellation)))
              .onErrorResume(CalendlyException.class, error -> reconcile(client, event, error));
        });
  }

  /** Calendly's answer was refused or lost: read the meeting back and say what is true now. */
  private Mono<ToolResult> reconcile(CalendlyClient client, ScheduledEvent event, CalendlyException error) {
    if (!error.mayHaveBeenPerformed() && !(error instanceof CalendlyException.PermissionDenied)) {
      return Mono.error(error);
    }
    return fresh(client, event.uri().toString())
        .onErrorMap(CalendlyException.class, lookup -> new ToolFailure("Canceling " + event.uri() + " failed ("
            + error.getMessage() + ") and reading it back failed too (" + lookup.getMessage() + "). It may or may"
            + " not be canceled: check with get_scheduled_event before trying again.", lookup))
        .flatMap(after -> {
          if (after.status() == EventStatus.CANCELED && error.mayHaveBeenPerformed()) {
            return Mono.just(canceled(after, after.cancellation()));
          }
          if (after.status() == EventStatus.CANCELED) {
            return Mono.error(new ToolFailure("The meeting " + event.uri() + " is already canceled"
                + (after.cancellation() == null ? "." : ": " + canceledText(after.cancellation()))
                + " Nothing was changed."));
          }
          return Mono.error(error.mayHaveBeenPerformed()
              ? new ToolFailure("Canceling " + event.uri() + " got no answer (" + error.getMessage() + "), and the"
                  + " meeting is still active, so it was not canceled; calling cancel_event again is safe.", error)
              : error);
        });
  }

  private static Mono<ScheduledEvent> fresh(CalendlyClient client, String reference) {
    return client.scheduledEvents().get(reference).contextWrite(CacheMode.bypass());
  }

  private static ToolResult canceled(ScheduledEvent event, Cancellation cancellation) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event_uri", MeetingViews.text(event.uri()));
    out.put("name", event.name());
    out.put("start_time", MeetingViews.text(event.startTime()));
    out.put("status", MeetingViews.status(event.status()));
    out.put("canceled_by", cancellation == null ? null : cancellation.canceledBy());
    out.put("reason", cancellation == null ? null : cancellation.reason());
    out.put("canceled_at", cancellation == null ? null : MeetingViews.text(cancellation.createdAt()));
    return new ToolResult(out, "Canceled " + (event.name() == null ? "the meeting" : event.name()) + " at "
        + event.startTime() + " (" + event.uri() + "); Calendly notifies the invitees"
        + (cancellation == null || cancellation.reason() == null ? "." : " with the reason: " + cancellation.reason()));
  }

  private static String canceledText(Cancellation cancellation) {
    return "canceled" + (cancellation.canceledBy() == null ? "" : " by " + cancellation.canceledBy())
        + (cancellation.createdAt() == null ? "" : " at " + cancellation.createdAt())
        + (cancellation.reason() == null ? "" : " (reason: " + cancellation.reason() + ")") + ".";
  }

  private static ToolFailure notFound(String reference, Throwable cause) {
    return new ToolFailure("No meeting " + reference + " is visible to this user (Calendly answered 404)."
        + " Find the meeting with list_scheduled_events and pass its URI.", cause);
  }
}
