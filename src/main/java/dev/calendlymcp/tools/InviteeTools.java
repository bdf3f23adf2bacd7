package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.InviteeQuery;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.Invitee;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The {@code invitees} toolset: who booked into a scheduled event, with their answers, and how
 * each booking stands. Read-only; bookings are made and canceled with the scheduling tools.
 */
public final class InviteeTools {

  private static final String OTHERS_EVENTS =
      "Only admins and owners see the invitees of other members' events; use list_scheduled_events"
          + " to find your own events.";

  private InviteeTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(listInvitees(), getInvitee());
  }

  static ToolDefinition listInvitees() {
    return ToolDefinition.builder("list_event_invitees")
        .title("Invitees of an event")
        .description(
            "List the people booked into one scheduled event (by the meeting's URI or UUID), with"
                + " their answers to the booking questions, cancel and reschedule links. Filter by"
                + " status or email; pass next_cursor back as cursor for more.")
        .toolset(Toolset.INVITEES)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("event", Lookups.reference("The scheduled event's URI or UUID."))
            .optional("status", Schema.string().enumOf("active", "canceled")
                .description("Only active or only canceled invitees; leave out for both."))
            .optional("email", Schema.string().format(Schema.EMAIL).maxLength(254)
                .description("Only the invitee with this email."))
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .required("invitees", Schema.array(ResourceMaps.inviteeSchema()).description("The invitees, first booked first."))
            .required("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          InviteeQuery query = InviteeQuery.all();
          Optional<String> status = arguments.string("status");
          if (status.isPresent()) {
            query = query.status(EventStatus.valueOf(status.get().toUpperCase(Locale.ROOT)));
          }
          Optional<String> email = arguments.string("email");
          if (email.isPresent()) {
            query = query.email(email.get());
          }
          InviteeQuery chosen = query;
          Mono<Page<Invitee>> page = Mono.defer(() -> context.calendly().client().scheduledEvents()
              .listInvitees(arguments.requiredString("event"), chosen, Lookups.page(arguments)));
          return page.map(found -> ResourceMaps.page("invitees", found, ResourceMaps::invitee, ResourceMaps::inviteeLine)).transform(Lookups.onRefusal(OTHERS_EVENTS));
        })
        .build();
  }

  static ToolDefinition getInvitee() {
    return ToolDefinition.builder("get_invitee")
        .title("Invitee")
        .description(
            "Get one invitee of a scheduled event: name, email, time zone, every answer to the"
                + " booking questions, cancellation, no-show mark and the cancel and reschedule"
                + " links. Pass the invitee's URI, or its UUID together with event.")
        .toolset(Toolset.INVITEES)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("invitee", Lookups.reference(
                "The invitee's URI (…/scheduled_events/EVENT/invitees/INVITEE), or its UUID with event."))
            .optional("event", Lookups.reference("The scheduled event's URI or UUID; needed only with an invitee UUID."))
            .closed())
        .output(ResourceMaps.inviteeSchema())
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          String invitee = arguments.requiredString("invitee").strip();
          Optional<String> event = arguments.string("event");
          Mono<Invitee> found;
          if (invitee.contains("/scheduled_events/")) {
            found = client.scheduledEvents().getInvitee(invitee);
          } else if (event.isPresent()) {
            found = client.scheduledEvents().getInvitee(event.get(), invitee);
          } else {
            found = Mono.error(new IllegalArgumentException(
                "event is required when invitee is a UUID; or pass the invitee's full URI"));
          }
          return found
              .map(one -> new ToolResult(ResourceMaps.invitee(one), ResourceMaps.inviteeLine(one) + ". URI: " + one.uri()))
              .transform(Lookups.onRefusal(OTHERS_EVENTS));
        })
        .build();
  }
}
