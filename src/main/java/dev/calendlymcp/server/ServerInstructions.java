package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolCatalog;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code instructions} a client passes to its model at connection: how the tools fit together.
 * Each hint names the tools it is about and is included only when the catalog offers all of them,
 * so a read-only or narrowed server never points a model at a tool it cannot call.
 */
final class ServerInstructions {

  private record Hint(List<String> tools, String text) {}

  private static final String INTRO =
      "This server acts for one Calendly user. Every tool takes a Calendly URI or UUID, and where"
          + " people use names, the name: an event type's name, a member's name or email. Pass URIs"
          + " from one tool's output to the next instead of guessing them. Times are ISO-8601 with an"
          + " offset; show them to the user in the user's time zone.";

  private static final List<Hint> HINTS =
      List.of(
          new Hint(
              List.of("whoami"),
              "Call whoami first: it gives the user's URI, organization URI and time zone that the"
                  + " other tools need."),
          new Hint(
              List.of("list_event_types", "find_available_times", "book_meeting"),
              "To book: list_event_types to pick the kind of meeting, find_available_times for open"
                  + " slots in a date range, then book_meeting with one of the returned start times;"
                  + " pass invitee_timezone so the invitee's confirmation shows their own time."),
          new Hint(
              List.of("list_scheduled_events", "cancel_event"),
              "To cancel: list_scheduled_events to find the meeting (by invitee email or name), then"
                  + " cancel_event; it cancels the whole event for every invitee."),
          new Hint(
              List.of("reschedule_meeting"),
              "To move a meeting use reschedule_meeting: Calendly has no move, so it books the new"
                  + " time and then cancels the old one."),
          new Hint(
              List.of("create_booking_link"),
              "To let someone pick a time themselves, create_booking_link gives a single-use link;"
                  + " the scheduling URL from whoami is the user's reusable page."),
          new Hint(
              List.of("list_scheduled_events", "list_event_invitees"),
              "To see who booked a meeting and what they answered, pass its URI from"
                  + " list_scheduled_events to list_event_invitees."),
          new Hint(
              List.of("create_one_off_event_type"),
              "When no event type fits a one-time meeting, create_one_off_event_type makes a link"
                  + " bookable on chosen days."),
          new Hint(
              List.of("update_event_type", "set_availability", "find_available_times"),
              "To change a meeting's length, buffers or bookable hours, update_event_type and"
                  + " set_availability edit the event type; find_available_times shows the result at once."));

  private ServerInstructions() {}

  static String forCatalog(ToolCatalog catalog) {
    String hints =
        HINTS.stream()
            .filter(hint -> hint.tools().stream().allMatch(name -> catalog.find(name).isPresent()))
            .map(Hint::text)
            .collect(Collectors.joining("\n"));
    return hints.isEmpty() ? INTRO : INTRO + "\n" + hints;
  }
}
