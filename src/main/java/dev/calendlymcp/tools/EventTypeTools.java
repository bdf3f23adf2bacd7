package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.EventTypeQuery;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.CustomQuestion;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.SchedulingLink;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The event-type tools of the default toolset: {@code list_event_types}, {@code get_event_type}
 * and {@code create_booking_link}. Wherever one event type is meant, the model may pass its URI,
 * its UUID or its name ({@link References}).
 */
final class EventTypeTools {

  private static final int MAX_CURSOR = 1000;
  private static final int MAX_DESCRIPTION = 500;

  private EventTypeTools() {}

  static ToolDefinition listEventTypes() {
    return ToolDefinition.builder("list_event_types")
        .title("List event types")
        .description(
            "Bookable event types (e.g. 30 Minute Meeting): yours, a user's or an organization's.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .optional("user", References.userArgument("default: you"))
                .optional(
                    "organization",
                    Schema.string().maxLength(Lookups.MAX_REFERENCE).description("URI or UUID."))
                .optional("active", Schema.bool().description("Omit for both."))
                .optional(
                    "count",
                    Schema.integer().minimum(1).maximum(PageRequest.MAX_COUNT).defaultValue(20).description("Page size."))
                .optional("cursor", Schema.string().maxLength(MAX_CURSOR).description("A next_cursor."))
                .closed())
        .output(Schema.object().field("event_types", Schema.listOf(summarySchema())).strings("next_cursor"))
        .handler(EventTypeTools::list)
        .build();
  }

