package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.SampleWebhook;
import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Webhook subscriptions, on every plan since 2026-11-03 (routing form and recap events need a plan with the feature; contact events are on every plan since 2026-11-19); organization-scoped subscriptions
 * need an admin or owner.
 */
public final class WebhooksApi {

  private final RestCalls rest;

  WebhooksApi(RestCalls rest) {
    this.rest = rest;
  }

  /** {@code GET /webhook_subscriptions}: one page of subscriptions. */
  public Mono<Page<WebhookSubscription>> list(WebhookQuery query, PageRequest page) {
    return Mono.fromCallable(() -> required(query).toQuery())
        .flatMap(
            q -> rest.page(Endpoint.LIST_WEBHOOK_SUBSCRIPTIONS, List.of(), q, page, WebhookSubscription.class));
  }

  /** Every subscription matching {@code query}, fetched page by page as the subscriber asks. */
  public Flux<WebhookSubscription> listAll(WebhookQuery query) {
    return Mono.fromCallable(() -> required(query))
        .flatMapMany(
            q ->
                rest.all(
                    Endpoint.LIST_WEBHOOK_SUBSCRIPTIONS,
                    List.of(),
                    q::toQuery,
                    PageRequest.MAX_COUNT,
                    WebhookSubscription.class));
  }

  /**
   * {@code POST /webhook_subscriptions}. Calendly answers 409 if a subscription for the same URL
   * and scope already exists.
   */
  public Mono<WebhookSubscription> create(NewWebhookSubscription subscription) {
    return Mono.fromCallable(
            () -> {
              if (subscription == null) {
                throw new IllegalArgumentException("subscription is required");
              }
              return subscription;
            })
        .flatMap(
            body -> rest.resource(Endpoint.CREATE_WEBHOOK_SUBSCRIPTION, List.of(), body, WebhookSubscription.class));
  }

  /** {@code GET /webhook_subscriptions/{uuid}}. */
  public Mono<WebhookSubscription> get(String subscriptionUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(subscriptionUriOrUuid, "webhook_subscription"))
        .flatMap(
            uuid ->
                rest.resource(
                    Endpoint.GET_WEBHOOK_SUBSCRIPTION,
                    List.of(uuid),
                    new OutboundRequest.Query(),
                    WebhookSubscription.class));
  }

  /** {@code DELETE /webhook_subscriptions/{uuid}}: Calendly stops delivering at once. */
  public Mono<Void> delete(String subscriptionUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(subscriptionUriOrUuid, "webhook_subscription"))
        .flatMap(uuid -> rest.noContent(Endpoint.DELETE_WEBHOOK_SUBSCRIPTION, List.of(uuid), null));
  }

  /**
   * {@code GET /sample_webhook_data}: the body Calendly would POST for {@code event} to a
   * subscription of this scope, built from the account's data. Calendly's page leaves open
   * whether the body comes in a {@code resource} envelope, so both are read.
   */
  public Mono<SampleWebhook> sampleData(WebhookEvent event, WebhookQuery query) {
    return Mono.fromCallable(() -> {
          if (event == null) {
            throw new IllegalArgumentException("event is required");
          }
          return required(query).toQuery().add("event", event.wireName());
        })
        .flatMap(q -> rest.plain(Endpoint.GET_SAMPLE_WEBHOOK_DATA, List.of(), q, JsonNode.class))
        .map(body -> {
          JsonNode sample = body.path("resource").isObject() ? body.path("resource") : body;
          return CalendlyJson.mapper().treeToValue(sample, SampleWebhook.class);
        });
  }

  private static WebhookQuery required(WebhookQuery query) {
    if (query == null) {
      throw new IllegalArgumentException("query is required (organization and scope)");
    }
    return query;
  }
}
