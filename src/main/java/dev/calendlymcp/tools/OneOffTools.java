package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.model.DateSetting;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.OneOffEventTypeRequest;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code one_off} toolset: a meeting link for a few days outside the regular event types.
 */
public final class OneOffTools {

  static final int MAX_CO_HOSTS = 10;

  private OneOffTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(createOneOff());
  }

  static ToolDefinition createOneOff() {
    return ToolDefinition.builder("create_one_off_event_type")
        .title("Create one-off meeting link")
        .description(
            "Create a one-off event type: a booking link for one meeting of a set length, bookable on"
                + " the days from start_date to end_date, for when no regular event type fits. Pass"
                + " name, duration in minutes, the dates"
                + " and where it happens (location_kind, plus location for an address or number);"
                + " returns the scheduling_url to share.")
        .toolset(Toolset.ONE_OFF)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .required("name", Schema.string().minLength(1).maxLength(55)
                .description("What invitees see, e.g. Contract review with Acme; at most 55 characters."))
            .required("duration", Schema.integer().minimum(1).maximum(720).description("Meeting length in minutes."))
            .required("start_date", Schema.string().format(Schema.DATE).maxLength(10)
                .description("First bookable day, YYYY-MM-DD, today or later."))
            .required("end_date", Schema.string().format(Schema.DATE).maxLength(10)
                .description("Last bookable day, YYYY-MM-DD, not before start_date."))
            .optional("timezone", Schema.string().minLength(1).maxLength(64)
                .description("IANA time zone the dates are in, e.g. Europe/Paris; leave out for the host's."))
            .required("location_kind", Schema.string().minLength(1).maxLength(40)
                .description("Where it happens, as Calendly names it, e.g. zoom_conference, google_conference,"
                    + " microsoft_teams_conference, physical, outbound_call, inbound_call, ask_invitee or custom."))
            .optional("location", Schema.string().minLength(1).maxLength(500)
                .description("The address, phone number or text for location_kind, where it has one."))
            .optional("co_hosts", Schema.array(References.userArgument())
                .maxItems(MAX_CO_HOSTS).description("Other members who host too."))
            .closed())
        .output(Schema.object()
            .required("uri", Schema.string().description("The new event type's URI; book it with the scheduling tools."))
            .required("name", Schema.string().nullable().description("Its name."))
            .required("scheduling_url", Schema.string().nullable().description("The booking link to share with the invitee."))
            .required("duration", Schema.integer().nullable().description("Meeting length in minutes."))
            .required("start_date", Schema.string().format(Schema.DATE).description("First bookable day."))
            .required("end_date", Schema.string().format(Schema.DATE).description("Last bookable day."))
            .required("host_uri", Schema.string().description("The host: you.")))
        .handler(OneOffTools::create)
        .build();
  }

  private static Mono<ToolResult> create(ToolArguments arguments, ToolContext context) {
    LocalDate start;
    LocalDate end;
    try {
      start = LocalDate.parse(arguments.requiredString("start_date"));
      end = LocalDate.parse(arguments.requiredString("end_date"));
    } catch (DateTimeParseException e) {
      return Mono.error(new IllegalArgumentException("start_date and end_date must be dates such as 2026-12-01"));
    }
    EventTypeLocation location = EventTypeLocation.of(
        arguments.requiredString("location_kind"), arguments.string("location").orElse(null));
    CalendlyClient client = context.calendly().client();
    Mono<List<URI>> coHosts = Flux.fromIterable(arguments.stringList("co_hosts"))
        .index()
        .concatMap(entry -> References.user(client, Optional.of(entry.getT2()), "co_hosts[" + entry.getT1() + "]"))
        .collectList();
    return client.users().me()
        .zipWith(coHosts)
        .flatMap(pair -> client.eventTypes().createOneOff(new OneOffEventTypeRequest(
            arguments.requiredString("name"),
            pair.getT1().uri(),
            pair.getT2().isEmpty() ? null : new ArrayList<>(pair.getT2()),
            arguments.integer("duration").map(Long::intValue).orElseThrow(),
            arguments.string("timezone").orElse(null),
            DateSetting.dateRange(start, end),
            location)).map(created -> render(created, pair.getT1().uri(), start, end)));
  }

  private static ToolResult render(EventType created, URI host, LocalDate start, LocalDate end) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(created.uri()));
    out.put("name", created.name());
    out.put("scheduling_url", Lookups.text(created.schedulingUrl()));
    out.put("duration", created.duration());
    out.put("start_date", start.toString());
    out.put("end_date", end.toString());
    out.put("host_uri", host.toString());
    return new ToolResult(out, "Created the one-off event type \"" + created.name() + "\" ("
        + created.duration() + " min, bookable " + start + " to " + end + "). Share this link: "
        + created.schedulingUrl());
  }
}
