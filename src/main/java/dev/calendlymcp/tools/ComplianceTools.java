package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.ActivityLogApi;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.DataComplianceApi;
import dev.calendlymcp.calendly.model.ActivityLogEntry;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The {@code compliance} toolset: erasing invitees' or a period's scheduled events' data for
 * data-protection requests, and reading the organization's activity log for audits. Calendly
 * offers all three on Enterprise plans only, to admins and owners.
 */
public final class ComplianceTools {

  private ComplianceTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(deleteInviteeData(), deleteEventData(), activityLog());
  }

  static ToolDefinition deleteInviteeData() {
    return ToolDefinition.builder("delete_invitee_data")
        .title("Delete invitee data (Enterprise)")
        .description(
            "Permanently erase what Calendly holds about up to 100 invitees, by email, from the"
                + " organization's past bookings, for a data-protection request such as one under GDPR. Enterprise plan and admin or owner only; irreversible, so confirm the"
                + " exact addresses with the user first; Calendly finishes within about 7 days.")
        .toolset(Toolset.COMPLIANCE)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("emails", Schema.array(Schema.string().format(Schema.EMAIL).maxLength(254)
                    .description("An invitee's email address."))
                .minItems(1).maxItems(DataComplianceApi.MAX_EMAILS)
                .description("The invitees' email addresses, 1 to 100."))
            .closed())
        .output(Schema.object()
            .required("accepted", Schema.bool().description("Always true: Calendly accepted the deletion request."))
            .required("email_count", Schema.integer().description("How many distinct addresses the request covered.")))
        .handler((arguments, context) -> {
          // Distinct, and never echoed back: these are personal data being erased.
          List<String> emails = List.copyOf(new LinkedHashSet<>(arguments.stringList("emails")));
          return context.calendly().client().dataCompliance().deleteInviteeData(emails)
              .then(Mono.fromCallable(() -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("accepted", true);
                out.put("email_count", emails.size());
                return new ToolResult(out, "Calendly accepted the deletion of the data of " + emails.size()
                    + (emails.size() == 1 ? " invitee" : " invitees") + "; it completes within about 7 days"
                    + " and cannot be undone.");
              }))
              .transform(Lookups.onRefusal(
                  "Deleting invitee data needs an Enterprise plan and an admin or owner role; tell"
                      + " the user to ask their Calendly admin or Calendly support."));
        })
        .build();
  }

  private static final String ENTERPRISE_ADMIN =
      "This needs an Enterprise plan and an admin or owner role; tell the user to ask their Calendly admin.";

  static ToolDefinition deleteEventData() {
    return ToolDefinition.builder("delete_event_data")
        .title("Delete scheduled event data (Enterprise)")
        .description(
            "Permanently erase the data of every scheduled event of the organization that started"
                + " between start_time and end_time (in the past, at most 24 months apart), for a"
                + " data-protection request. Enterprise admins only; irreversible, so confirm the range"
                + " with the user first; Calendly finishes within about 7 days.")
        .toolset(Toolset.COMPLIANCE)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("start_time", Schema.string().format(Schema.DATE_TIME).maxLength(40).description("Start of the range (UTC)."))
            .required("end_time", Schema.string().format(Schema.DATE_TIME).maxLength(40).description("End of the range, in the past."))
            .closed())
        .output(Schema.object()
            .required("accepted", Schema.bool().description("Always true: Calendly accepted the deletion request."))
            .required("start_time", Schema.string().format(Schema.DATE_TIME))
            .required("end_time", Schema.string().format(Schema.DATE_TIME)))
        .handler((arguments, context) -> {
          Instant start = arguments.instant("start_time").orElseThrow();
          Instant end = arguments.instant("end_time").orElseThrow();
          return context.calendly().client().dataCompliance().deleteEventData(start, end, context.clock().instant())
              .then(Mono.fromCallable(() -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("accepted", true);
                out.put("start_time", start.toString());
                out.put("end_time", end.toString());
                return new ToolResult(out, "Calendly accepted the deletion of the data of the events that started"
                    + " between " + start + " and " + end + "; it completes within about 7 days and cannot be undone.");
              }))
              .transform(Lookups.onRefusal(ENTERPRISE_ADMIN));
        })
        .build();
  }

  static ToolDefinition activityLog() {
    return ToolDefinition.builder("get_activity_log")
        .title("Activity log (Enterprise)")
        .description(
            "Read the organization's audit trail, newest first: who did what and when (sign-ins,"
                + " members added, event types changed...), filtered by text, person, category or time."
                + " Enterprise admins only.")
        .toolset(Toolset.COMPLIANCE)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("search", Schema.string().minLength(1).maxLength(200)
                .description("Text to look for; | means or, + means and, quotes match exactly, - excludes."))
            .optional("actor", Lookups.reference("The acting user's URI."))
            .optional("namespace", Schema.string().minLength(1).maxLength(100).description("A category, e.g. User."))
            .optional("action", Schema.string().minLength(1).maxLength(100).description("An action, e.g. Add."))
            .optional("since", Schema.string().format(Schema.DATE_TIME).maxLength(40).description("Only entries from this time on."))
            .optional("until", Schema.string().format(Schema.DATE_TIME).maxLength(40).description("Only entries before this time."))
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .field("entries", Schema.array(Schema.object()
                .field("occurred_at", Schema.string().nullable())
                .field("action", Schema.string().nullable().description("namespace.action, e.g. User.Add."))
                .field("actor", Schema.string().nullable().description("Who acted: name or identifier."))
                .field("actor_uri", Schema.string().nullable())
                .field("details_json", Schema.string().nullable().description("What changed, as JSON text."))))
            .field("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return client.users().me()
              .flatMap(me -> client.activityLog().list(new ActivityLogApi.Query(
                  me.currentOrganization(), arguments.string("search").orElse(null),
                  arguments.string("actor").map(a -> URI.create(a.strip())).orElse(null),
                  arguments.string("namespace").orElse(null), arguments.string("action").orElse(null),
                  arguments.instant("since").orElse(null), arguments.instant("until").orElse(null)),
                  Lookups.page(arguments)))
              .map(page -> {
                StringBuilder text = new StringBuilder(page.collection().isEmpty() ? "No activity log entries match."
                    : page.collection().size() + " activity log entr" + (page.collection().size() == 1 ? "y:" : "ies:"));
                page.collection().forEach(entry -> text.append("\n- ").append(entryLine(entry)));
                page.nextPageToken().ifPresent(t -> text.append("\nMore entries: pass next_cursor as cursor."));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("entries", page.collection().stream().map(ComplianceTools::entry).toList());
                out.put("next_cursor", page.nextPageToken().orElse(null));
                return new ToolResult(out, text.toString());
              })
              .transform(Lookups.onRefusal(ENTERPRISE_ADMIN));
        })
        .build();
  }

  private static Map<String, Object> entry(ActivityLogEntry entry) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("occurred_at", Lookups.text(entry.occurredAt()));
    out.put("action", entry.fullyQualifiedName() != null ? entry.fullyQualifiedName()
        : entry.namespace() + "." + entry.action());
    out.put("actor", entry.actor() == null ? null
        : entry.actor().displayName() != null ? entry.actor().displayName() : entry.actor().alternativeIdentifier());
    out.put("actor_uri", entry.actor() == null ? null : Lookups.text(entry.actor().uri()));
    out.put("details_json", entry.details() == null || entry.details().isNull() ? null : entry.details().toString());
    return out;
  }

  private static String entryLine(ActivityLogEntry entry) {
    Map<String, Object> shown = entry(entry);
    return shown.get("occurred_at") + " " + shown.get("action") + " by " + shown.get("actor")
        + (shown.get("details_json") == null ? "" : " " + shown.get("details_json"));
  }
}
