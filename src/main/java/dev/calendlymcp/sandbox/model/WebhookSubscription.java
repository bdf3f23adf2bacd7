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
 * @param retryStartedAt when deliveries to it began failing and retrying; null while they succeed
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
    Instant updatedAt,
    Instant retryStartedAt) {

  /** The state of a subscription that receives deliveries. */
  public static final String ACTIVE = "active";

  /** A subscription whose deliveries kept failing; nothing is delivered to it any more. */
  public static final String DISABLED = "disabled";

  public WebhookSubscription {
    events = List.copyOf(events);
  }

  /** Whether deliveries go to it. */
  public boolean isActive() {
    return ACTIVE.equals(state);
  }

  /** This subscription with deliveries failing since {@code since} (kept when already set). */
  public WebhookSubscription retrying(Instant since) {
    if (retryStartedAt != null) {
      return this;
    }
    return new WebhookSubscription(
        uuid, callbackUrl, events, scope, organizationUuid, userUuid, creatorUuid, state, signingKey,
        createdAt, since, since);
  }

  /** This subscription after a successful delivery: no longer retrying. */
  public WebhookSubscription delivered(Instant now) {
    if (retryStartedAt == null) {
      return this;
    }
    return new WebhookSubscription(
        uuid, callbackUrl, events, scope, organizationUuid, userUuid, creatorUuid, state, signingKey,
        createdAt, now, null);
  }

  /** This subscription disabled at {@code now}, after its deliveries kept failing. */
  public WebhookSubscription disabled(Instant now) {
    return new WebhookSubscription(
        uuid, callbackUrl, events, scope, organizationUuid, userUuid, creatorUuid, DISABLED,
        signingKey, createdAt, now, retryStartedAt);
  }

  @Override
  public String toString() {
    return "WebhookSubscription[uuid=" + uuid + ", callbackUrl=" + callbackUrl + ", events="
        + events + ", scope=" + scope + ", organizationUuid=" + organizationUuid + ", userUuid="
        + userUuid + ", state=" + state + ", retryStartedAt=" + retryStartedAt + "]";
  }
}
