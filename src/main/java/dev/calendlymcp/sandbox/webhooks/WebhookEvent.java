package dev.calendlymcp.sandbox.webhooks;

import dev.calendlymcp.sandbox.http.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Something webhook subscribers should hear about, with the subscriptions that match it.
 *
 * @param event the event name, e.g. {@code invitee.created}
 * @param createdAt when it happened
 * @param createdBy URI of the user whose event it is
 * @param targets the matching active subscriptions
 * @param payload the {@code payload} object of the delivery body (an invitee plus its {@code
 *     scheduled_event}, another resource as its GET shows it, or a tombstone); copied
 */
public record WebhookEvent(
    String event, Instant createdAt, String createdBy, List<Target> targets, JsonNode payload) {

  public WebhookEvent {
    targets = List.copyOf(targets);
    payload = payload.deepCopy();
  }

  /**
   * One subscription to deliver to. {@link #toString()} leaves the signing key out.
   *
   * @param subscription URI of the webhook subscription
   * @param callbackUrl where to POST
   * @param signingKey key for the {@code Calendly-Webhook-Signature} HMAC
   */
  public record Target(String subscription, String callbackUrl, String signingKey) {
    @Override
    public String toString() {
      return "Target[subscription=" + subscription + ", callbackUrl=" + callbackUrl + "]";
    }
  }

  /**
   * The delivery body Calendly POSTs: {@code {"event", "created_at", "created_by", "payload"}}.
   */
  public ObjectNode envelope() {
    ObjectNode body = Json.object();
    body.put("event", event);
    body.put("created_at", Json.timestamp(createdAt));
    body.put("created_by", createdBy);
    body.set("payload", payload.deepCopy());
    return body;
  }
}
