package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.NewWebhookSubscription;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.WebhookEvent;
import dev.calendlymcp.calendly.WebhookQuery;
import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * The {@code webhooks} toolset: the subscriptions through which Calendly POSTs booking events to
 * another system. Organization-wide ones need an admin, and paid features' events a paid plan, so refusals say
 * which; the signing key a caller sets is sent to Calendly and never shown again.
 */
public final class WebhookTools {

  /** Every event Calendly sends today, from the client's {@link WebhookEvent}. */
  static final String[] EVENTS = Stream.of(WebhookEvent.values()).map(WebhookEvent::wireName).toArray(String[]::new);
  private static final String PLAN_OR_ROLE =
      "A subscription's organization scope needs an admin or owner, and routing form and recap events a paid"
          + " plan; list_scheduled_events shows new bookings without a subscription.";

  private WebhookTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(listSubscriptions(), getSubscription(), createSubscription(), deleteSubscription(), sampleWebhook());
  }

  private static Schema scopeArgument() {
    return Schema.string().enumOf("user", "organization").defaultValue("user")
        .description("user: your own events; organization: everyone's in the organization (admins only).");
  }

  static ToolDefinition listSubscriptions() {
    return ToolDefinition.builder("list_webhook_subscriptions")
        .title("Webhook subscriptions")
        .description(
            "List the webhook subscriptions that send Calendly events to other systems, either your"
                + " own (scope user) or the organization's (scope organization, admins only), with"
                + " their callback URL, events and state. Pass next_cursor back as cursor for more.")
        .toolset(Toolset.WEBHOOKS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("scope", scopeArgument())
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .required("subscriptions", Schema.array(ResourceMaps.webhookSchema()).description("The subscriptions on this page."))
            .required("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          boolean organizationScope = arguments.string("scope").orElse("user").equals("organization");
          Mono<Page<WebhookSubscription>> page = client.users().me().flatMap(me -> {
            String organization = organizationOf(me.currentOrganization());
            WebhookQuery query = organizationScope
                ? WebhookQuery.ofOrganization(organization)
                : WebhookQuery.ofUser(organization, me.uri().toString());
            return client.webhooks().list(query, Lookups.page(arguments));
          });
          return page.map(found -> ResourceMaps.page("subscriptions", found, ResourceMaps::webhook, ResourceMaps::webhookLine))
              .transform(Lookups.onRefusal(PLAN_OR_ROLE));
        })
        .build();
  }

  static ToolDefinition getSubscription() {
    return ToolDefinition.builder("get_webhook_subscription")
        .title("Webhook subscription")
        .description(
            "Get one webhook subscription by URI or UUID (from list_webhook_subscriptions): callback"
                + " URL, events, scope, and whether deliveries are failing (retry_started_at) or have"
                + " been given up (state disabled).")
        .toolset(Toolset.WEBHOOKS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("subscription", Lookups.reference("The subscription's URI or UUID."))
            .closed())
        .output(ResourceMaps.webhookSchema())
        .handler((arguments, context) -> context.calendly().client().webhooks()
            .get(arguments.requiredString("subscription"))
            .map(found -> new ToolResult(ResourceMaps.webhook(found),
                "Webhook subscription " + ResourceMaps.webhookLine(found) + ". URI: " + found.uri()))
            .transform(Lookups.onRefusal(PLAN_OR_ROLE)))
        .build();
  }

  static ToolDefinition createSubscription() {
    return ToolDefinition.builder("create_webhook_subscription")
        .title("Create webhook subscription")
        .description(
            "Subscribe an https URL to Calendly events (bookings, no-shows, event types, routing forms,"
                + " recaps, contacts) of your own meetings or, as an admin, the whole organization; Calendly"
                + " POSTs each event there, signed with signing_key if you give one. Routing form events"
                + " need scope organization and recap events scope user. One URL can be subscribed once per"
                + " scope, so list_webhook_subscriptions shows an existing one.")
        .toolset(Toolset.WEBHOOKS)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .required("url", Schema.string().format(Schema.URI).maxLength(2000)
                .description("The https URL Calendly will POST the events to."))
            .required("events", Schema.array(Schema.string().enumOf(EVENTS)).minItems(1).maxItems(EVENTS.length)
                .description("The events to receive."))
            .optional("scope", scopeArgument())
            .optional("signing_key", Schema.string().minLength(1).maxLength(255)
                .description("A secret Calendly signs each delivery with, to verify them; Calendly picks one if left out. It is never shown back."))
            .closed())
        .output(ResourceMaps.webhookSchema())
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          boolean organizationScope = arguments.string("scope").orElse("user").equals("organization");
          List<String> events = arguments.stringList("events");
          String url = arguments.requiredString("url");
          return client.users().me()
              .flatMap(me -> {
                String organization = organizationOf(me.currentOrganization());
                NewWebhookSubscription subscription = organizationScope
                    ? NewWebhookSubscription.forOrganization(url, events, organization)
                    : NewWebhookSubscription.forUser(url, events, organization, me.uri().toString());
                String key = arguments.string("signing_key").orElse(null);
                return client.webhooks().create(key == null ? subscription : subscription.withSigningKey(key));
              })
              .map(created -> new ToolResult(ResourceMaps.webhook(created),
                  "Subscribed " + ResourceMaps.webhookLine(created) + ". URI: " + created.uri()))
              .onErrorMap(CalendlyException.Conflict.class, e -> new ToolFailure(
                  "Calendly already has a subscription for this URL and scope. " + e.getMessage()
                      + ". Find it with list_webhook_subscriptions; to change its events, delete it"
                      + " and create it again.", e))
              .transform(Lookups.onRefusal(PLAN_OR_ROLE));
        })
        .build();
  }

  static ToolDefinition deleteSubscription() {
    return ToolDefinition.builder("delete_webhook_subscription")
        .title("Delete webhook subscription")
        .description(
            "Delete a webhook subscription by URI or UUID (from list_webhook_subscriptions); Calendly"
                + " stops sending its events at once. Confirm with the user first: the receiving"
                + " system will silently get nothing more.")
        .toolset(Toolset.WEBHOOKS)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("subscription", Lookups.reference("The subscription's URI or UUID."))
            .closed())
        .output(Schema.object()
            .required("deleted", Schema.bool().description("Always true: the subscription is gone."))
            .required("subscription", ResourceMaps.webhookSchema().description("What was deleted, as it was.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          // Read first: the result says what stopped, and a wrong reference fails before anything changes.
          return client.webhooks().get(arguments.requiredString("subscription"))
              .flatMap(found -> client.webhooks().delete(found.uri().toString())
                  .then(Mono.fromCallable(() -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("deleted", true);
                    out.put("subscription", ResourceMaps.webhook(found));
                    return new ToolResult(out, "Deleted the webhook subscription " + ResourceMaps.webhookLine(found) + ".");
                  })))
              .transform(Lookups.onRefusal(PLAN_OR_ROLE));
        })
        .build();
  }

  static ToolDefinition sampleWebhook() {
    return ToolDefinition.builder("get_sample_webhook")
        .title("Sample webhook delivery")
        .description(
            "Show the body Calendly would POST for one webhook event, built from your account's data,"
                + " to build or test a receiver without waiting for the event to happen.")
        .toolset(Toolset.WEBHOOKS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("event", Schema.string().enumOf(EVENTS).description("The event."))
            .optional("scope", scopeArgument())
            .closed())
        .output(Schema.object()
            .field("event", Schema.string())
            .field("created_at", Schema.string().nullable())
            .field("created_by", Schema.string().nullable())
            .field("payload_json", Schema.string().description("The delivery's payload object, as JSON text.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          WebhookEvent event = WebhookEvent.of(arguments.requiredString("event")).orElseThrow(
              () -> new IllegalArgumentException("event must be one of " + String.join(", ", EVENTS)));
          boolean organizationScope = arguments.string("scope").orElse("user").equals("organization");
          return client.users().me()
              .flatMap(me -> {
                String organization = organizationOf(me.currentOrganization());
                return client.webhooks().sampleData(event, organizationScope
                    ? WebhookQuery.ofOrganization(organization)
                    : WebhookQuery.ofUser(organization, me.uri().toString()));
              })
              .map(sample -> {
                String payload = sample.payload() == null ? "{}" : sample.payload().toString();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("event", sample.event());
                out.put("created_at", Lookups.text(sample.createdAt()));
                out.put("created_by", Lookups.text(sample.createdBy()));
                out.put("payload_json", payload);
                return new ToolResult(out, "A " + sample.event() + " delivery carries this payload:\n" + payload);
              })
              .transform(Lookups.onRefusal(PLAN_OR_ROLE));
        })
        .build();
  }

  private static String organizationOf(URI organization) {
    if (organization == null) {
      throw new IllegalArgumentException("webhooks need an organization, and Calendly reports none for the current user");
    }
    return organization.toString();
  }
}
