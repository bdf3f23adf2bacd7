package dev.calendlymcp.sandbox.model;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription. {@link #toString()} leaves the signing key out.
 *
 * @param uuid last segment of the subscription URI
 * @param callbackUrl where deliveries go
 * @param events event names subscribed to
 * @param scope whose events are delivered
 * @param organizationUuid the organization
 * @param userUuid the user, for user scope; else null
 * @param creatorUuid who created it
 * @param state {@code active} or {@code disabled}
 * @param signingKey the key deliveries are signed with
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record WebhookSubscription(
    String uuid,
    String callbackUrl,
    List<String> events,
    WebhookScope scope,
    String organizationUuid,
    String userUuid,
    String creatorUuid,
    String state,
    String signingKey,
    Instant createdAt,
    Instant updatedAt) {

  public WebhookSubscription {
    events = List.copyOf(events);
  }

  @Override
  public String toString() {
    return "WebhookSubscription[uuid=" + uuid + ", callbackUrl=" + callbackUrl + ", events="
        + events + ", scope=" + scope + ", organizationUuid=" + organizationUuid + ", userUuid="
        + userUuid + ", state=" + state + "]";
  }
}
