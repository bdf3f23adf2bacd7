package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailabilitySchedule;
import dev.calendlymcp.calendly.model.EventTypeHost;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.EventTypeSettings;
import dev.calendlymcp.calendly.model.Weekday;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The {@code event_types} toolset: create and edit one-on-one event types (length, start-time
 * increment, buffers, places), set the hours they are bookable, see their hosts, and the meeting
 * locations a user has set up.
 */
public final class EventTypeSetupTools {

  private static final int MAX_LOCATIONS = 10;

  private EventTypeSetupTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(createEventType(), updateEventType(), getAvailability(), setAvailability(), listHosts(), listLocations());
  }

  // ---- shared schemas

  private static Schema withSettings(Schema input) {
    return input
        .optional("duration", Schema.integer().minimum(1).maximum(720).description("Meeting length in minutes."))
        .optional("duration_options", Schema.array(Schema.integer().minimum(1).maximum(720)).maxItems(4)
            .description("Up to 4 lengths the invitee picks from; must include duration."))
        .optional("start_time_increment", Schema.integer().minimum(5).maximum(720)
            .description("Minutes between offered start times, e.g. 15 offers 9:00, 9:15, 9:30."))
        .optional("before_buffer", buffer("before"))
        .optional("after_buffer", buffer("after"))
        .optional("locations", Schema.array(locationInput()).maxItems(MAX_LOCATIONS)
            .description("Where it can happen; replaces the current places."))
        .optional("description", Schema.string().maxLength(2000).description("Shown on the booking page."))
        .optional("color", Schema.string().minLength(7).maxLength(7).description("Hex color, e.g. #1a73e8."))
        .optional("active", Schema.bool().description("false hides it from booking."))
        .optional("hours", hoursInput().description("Also set the hours it is bookable, as set_availability does."));
  }

  private static Schema buffer(String side) {
    return Schema.integer().minimum(0).maximum(180)
        .description("Minutes kept free " + side + " each meeting: 0, 5, 10, 15, 30, 45, 60, 90, 120, 150 or 180.");
  }

  private static Schema locationInput() {
    return Schema.object()
        .required("kind", Schema.string().minLength(1).maxLength(40)
            .description("e.g. zoom_conference, google_conference, physical, outbound_call, inbound_call, ask_invitee, custom."))
        .optional("location", Schema.string().minLength(1).maxLength(500).description("Address, number or text, where the kind has one."))
        .optional("additional_info", Schema.string().maxLength(500).description("Extra instructions for invitees."))
        .closed();
  }

  private static Schema rulesInput() {
    return HoursRuleSchema.rules("closed",
        "One rule per open weekday (weekdays left out are closed), plus date overrides.");
  }

  private static Schema hoursInput() {
    return Schema.object()
        .required("timezone", Schema.string().minLength(1).maxLength(64).description("IANA zone the times are in."))
        .required("rules", rulesInput())
        .closed();
  }

  private static Schema hoursOutput() {
    Schema interval = Schema.object()
        .required("from", Schema.string().description("HH:MM."))
        .required("to", Schema.string().description("HH:MM."));
    Schema rule = Schema.object()
        .required("wday", Schema.string().nullable().description("Weekday of a weekly rule."))
        .required("date", Schema.string().nullable().description("Date of an override."))
        .required("intervals", Schema.array(interval).description("Open spans; empty: closed."));
    return Schema.object()
        .required("timezone", Schema.string().nullable().description("IANA zone of the times."))
        .required("rules", Schema.array(rule).description("Weekly rules and date overrides."));
  }

  private static Schema eventTypeOutput() {
    Schema location = Schema.object()
        .required("kind", Schema.string().description("Location kind."))
        .required("location", Schema.string().nullable().description("Address, number or text."));
    return Schema.object()
        .required("uri", Schema.string().description("The event type's URI."))
        .required("name", Schema.string().nullable().description("Its name."))
        .required("scheduling_url", Schema.string().nullable().description("Its booking page."))
        .required("active", Schema.bool().nullable().description("Whether it can be booked."))
        .required("duration", Schema.integer().nullable().description("Length in minutes."))
        .required("duration_options", Schema.array(Schema.integer()).nullable().description("Lengths offered."))
        .required("start_time_increment", Schema.integer().nullable().description("Minutes between start times."))
        .required("before_buffer", Schema.integer().nullable().description("Free minutes before."))
        .required("after_buffer", Schema.integer().nullable().description("Free minutes after."))
        .required("locations", Schema.array(location).description("Where it happens."))
        .required("hours", hoursOutput().nullable().description("Its bookable hours, when this call set them; else null."));
  }

  // ---- tools

  static ToolDefinition createEventType() {
    return ToolDefinition.builder("create_event_type")
        .title("Create event type")
        .description("Create a one-on-one event type (a bookable kind of meeting) for you or, as an admin, a member."
            + " Set its length, start-time increment, buffers, places and optionally its hours; returns its booking page.")
        .toolset(Toolset.EVENT_TYPES)
        .hints(ToolHints.write(false, false))
        .input(withSettings(Schema.object()
            .required("name", Schema.string().minLength(1).maxLength(55).description("What invitees see, at most 55 characters."))
            .optional("host", References.userArgument("default: you")))
            .closed())
        .output(eventTypeOutput())
        .handler(EventTypeSetupTools::create)
        .build();
  }

  static ToolDefinition updateEventType() {
    return ToolDefinition.builder("update_event_type")
        .title("Update event type")
        .description("Change a one-on-one event type: name, length, increment, buffers, places, active, and optionally"
            + " its hours. Fields left out keep their value. Open times change at once.")
        .toolset(Toolset.EVENT_TYPES)
        .hints(ToolHints.write(false, true))
        .input(withSettings(Schema.object()
            .required("event_type", References.eventTypeArgument())
            .optional("name", Schema.string().minLength(1).maxLength(55).description("New name.")))
            .closed())
        .output(eventTypeOutput())
        .handler(EventTypeSetupTools::update)
        .build();
  }

  static ToolDefinition getAvailability() {
    return ToolDefinition.builder("get_event_type_availability")
        .title("Event type hours")
        .description("The weekly hours and date overrides an event type is bookable in, in their time zone."
            + " Read them before changing one day, since a change replaces them all.")
        .toolset(Toolset.EVENT_TYPES)
        .hints(ToolHints.read())
        .input(Schema.object().required("event_type", References.eventTypeArgument()).closed())
        .output(Schema.object()
            .required("event_type_uri", Schema.string().description("The event type's URI."))
            .required("hours", hoursOutput().description("Its bookable hours.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return References.eventType(client, arguments.requiredString("event_type"), "event_type")
              .flatMap(type -> client.eventTypeSettings().availability(type.uri().toString())
                  .map(schedules -> renderHours(type, schedules, "bookable")));
        })
        .build();
  }

  static ToolDefinition setAvailability() {
    return ToolDefinition.builder("set_availability")
        .title("Set event type hours")
        .description("Replace the hours an event type is bookable: weekly rules per weekday plus date overrides,"
            + " in one time zone. Weekdays left out become closed. Open times follow the change at once.")
        .toolset(Toolset.EVENT_TYPES)
        .hints(ToolHints.write(false, true))
        .input(Schema.object()
            .required("event_type", References.eventTypeArgument())
            .required("timezone", Schema.string().minLength(1).maxLength(64).description("IANA zone the times are in."))
            .required("rules", rulesInput())
            .closed())
        .output(Schema.object()
            .required("event_type_uri", Schema.string().description("The event type's URI."))
            .required("hours", hoursOutput().description("The hours now in force.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          EventTypeAvailabilitySchedule.Rule rule = rule(arguments.requiredString("timezone"), arguments.objects("rules"));
          return References.eventType(client, arguments.requiredString("event_type"), "event_type")
              .flatMap(type -> client.eventTypeSettings().updateAvailability(type.uri().toString(), rule)
                  .map(schedules -> renderHours(type, schedules, "now bookable")));
        })
        .build();
  }

  static ToolDefinition listHosts() {
    return ToolDefinition.builder("list_event_type_hosts")
        .title("Hosts of an event type")
        .description("Who hosts an event type: each host's name, email and time zone. Pass next_cursor back as cursor for more.")
        .toolset(Toolset.EVENT_TYPES)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("event_type", References.eventTypeArgument())
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .required("hosts", Schema.array(Schema.object()
                .required("user_uri", Schema.string().nullable().description("The host's URI."))
                .required("name", Schema.string().nullable().description("Name."))
                .required("email", Schema.string().nullable().description("Email."))
                .required("timezone", Schema.string().nullable().description("IANA time zone.")))
                .description("The hosts, owner first."))
            .required("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return References.eventType(client, arguments.requiredString("event_type"), "event_type")
              .flatMap(type -> client.eventTypeSettings().hosts(type.uri().toString(), Lookups.page(arguments)))
              .map(page -> ResourceMaps.page("hosts", page, EventTypeSetupTools::host,
                  h -> h.user() == null ? "unknown host" : h.user().name() + " <" + h.user().email() + ">"));
        })
        .build();
  }

  static ToolDefinition listLocations() {
    return ToolDefinition.builder("list_meeting_locations")
        .title("Meeting locations")
        .description("The meeting locations (video, phone, addresses) a user has set up, to reuse as the location"
            + " of an event type or a custom link.")
        .toolset(Toolset.EVENT_TYPES)
        .hints(ToolHints.read())
        .input(Schema.object().optional("user", References.userArgument("default: you")).closed())
        .output(Schema.object()
            .required("locations", Schema.array(Schema.object()
                .required("kind", Schema.string().description("Location kind."))
                .required("location", Schema.string().nullable().description("Address, number or text."))
                .required("additional_info", Schema.string().nullable().description("Instructions.")))
                .description("The user's locations.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return References.user(client, arguments, "user")
              .flatMap(user -> client.locations().ofUser(user.toString()))
              .map(EventTypeSetupTools::renderLocations);
        })
        .build();
  }

  // ---- handlers

  private static Mono<ToolResult> create(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    Optional<EventTypeAvailabilitySchedule.Rule> hours = hours(arguments);
    return References.user(client, arguments, "host")
        .flatMap(host -> client.eventTypeSettings().create(settings(arguments, host)))
        .flatMap(created -> withHours(client, created, hours, "Created"));
  }

  private static Mono<ToolResult> update(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    Optional<EventTypeAvailabilitySchedule.Rule> hours = hours(arguments);
    EventTypeSettings changes = settings(arguments, null);
    boolean nothing = changes.equals(new EventTypeSettings(null, null, null, null, null, null, null, null, null, null, null, null));
    if (nothing && hours.isEmpty()) {
      return Mono.error(new IllegalArgumentException("name what to change, e.g. duration, before_buffer or hours"));
    }
    return References.eventType(client, arguments.requiredString("event_type"), "event_type")
        .flatMap(type -> nothing ? Mono.just(type) : client.eventTypeSettings().update(type.uri().toString(), changes))
        .flatMap(updated -> withHours(client, updated, hours, "Updated"));
  }

  private static Mono<ToolResult> withHours(
      CalendlyClient client, EventType type, Optional<EventTypeAvailabilitySchedule.Rule> hours, String verb) {
    if (hours.isEmpty()) {
      return Mono.just(renderEventType(type, null, verb));
    }
    return client.eventTypeSettings().updateAvailability(type.uri().toString(), hours.get())
        .map(schedules -> renderEventType(type, schedules.isEmpty() ? null : schedules.get(0).availabilityRule(), verb))
        .onErrorMap(e -> !(e instanceof ToolFailure), e -> new ToolFailure(
            verb + " the event type \"" + type.name() + "\" (" + type.uri() + ") but its hours were not set: "
                + ToolErrors.describe(e, "").orElse("the call failed.")
                + " Call set_availability for it to retry the hours only; do not repeat this call.", e));
  }

  private static EventTypeSettings settings(ToolArguments arguments, URI owner) {
    List<EventTypeLocation> locations = null;
    if (!arguments.objects("locations").isEmpty()) {
      locations = arguments.objects("locations").stream()
          .map(l -> new EventTypeLocation(l.requiredString("kind"), l.string("location").orElse(null), null,
              l.string("additional_info").orElse(null)))
          .toList();
    }
    List<Integer> options = arguments.integers("duration_options");
    return new EventTypeSettings(
        arguments.string("name").orElse(null), owner, integer(arguments, "duration"),
        options.isEmpty() ? null : options, arguments.string("description").orElse(null),
        arguments.string("color").orElse(null), arguments.bool("active").orElse(null), null, locations,
        integer(arguments, "start_time_increment"), integer(arguments, "before_buffer"), integer(arguments, "after_buffer"));
  }

  private static Integer integer(ToolArguments arguments, String name) {
    return arguments.integer(name).map(Long::intValue).orElse(null);
  }

  private static Optional<EventTypeAvailabilitySchedule.Rule> hours(ToolArguments arguments) {
    return arguments.object("hours").map(h -> rule(h.requiredString("timezone"), h.objects("rules")));
  }

  /** The tool's rules as Calendly's, with the argument named in every error. */
  static EventTypeAvailabilitySchedule.Rule rule(String timezone, List<ToolArguments> rules) {
    List<AvailabilityRule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      ToolArguments rule = rules.get(i);
      Optional<String> wday = rule.string("wday");
      Optional<String> date = rule.string("date");
      if (wday.isPresent() == date.isPresent()) {
        throw new IllegalArgumentException("rules[" + i + "] needs exactly one of wday or date");
      }
      List<AvailabilityRule.Interval> intervals = rule.objects("intervals").stream()
          .map(span -> new AvailabilityRule.Interval(span.requiredString("from"), span.requiredString("to")))
          .toList();
      if (wday.isPresent()) {
        out.add(new AvailabilityRule(AvailabilityRule.Type.WDAY,
            Weekday.valueOf(wday.get().toUpperCase(Locale.ROOT)), null, intervals));
      } else {
        try {
          out.add(new AvailabilityRule(AvailabilityRule.Type.DATE, null, LocalDate.parse(date.get()), intervals));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("rules[" + i + "].date must be a date such as 2026-12-24");
        }
      }
    }
    return new EventTypeAvailabilitySchedule.Rule(timezone, null, out);
  }

  // ---- rendering

  private static ToolResult renderEventType(EventType type, EventTypeAvailabilitySchedule.Rule hours, String verb) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(type.uri()));
    out.put("name", type.name());
    out.put("scheduling_url", Lookups.text(type.schedulingUrl()));
    out.put("active", type.active());
    out.put("duration", type.duration());
    out.put("duration_options", type.durationOptions());
    out.put("start_time_increment", type.startTimeIncrement());
    out.put("before_buffer", type.beforeBuffer());
    out.put("after_buffer", type.afterBuffer());
    List<Map<String, Object>> locations = new ArrayList<>();
    if (type.locations() != null) {
      for (EventTypeLocation location : type.locations()) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", location.kind());
        item.put("location", location.location() != null ? location.location() : location.phoneNumber());
        locations.add(item);
      }
    }
    out.put("locations", locations);
    out.put("hours", hours == null ? null : hours(hours));
    StringBuilder text = new StringBuilder(verb).append(" the event type \"").append(type.name()).append("\": ")
        .append(type.duration()).append(" min");
    if (type.startTimeIncrement() != null) {
      text.append(", start times every ").append(type.startTimeIncrement()).append(" min");
    }
    text.append(", buffers ").append(type.beforeBuffer() == null ? 0 : type.beforeBuffer()).append(" min before and ")
        .append(type.afterBuffer() == null ? 0 : type.afterBuffer()).append(" min after");
    if (hours != null) {
      text.append("; hours set in ").append(hours.timezone());
    }
    text.append(". Booking page: ").append(type.schedulingUrl()).append(" (URI ").append(type.uri()).append(").");
    return new ToolResult(out, text.toString());
  }

  private static ToolResult renderHours(EventType type, List<EventTypeAvailabilitySchedule> schedules, String state) {
    EventTypeAvailabilitySchedule.Rule rule = schedules.isEmpty() ? null : schedules.get(0).availabilityRule();
    Map<String, Object> hours = rule == null ? hours(new EventTypeAvailabilitySchedule.Rule(null, null, List.of())) : hours(rule);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event_type_uri", Lookups.text(type.uri()));
    out.put("hours", hours);
    StringBuilder text = new StringBuilder("\"").append(type.name()).append("\" is ").append(state).append(" in ")
        .append(rule == null ? "no time zone" : rule.timezone()).append(": ");
    List<String> parts = new ArrayList<>();
    if (rule != null) {
      for (AvailabilityRule r : rule.rules()) {
        String day = r.wday() != null ? r.wday().name().toLowerCase(Locale.ROOT) : String.valueOf(r.date());
        List<String> spans = r.intervals().stream().map(i -> i.from() + "-" + i.to()).toList();
        parts.add(day + " " + (spans.isEmpty() ? "closed" : String.join(", ", spans)));
      }
    }
    text.append(parts.isEmpty() ? "no hours" : String.join("; ", parts)).append('.');
    return new ToolResult(out, text.toString());
  }

  private static Map<String, Object> hours(EventTypeAvailabilitySchedule.Rule rule) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (AvailabilityRule r : rule.rules()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("wday", r.wday() == null ? null : r.wday().name().toLowerCase(Locale.ROOT));
      item.put("date", r.date() == null ? null : r.date().toString());
      List<Map<String, Object>> spans = new ArrayList<>();
      for (AvailabilityRule.Interval interval : r.intervals()) {
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("from", interval.from());
        span.put("to", interval.to());
        spans.add(span);
      }
      item.put("intervals", spans);
      rules.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("timezone", rule.timezone());
    out.put("rules", rules);
    return out;
  }

  private static Map<String, Object> host(EventTypeHost host) {
    Map<String, Object> out = new LinkedHashMap<>();
    EventTypeHost.Member user = host.user();
    out.put("user_uri", user == null ? null : Lookups.text(user.uri()));
    out.put("name", user == null ? null : user.name());
    out.put("email", user == null ? null : user.email());
    out.put("timezone", user == null ? null : user.timezone());
    return out;
  }

  private static ToolResult renderLocations(List<EventTypeLocation> locations) {
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder text = new StringBuilder(locations.isEmpty() ? "No meeting locations are set up." : "Meeting locations:");
    for (EventTypeLocation location : locations) {
      Map<String, Object> item = new LinkedHashMap<>();
      String where = location.location() != null ? location.location() : location.phoneNumber();
      item.put("kind", location.kind());
      item.put("location", where);
      item.put("additional_info", location.additionalInfo());
      items.add(item);
      text.append("\n- ").append(location.kind()).append(where == null ? "" : ": " + where);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("locations", items);
    return new ToolResult(out, text.toString());
  }
}
