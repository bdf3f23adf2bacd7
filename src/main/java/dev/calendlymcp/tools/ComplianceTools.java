package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.DataComplianceApi;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The {@code compliance} toolset: erasing invitees' personal data for data-protection requests.
 * Calendly offers it on Enterprise plans only, to admins and owners.
 */
public final class ComplianceTools {

  private ComplianceTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(deleteInviteeData());
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
}
