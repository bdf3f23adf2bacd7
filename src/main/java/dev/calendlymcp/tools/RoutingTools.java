package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.RoutingForm;
import dev.calendlymcp.calendly.model.RoutingFormSubmission;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The {@code routing} toolset: who filled in the organization's routing forms, what they answered
 * and where they were sent. One tool, since picking the form and reading its submissions is one
 * intent; routing forms are a paid feature.
 */
public final class RoutingTools {

  private static final int MAX_FORMS = 100;
  private static final String PAID =
      "Routing forms need a paid Calendly plan and the routing_forms:read scope; tell the user.";

  private RoutingTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(listRoutingSubmissions());
  }

  static ToolDefinition listRoutingSubmissions() {
    return ToolDefinition.builder("list_routing_submissions")
        .title("Routing form submissions")
        .description(
            "List the answers people gave on one of the organization's routing forms, newest first,"
                + " with where each was routed and whether they booked. Name the form (or pass its URI);"
                + " leave it out when there is only one, otherwise the forms are listed to choose from.")
        .toolset(Toolset.ROUTING)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("form", Lookups.reference("The routing form's name, URI or UUID."))
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .field("form", formSchema())
            .field("forms", Schema.array(formSchema()).description("Every form, when the form to read was not clear."))
            .field("submissions", Schema.array(Schema.object()
                .field("uri", Schema.string())
                .field("created_at", Schema.string().format(Schema.DATE_TIME))
                .field("answers", Schema.array(Schema.object()
                    .field("question", Schema.string())
                    .field("answer", Schema.string().nullable())))
                .field("routed_to", Schema.string().nullable()
                    .description("The event type URI, URL or message the visitor was sent to."))
                .field("booked", Schema.bool())
                .field("invitee", Schema.string().nullable().description("The invitee URI when they booked."))
                .field("utm_source", Schema.string().nullable())))
            .field("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          Optional<String> wanted = arguments.string("form");
          return pickForm(client, wanted)
              .flatMap(choice -> choice.form() == null
                  ? Mono.just(ambiguous(choice.forms(), wanted))
                  : client.routingForms().submissions(choice.form().uri(), true, Lookups.page(arguments))
                      .map(page -> {
                        List<Map<String, Object>> items = new ArrayList<>();
                        StringBuilder text = new StringBuilder(page.collection().size() + " submission"
                            + (page.collection().size() == 1 ? "" : "s") + " of \"" + choice.form().name() + "\":");
                        for (RoutingFormSubmission submission : page.collection()) {
                          items.add(submission(submission));
                          text.append("\n- ").append(line(submission));
                        }
                        page.nextPageToken().ifPresent(t -> text.append("\nMore: pass next_cursor as cursor."));
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("form", form(choice.form()));
                        out.put("submissions", items);
                        out.put("next_cursor", page.nextPageToken().orElse(null));
                        return new ToolResult(out, text.toString());
                      }))
              .transform(Lookups.onRefusal(PAID));
        })
        .build();
  }

  private record Choice(RoutingForm form, List<RoutingForm> forms) {}

  private static Mono<Choice> pickForm(CalendlyClient client, Optional<String> wanted) {
    if (wanted.isPresent() && wanted.get().contains("/")) {
      return client.routingForms().get(wanted.get()).map(form -> new Choice(form, List.of(form)));
    }
    return client.users().me()
        .flatMap(me -> client.routingForms().list(me.currentOrganization(), PageRequest.first(MAX_FORMS)))
        .map(page -> {
          List<RoutingForm> forms = page.collection();
          if (wanted.isEmpty()) {
            return new Choice(forms.size() == 1 ? forms.get(0) : null, forms);
          }
          String name = wanted.get().strip().toLowerCase(Locale.ROOT);
          List<RoutingForm> matches = forms.stream()
              .filter(f -> f.uri().toString().endsWith("/" + wanted.get().strip())
                  || f.name() != null && f.name().toLowerCase(Locale.ROOT).contains(name))
              .toList();
          return new Choice(matches.size() == 1 ? matches.get(0) : null, forms);
        });
  }

  private static ToolResult ambiguous(List<RoutingForm> forms, Optional<String> wanted) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("forms", forms.stream().map(RoutingTools::form).toList());
    out.put("submissions", List.of());
    out.put("next_cursor", null);
    if (forms.isEmpty()) {
      return new ToolResult(out, "The organization has no routing forms.");
    }
    StringBuilder text = new StringBuilder(wanted.isPresent()
        ? "No single routing form matches \"" + wanted.get() + "\"; pass one of these as form:"
        : forms.size() + " routing forms; pass one as form:");
    forms.forEach(f -> text.append("\n- ").append(f.name()).append(" (").append(f.status()).append(") ").append(f.uri()));
    return new ToolResult(out, text.toString());
  }

  private static Schema formSchema() {
    return Schema.object()
        .field("uri", Schema.string())
        .field("name", Schema.string().nullable())
        .field("status", Schema.string().nullable().description("published or draft."))
        .field("questions", Schema.array(Schema.string()).description("The questions, in order."));
  }

  private static Map<String, Object> form(RoutingForm form) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(form.uri()));
    out.put("name", form.name());
    out.put("status", form.status());
    out.put("questions", form.questions().stream().map(RoutingForm.Question::name).toList());
    return out;
  }

  private static Map<String, Object> submission(RoutingFormSubmission submission) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(submission.uri()));
    out.put("created_at", Lookups.text(submission.createdAt()));
    out.put("answers", submission.questionsAndAnswers().stream().map(a -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("question", a.question());
      answer.put("answer", a.answer());
      return answer;
    }).toList());
    out.put("routed_to", routedTo(submission));
    out.put("booked", submission.submitter() != null);
    out.put("invitee", Lookups.text(submission.submitter()));
    out.put("utm_source", submission.tracking() == null ? null : submission.tracking().utmSource());
    return out;
  }

  private static String routedTo(RoutingFormSubmission submission) {
    if (submission.result() == null || submission.result().value() == null || submission.result().value().isNull()) {
      return null;
    }
    var value = submission.result().value();
    return value.isString() ? value.stringValue() : value.path("headline").asString(value.toString());
  }

  private static String line(RoutingFormSubmission submission) {
    String answers = String.join("; ", submission.questionsAndAnswers().stream()
        .map(a -> a.question() + ": " + a.answer()).toList());
    return submission.createdAt() + " " + answers + (submission.submitter() != null ? " (booked)" : " (did not book)");
  }
}
