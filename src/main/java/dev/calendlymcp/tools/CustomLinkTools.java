package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.SharesApi;
import dev.calendlymcp.calendly.model.EventTypeAvailabilitySchedule;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.Share;
import dev.calendlymcp.calendly.model.ShareRequest;
import dev.calendlymcp.calendly.model.ShareUpdate;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * In the {@code one_off} toolset: a single-use link of a one-on-one event type with its length,
 * dates, hours or place changed for one invitee (Calendly's "Customize once and share"), the
 * user's links listed, and a link not yet booked changed or withdrawn.
 */
public final class CustomLinkTools {

  private CustomLinkTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(createCustomLink(), listCustomLinks(), changeCustomLink());
  }

  private static final String SCOPES =
      "Listing links needs the shares:read scope and changing them shares:write; tell the user.";

  private static Schema linkSchema() {
    return Schema.object()
        .required("share_uri", Schema.string().nullable().description("Pass as link to change_custom_link."))
        .required("booking_url", Schema.string().nullable().description("The link to send; it books one meeting."))
        .required("status", Schema.string().nullable().description("active, booked or expired."))
        .required("name", Schema.string().nullable().description("Meeting name."))
        .required("duration", Schema.integer().nullable().description("Length in minutes."))
        .required("period_type", Schema.string().nullable().description("fixed, moving, available_moving or unlimited."))
        .required("start_date", Schema.string().nullable().description("First bookable day, for fixed."))
        .required("end_date", Schema.string().nullable().description("Last bookable day, for fixed."))
        .required("days_ahead", Schema.integer().nullable().description("Days ahead bookable, for moving."))
        .required("contact", Schema.string().nullable().description("Contact the link is for."))
        .required("created_at", Schema.string().nullable().description("When it was made."))
        .required("timezone", Schema.string().nullable().description("Zone of the link's own hours, if any."));
  }

  private static Map<String, Object> link(Share share) {
    Share.Settings settings = share.shareOverride();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("share_uri", Lookups.text(share.uri()));
    out.put("booking_url", Lookups.text(share.bookingUrl()));
    out.put("status", share.status());
    out.put("name", settings == null ? null : settings.name());
    out.put("duration", settings == null ? null : settings.duration());
    out.put("period_type", settings == null ? null : settings.periodType());
    out.put("start_date", settings == null ? null : settings.startDate());
    out.put("end_date", settings == null ? null : settings.endDate());
    out.put("days_ahead", settings == null ? null : settings.maxBookingTime());
    out.put("contact", Lookups.text(share.contact()));
    out.put("created_at", Lookups.text(share.createdAt()));
    out.put("timezone", settings == null || settings.availabilityRule() == null ? null : settings.availabilityRule().timezone());
    return out;
  }

  private static String line(Share share) {
    Share.Settings settings = share.shareOverride();
    return (settings == null ? "link" : "\"" + settings.name() + "\" (" + settings.duration() + " min)")
        + ", " + share.status() + ": " + share.bookingUrl() + " " + share.uri();
  }

  static ToolDefinition listCustomLinks() {
    return ToolDefinition.builder("list_custom_links")
        .title("List customised single-use links")
        .description("List the customised single-use links you made, here or in Calendly, newest first, with"
            + " their status (active, booked or expired). Use it to find a link to change or withdraw.")
        .toolset(Toolset.ONE_OFF)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("event_type", References.eventTypeArgument())
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .required("links", Schema.array(linkSchema()))
            .required("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          Mono<Optional<URI>> type = arguments.string("event_type")
              .map(ref -> References.eventType(client, ref, "event_type").map(t -> Optional.<URI>of(t.uri())))
              .orElse(Mono.just(Optional.<URI>empty()));
          PageRequest page = Lookups.page(arguments);
          Mono<Page<Share>> links = type.flatMap(eventType -> client.users().me().flatMap(me -> client.shares().list(
              new SharesApi.Query(me.uri(), eventType.orElse(null), null, null, false), page)));
          return links.map(CustomLinkTools::renderList)
              .transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  private static ToolResult renderList(Page<Share> page) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("links", page.collection().stream().map(CustomLinkTools::link).toList());
    out.put("next_cursor", page.nextPageToken().orElse(null));
    StringBuilder text = new StringBuilder(page.collection().isEmpty() ? "No single-use links."
        : page.collection().size() + " single-use link" + (page.collection().size() == 1 ? ":" : "s:"));
    page.collection().forEach(share -> text.append("\n- ").append(line(share)));
    page.nextPageToken().ifPresent(t -> text.append("\nMore: pass next_cursor as cursor."));
    return new ToolResult(out, text.toString());
  }

  static ToolDefinition changeCustomLink() {
    return ToolDefinition.builder("change_custom_link")
        .title("Change or withdraw a single-use link")
        .description("Change a single-use link nobody has booked yet (its name, length, bookable dates or notice),"
            + " or withdraw it with delete: true so it can no longer be booked. Settings in reset go back to"
            + " the event type's. A booked or expired link stays as it is: make a new one.")
        .toolset(Toolset.ONE_OFF)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("link", Lookups.reference("The link's share_uri."))
            .optional("delete", Schema.bool().description("true: withdraw the link; nothing else may be given."))
            .optional("name", Schema.string().minLength(1).maxLength(55).description("Meeting name for this link."))
            .optional("duration", Schema.integer().minimum(1).maximum(720).description("Length in minutes."))
            .optional("start_date", Schema.string().format(Schema.DATE).maxLength(10).description("First bookable day."))
            .optional("end_date", Schema.string().format(Schema.DATE).maxLength(10).description("Last bookable day."))
            .optional("days_ahead", Schema.integer().minimum(1).maximum(3650)
                .description("Instead of dates: bookable this many days ahead."))
            .optional("notice_minutes", Schema.integer().minimum(1).maximum(525_600)
                .description("Minimum notice before a meeting."))
            .optional("reset", Schema.array(Schema.string().enumOf("name", "duration", "dates", "notice", "hours",
                    "locations"))
                .maxItems(6).description("Settings to take from the event type again."))
            .closed())
        .output(Schema.object()
            .required("deleted", Schema.bool().description("Whether the link was withdrawn."))
            .required("link", linkSchema().nullable().description("The changed link; null when withdrawn.")))
        .handler(CustomLinkTools::change)
        .build();
  }

  private static Mono<ToolResult> change(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    String reference = arguments.requiredString("link").strip();
    boolean delete = arguments.bool("delete").orElse(false);
    List<String> reset = arguments.strings("reset");
    boolean changes = arguments.string("name").isPresent() || arguments.integer("duration").isPresent()
        || arguments.string("start_date").isPresent() || arguments.string("end_date").isPresent()
        || arguments.integer("days_ahead").isPresent() || arguments.integer("notice_minutes").isPresent()
        || !reset.isEmpty();
    if (delete) {
      if (changes) {
        return Mono.error(new IllegalArgumentException("pass delete: true alone, or changes without delete"));
      }
      return client.shares().delete(reference)
          .then(Mono.fromSupplier(() -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("deleted", true);
            out.put("link", null);
            return new ToolResult(out, "Withdrew the single-use link " + reference + "; it can no longer be booked.");
          }))
          .transform(Lookups.onRefusal(SCOPES));
    }
    if (!changes) {
      return Mono.error(new IllegalArgumentException("give something to change, something to reset, or delete: true"));
    }
    LocalDate start = date(arguments, "start_date");
    LocalDate end = date(arguments, "end_date");
    Integer daysAhead = arguments.integer("days_ahead").map(Long::intValue).orElse(null);
    if (start != null && daysAhead != null) {
      return Mono.error(new IllegalArgumentException("pass either dates or days_ahead, not both"));
    }
    String period = start != null || end != null ? "fixed" : daysAhead != null ? "moving" : null;
    Set<String> restore = new HashSet<>();
    for (String setting : reset) {
      restore.addAll(switch (setting) {
        case "name" -> List.of("name");
        case "duration" -> List.of("duration", "duration_options");
        case "dates" -> List.of("period_type", "start_date", "end_date", "max_booking_time");
        case "notice" -> List.of("min_booking_time");
        case "hours" -> List.of("availability_rule");
        default -> List.of("location_configurations");
      });
    }
    ShareUpdate update = new ShareUpdate(null, arguments.string("name").orElse(null),
        arguments.integer("duration").map(Long::intValue).orElse(null), null, period, start, end, daysAhead,
        arguments.integer("notice_minutes").map(Long::intValue).orElse(null), null, null, null, restore);
    return client.shares().update(reference, update)
        .map(share -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("deleted", false);
          out.put("link", link(share));
          return new ToolResult(out, "Changed the single-use link: " + line(share));
        })
        .transform(Lookups.onRefusal(SCOPES));
  }

  static ToolDefinition createCustomLink() {
    return ToolDefinition.builder("create_custom_link")
        .title("Create customised single-use link")
        .description("Create a single-use booking link of a one-on-one event type with changes for one invitee:"
            + " its name, length, bookable dates, hours or place. Unchanged settings come from the event type.")
        .toolset(Toolset.ONE_OFF)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .required("event_type", References.eventTypeArgument())
            .optional("name", Schema.string().minLength(1).maxLength(55).description("Meeting name for this link."))
            .optional("duration", Schema.integer().minimum(1).maximum(720).description("Length in minutes."))
            .optional("duration_options", Schema.array(Schema.integer().minimum(1).maximum(720)).maxItems(4)
                .description("Lengths to pick from; must include duration."))
            .optional("start_date", Schema.string().format(Schema.DATE).maxLength(10).description("First bookable day."))
            .optional("end_date", Schema.string().format(Schema.DATE).maxLength(10).description("Last bookable day."))
            .optional("days_ahead", Schema.integer().minimum(1).maximum(3650)
                .description("Instead of dates: bookable this many days ahead."))
            .optional("location_kind", Schema.string().minLength(1).maxLength(40).description("Place kind, e.g. physical, zoom_conference."))
            .optional("location", Schema.string().minLength(1).maxLength(500).description("Address or text for location_kind."))
            .optional("timezone", Schema.string().minLength(1).maxLength(64).description("IANA zone of rules."))
            .optional("rules", HoursRuleSchema.rules("closed", "Hours for this link; needs timezone."))
            .closed())
        .output(linkSchema())
        .handler(CustomLinkTools::create)
        .build();
  }

  private static Mono<ToolResult> create(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    LocalDate start = date(arguments, "start_date");
    LocalDate end = date(arguments, "end_date");
    Integer daysAhead = arguments.integer("days_ahead").map(Long::intValue).orElse(null);
    if ((start == null) != (end == null)) {
      return Mono.error(new IllegalArgumentException("pass both start_date and end_date, or neither"));
    }
    if (start != null && daysAhead != null) {
      return Mono.error(new IllegalArgumentException("pass either start_date and end_date or days_ahead, not both"));
    }
    String period = start != null ? "fixed" : daysAhead != null ? "moving" : null;
    List<ToolArguments> rules = arguments.objects("rules");
    Optional<String> timezone = arguments.string("timezone");
    if (!rules.isEmpty() && timezone.isEmpty()) {
      return Mono.error(new IllegalArgumentException("rules need timezone, the IANA zone their times are in"));
    }
    EventTypeAvailabilitySchedule.Rule hours = rules.isEmpty() ? null : EventTypeSetupTools.rule(timezone.get(), rules);
    List<EventTypeLocation> locations = arguments.string("location_kind")
        .map(kind -> List.of(EventTypeLocation.of(kind, arguments.string("location").orElse(null))))
        .orElse(null);
    List<Integer> options = arguments.integers("duration_options");
    return References.eventType(client, arguments.requiredString("event_type"), "event_type")
        .flatMap(type -> client.shares().create(new ShareRequest(
            type.uri(), arguments.string("name").orElse(null),
            arguments.integer("duration").map(Long::intValue).orElse(null), options.isEmpty() ? null : options,
            period, start, end, daysAhead, null, locations, hours)))
        .map(CustomLinkTools::render);
  }

  private static LocalDate date(ToolArguments arguments, String name) {
    try {
      return arguments.string(name).map(LocalDate::parse).orElse(null);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date such as 2026-12-01");
    }
  }

  private static ToolResult render(Share share) {
    Share.Settings settings = share.shareOverride();
    Map<String, Object> out = link(share);
    StringBuilder text = new StringBuilder("Created a single-use link");
    if (settings != null) {
      text.append(" for \"").append(settings.name()).append("\" (").append(settings.duration()).append(" min");
      if ("fixed".equals(settings.periodType())) {
        text.append(", bookable ").append(settings.startDate()).append(" to ").append(settings.endDate());
      } else if (settings.maxBookingTime() != null) {
        text.append(", bookable ").append(settings.maxBookingTime()).append(" days ahead");
      }
      text.append(')');
    }
    text.append(". It books one meeting; send this link: ").append(share.bookingUrl());
    return new ToolResult(out, text.toString());
  }
}
