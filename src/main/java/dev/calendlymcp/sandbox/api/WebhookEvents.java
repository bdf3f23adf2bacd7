package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.WebhookScope;
import dev.calendlymcp.sandbox.model.WebhookSubscription;
import dev.calendlymcp.sandbox.webhooks.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the webhook events of bookings and cancellations and queues them on the request, to be
 * published once the change is committed. A subscription matches when it is active, lists the
 * event, belongs to the scheduled event's organization and is organization-scoped or scoped to
 * one of the hosts.
 */
final class WebhookEvents {

  private final ApiContext context;

  WebhookEvents(ApiContext context) {
    this.context = context;
  }

  /** Queues {@code name} (e.g. {@code invitee.created}) for {@code invitee} of {@code event}. */
  void queue(ApiRequest request, String name, Invitee invitee, ScheduledEvent event) {
    List<WebhookEvent.Target> targets = new ArrayList<>();
    for (WebhookSubscription subscription : context.store().webhooks()) {
      if (matches(subscription, name, event)) {
        targets.add(
            new WebhookEvent.Target(
                context.uris().webhook(subscription.uuid()),
                subscription.callbackUrl(),
                subscription.signingKey()));
      }
    }
    ObjectNode payload = context.views().invitee(invitee);
    payload.set("scheduled_event", context.views().scheduledEvent(event));
    WebhookEvent webhookEvent =
        new WebhookEvent(
            name,
            context.now(),
            context.uris().user(event.hostUuids().get(0)),
            targets,
            payload);
    request.afterCommit(() -> context.webhooks().publish(webhookEvent));
  }

  private static boolean matches(WebhookSubscription subscription, String name, ScheduledEvent event) {
    if (!subscription.state().equals("active")
        || !subscription.events().contains(name)
        || !subscription.organizationUuid().equals(event.organizationUuid())) {
      return false;
    }
    return subscription.scope() == WebhookScope.ORGANIZATION
        || subscription.scope() == WebhookScope.USER && event.hostUuids().contains(subscription.userUuid());
  }
}
