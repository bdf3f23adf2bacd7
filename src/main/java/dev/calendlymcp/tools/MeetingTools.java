package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyIds;
import dev.calendlymcp.calendly.InviteeQuery;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The tools for meetings that exist: {@code list_scheduled_events}, {@code get_scheduled_event}
 * and {@code cancel_event}.
 */
final class MeetingTools {

  private static final int MAX_INVITEES = 100;

  List<ToolDefinition> definitions() {
    return List.of(listScheduledEvents(), getScheduledEvent(), cancelEvent());
  }

  // ---- list_scheduled_events ----

  ToolDefinition listScheduledEvents() {
    return ToolDefinition.builder("list_scheduled_events")
        .title("List meetings")
        .description(
            "Booked meetings, earliest first: yours, an organization's (admins), or one member's (organization +"
                + " user). Page on with cursor and the same filters.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .optional("min_start_time", Schema.string().format(Schema.DATE_TIME).maxLength(40)
                    .description("Start at or after."))
                .optional("max_start_time", Schema.string().format(Schema.DATE_TIME).maxLength(40)
                    .description("Start before."))
                .optional("status", Schema.string().enumOf("active", "canceled").description("Default: both."))
                .optional("invitee_email", Schema.string().format(Schema.EMAIL).maxLength(254)
                    .description("Booked invitee."))
                .optional("user", Schema.string().format(Schema.URI).maxLength(300)
                    .description("Host URI; default: you."))
                .optional("organization", Schema.string().format(Schema.URI).maxLength(300)
                    .description("Organization URI."))
                .optional("sort", Schema.string().enumOf("start_time:asc", "start_time:desc")
                    .description("Default: asc."))
                .optional("count", Schema.integer().minimum(1).maximum(100).description("Page size; default 20."))
                .optional("cursor", Schema.string().minLength(1).maxLength(2000)
                    .description("A next_cursor."))
                .closed())
        .output(Schema.object().field("events", Schema.listOf(MeetingViews.eventSchema())).fields("next_cursor"))
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
    Optional<URI> user = arguments.string("user").map(u -> CalendlyIds.uri(u, "user"));
    Optional<URI> organization = arguments.string("organization").map(o -> CalendlyIds.uri(o, "organization"));
    Mono<ScheduledEventQuery> base = organization.isPresent()
        ? Mono.just(user.map(ScheduledEventQuery::forUser).map(q -> q.organization(organization.get()))
            .orElseGet(() -> ScheduledEventQuery.forOrganization(organization.get())))
        : user.map(u -> Mono.just(ScheduledEventQuery.forUser(u)))
            .orElseGet(() -> client.users().me().map(me -> ScheduledEventQuery.forUser(me.uri())));
    PageRequest page = new PageRequest(
        arguments.integer("count").map(Long::intValue).orElse(20), arguments.string("cursor").orElse(null));
    return base
        .map(query -> query
            .minStartTime(min.orElse(null))
            .maxStartTime(max.orElse(null))
            .status(arguments.string("status").map(MeetingTools::status).orElse(null))
            .inviteeEmail(arguments.string("invitee_email").orElse(null))
            .sort(arguments.string("sort").orElse("start_time:asc")))
        .flatMap(query -> client.scheduledEvents().list(query, page))
        .map(MeetingTools::renderPage);
  }

  private static ToolResult renderPage(Page<ScheduledEvent> page) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", page.collection().stream().map(MeetingViews::event).toList());
    out.put("next_cursor", page.nextPageToken().orElse(null));
    StringBuilder text = new StringBuilder();
    if (page.collection().isEmpty()) {
      text.append("No meetings match.");
    } else {
      text.append(page.collection().size()).append(page.collection().size() == 1 ? " meeting:" : " meetings:");
      page.collection().forEach(event -> text.append("\n- ").append(MeetingViews.line(event)));
    }
    page.nextPageToken().ifPresent(cursor -> text.append("\nMore match: pass cursor ").append(cursor)
        .append(" with the same filters."));
    return new ToolResult(out, text.toString());
  }

  private static EventStatus status(String wire) {
    return EventStatus.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  // ---- get_scheduled_event ----

  ToolDefinition getScheduledEvent() {
    return ToolDefinition.builder("get_scheduled_event")
        .title("Get meeting")
        .description(
            "One booked meeting with location, hosts and its first 100 invitees, their answers and"
                + " cancel/reschedule links.")
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
                .fields("more_invitees"))
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
            "Cancel a meeting for all invitees, who are emailed the reason; cannot be undone (reschedule_meeting"
                + " moves one instead). Fails if already canceled or past.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.write(true, true))
        .input(
            Schema.object()
                .required("event", Schema.string().minLength(1).maxLength(300).description("URI or UUID."))
                .optional("reason", Schema.string().minLength(1).maxLength(500).description("Sent to invitees."))
                .closed())
        .output(
            Schema.object()
                .fields("event_uri", "name", "start_time")
                .field("status", MeetingViews.statusSchema())
                .fields("canceled_by", "reason", "canceled_at"))
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