  static ToolDefinition getEventType() {
    return ToolDefinition.builder("get_event_type")
        .title("Get event type")
        .description(
            "An event type's locations and booking questions; an ambiguous name lists candidates.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(Schema.object().required("event_type", References.eventTypeArgument()).closed())
        .output(detailSchema())
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return References.eventType(client, arguments.requiredString("event_type"), "event_type")
              .map(EventTypeTools::renderDetail);
        })
        .build();
  }

  static ToolDefinition createBookingLink() {
    return ToolDefinition.builder("create_booking_link")
        .title("Create booking link")
        .description(
            "Single-use link for the invitee to pick a time (or when booking is refused: Free plan); lasts 90 days.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.write(false, false))
        .input(Schema.object().required("event_type", References.eventTypeArgument()).closed())
        .output(Schema.object()
            .strings("booking_url", "event_type_uri", "event_type_name", "scheduling_url").integers("max_bookings"))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return References.eventType(client, arguments.requiredString("event_type"), "event_type")
              .flatMap(type -> client.schedulingLinks().create(type.uri().toString())
                  .map(link -> renderLink(type, link)));
        })
        .build();
  }

  private static Mono<ToolResult> list(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    Optional<String> user = arguments.string("user").map(String::strip).filter(s -> !s.isEmpty());
    Optional<String> organization = arguments.string("organization").map(String::strip).filter(s -> !s.isEmpty());
    if (user.isPresent() && organization.isPresent()) {
      return Mono.error(new IllegalArgumentException(
          "user and organization are exclusive: pass user for one person's event types or organization for all"));
    }
    int count = arguments.integer("count").orElse(20L).intValue();
    String cursor = arguments.string("cursor").filter(s -> !s.isBlank()).orElse(null);
    Mono<EventTypeQuery> query = organization.isPresent()
        ? References.organization(client, organization, "organization").map(EventTypeQuery::forOrganization)
        : References.user(client, user, "user").map(EventTypeQuery::forUser);
    String whose = organization.isPresent() ? "the organization" : user.isPresent() ? "the user" : "you";
    return query.flatMap(chosen -> client.eventTypes()
        .list(chosen.active(arguments.bool("active").orElse(null)), new PageRequest(count, cursor))
        .map(page -> renderList(page, whose)));
  }

  private static ToolResult renderList(Page<EventType> page, String whose) {
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    text.append(page.collection().size()).append(page.collection().size() == 1 ? " event type" : " event types")
        .append(" of ").append(whose).append(page.collection().isEmpty() ? "." : ":");
    for (EventType type : page.collection()) {
      items.add(summary(type));
      text.append("\n- ").append(oneLine(type));
    }
    String next = page.nextPageToken().orElse(null);
    if (next != null) {
      text.append("\nMore on the next page: pass next_cursor as cursor.");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event_types", items);
    out.put("next_cursor", next);
    return new ToolResult(out, text.toString());
  }

  private static ToolResult renderDetail(EventType type) {
    Map<String, Object> out = summary(type);
    out.put("description", truncate(type.descriptionPlain()));
    out.put("duration_options", type.durationOptions());
    out.put("locations", type.locations() == null ? List.of() : type.locations().stream().map(EventTypeTools::location).toList());
    List<CustomQuestion> questions =
        type.customQuestions() == null
            ? List.of()
            : type.customQuestions().stream().filter(q -> !Boolean.FALSE.equals(q.enabled())).toList();
    out.put("questions", questions.stream().map(EventTypeTools::question).toList());

    StringBuilder text = new StringBuilder(oneLine(type)).append('.');
    if (type.locations() != null && !type.locations().isEmpty()) {
      text.append(" Locations: ")
          .append(String.join(", ", type.locations().stream().map(EventTypeLocation::kind).toList()))
          .append('.');
    }
    if (questions.isEmpty()) {
      text.append(" No questions for invitees.");
    } else {
      text.append(" Questions: ");
      for (int i = 0; i < questions.size(); i++) {
        CustomQuestion q = questions.get(i);
        text.append(i == 0 ? "" : "; ").append('"').append(q.name()).append('"')
            .append(Boolean.TRUE.equals(q.required()) ? " (required" : " (optional");
        if (q.answerChoices() != null && !q.answerChoices().isEmpty()) {
          text.append(", one of: ").append(String.join(", ", q.answerChoices()));
        }
        text.append(')');
      }
      text.append('.');
    }
    return new ToolResult(out, text.toString());
  }

  private static ToolResult renderLink(EventType type, SchedulingLink link) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("booking_url", link.bookingUrl().toString());
    out.put("event_type_uri", type.uri().toString());
    out.put("event_type_name", type.name());
    out.put("scheduling_url", text(type.schedulingUrl()));
    out.put("max_bookings", 1);
    String text = "Single-use link for " + type.name() + ": " + link.bookingUrl()
        + " (works for one booking; expires after 90 days unused)."
        + (type.schedulingUrl() == null ? "" : " Permanent booking page: " + type.schedulingUrl() + ".");
    return new ToolResult(out, text);
  }

  /** The fields that identify an event type and say what it is; shared by the list and the detail. */
  static Map<String, Object> summary(EventType type) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", type.uri().toString());
    out.put("name", type.name());
    out.put("slug", type.slug());
    out.put("active", type.active());
    out.put("duration_minutes", type.duration());
    out.put("kind", type.kind() == null ? null : type.kind().name().toLowerCase(Locale.ROOT));
    out.put("one_off", "AdhocEventType".equals(type.type()));
    out.put("scheduling_url", text(type.schedulingUrl()));
    out.put("owner", type.profile() == null ? null : type.profile().name());
    out.put("secret", type.secret());
    return out;
  }

  static Schema summarySchema() {
    return summaryFields(Schema.object());
  }

  private static Schema summaryFields(Schema schema) {
    return schema
        .strings("uri", "name", "slug")
        .booleans("active")
        .integers("duration_minutes")
        .strings("kind")
        .booleans("one_off")
        .strings("scheduling_url", "owner")
        .booleans("secret");
  }

  private static Schema detailSchema() {
    return summaryFields(Schema.object())
        .strings("description")
        .field("duration_options", Schema.array(Schema.integer()))
        .field("locations", Schema.listOf(Schema.object().strings("kind", "details")))
        .field("questions", Schema.listOf(Schema.object()
            .strings("name", "type").booleans("required").field("answer_choices", Schema.array(Schema.string()))));
  }

  private static Map<String, Object> location(EventTypeLocation location) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", location.kind());
    out.put("details", location.location() != null ? location.location() : location.phoneNumber());
    return out;
  }

  private static Map<String, Object> question(CustomQuestion question) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", question.name());
    out.put("type", question.type() == null ? null : question.type().name().toLowerCase(Locale.ROOT));
    out.put("required", Boolean.TRUE.equals(question.required()));
    out.put("answer_choices", question.answerChoices() == null ? List.of() : question.answerChoices());
    return out;
  }

  /**
   * Why an inactive event type has no open times and cannot be booked, and how it is switched on
   * again; Calendly's API can do that only for one-on-one event types.
   */
  static String inactive(EventType type) {
    boolean solo = type.kind() == EventType.Kind.SOLO && !"AdhocEventType".equals(type.type());
    return "The event type '" + type.name() + "' (" + type.uri() + ") is inactive, so it has no open times and"
        + " nobody can book it. To activate it, the user switches it on in Calendly's web app (on the"
        + " event type's card)" + (solo ? ", or an agent calls update_event_type with active=true (in the"
            + " event_types toolset)" : "")
        + ". Otherwise pick an active event type from list_event_types.";
  }

  /** {@code 30 Minute Meeting — 30 min, active, slug …, URI …}. */
  static String oneLine(EventType type) {
    StringBuilder line = new StringBuilder(type.name() == null ? "(unnamed)" : type.name()).append(" — ");
    if (type.duration() != null) {
      line.append(type.duration()).append(" min, ");
    }
    if (type.kind() == EventType.Kind.GROUP) {
      line.append("group, ");
    }
    line.append(Boolean.FALSE.equals(type.active()) ? "inactive" : "active");
    if (type.slug() != null) {
      line.append(", slug ").append(type.slug());
    }
    if (type.schedulingUrl() != null) {
      line.append(", booking page ").append(type.schedulingUrl());
    }
    return line.append(", URI ").append(type.uri()).toString();
  }

  private static String truncate(String text) {
    if (text == null || text.length() <= MAX_DESCRIPTION) {
      return text;
    }
    return text.substring(0, MAX_DESCRIPTION) + "…";
  }

  static String text(URI value) {
    return value == null ? null : value.toString();
  }
}
