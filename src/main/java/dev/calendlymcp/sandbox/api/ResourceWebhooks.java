package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.model.WebhookScope;
import dev.calendlymcp.sandbox.model.WebhookSubscription;
import dev.calendlymcp.sandbox.webhooks.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook events of resources other than invitees: {@code event_type.*}, {@code contact.*}
 * and {@code meeting_recap.*}, queued on the request and published once its change is committed.
 * A subscription matches when it is active, lists the event, belongs to the resource's
 * organization and is organization-scoped or scoped to the user the resource belongs to. The
 * payload is the resource as its GET returns it; a {@code *.deleted} event carries Calendly's
 * tombstone, the URI and {@code deleted_at}.
 */
final class ResourceWebhooks {

  private final ApiContext context;

  ResourceWebhooks(ApiContext context) {
    this.context = context;
  }

  /**
   * Queues {@code name} about a resource of {@code ownerUuid} in {@code organizationUuid}, made by
   * {@code actorUuid}.
   */
  void queue(
      ApiRequest request, String name, String organizationUuid, String ownerUuid, String actorUuid,
      JsonNode payload) {
    List<WebhookEvent.Target> targets = new ArrayList<>();
    for (WebhookSubscription subscription : context.store().webhooks()) {
      if (subscription.isActive()
          && subscription.events().contains(name)
          && subscription.organizationUuid().equals(organizationUuid)
          && (subscription.scope() == WebhookScope.ORGANIZATION
              || subscription.scope() == WebhookScope.USER && ownerUuid.equals(subscription.userUuid()))) {
        targets.add(new WebhookEvent.Target(
            context.uris().webhook(subscription.uuid()), subscription.callbackUrl(), subscription.signingKey()));
      }
    }
    WebhookEvent event = new WebhookEvent(name, context.now(), context.uris().user(actorUuid), targets, payload);
    request.afterCommit(() -> context.webhooks().publish(event));
  }

  /** Calendly's tombstone for a deleted resource. */
  ObjectNode tombstone(String uri) {
    ObjectNode node = Json.object();
    node.put("uri", uri);
    node.put("deleted_at", Json.timestamp(context.now()));
    return node;
  }
}
