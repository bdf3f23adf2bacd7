package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription: Calendly POSTs the listed events to {@code callbackUrl}.
 *
 * @param retryStartedAt when Calendly began retrying failed deliveries; null while deliveries
 *     succeed
 * @param state {@code disabled} once Calendly gave up on a failing callback
 * @param events event names such as {@code invitee.created}; kept as text because Calendly adds
 *     new events over time
 * @param user the user, for {@code user} scope; null otherwise
 * @param group the group, for {@code group} scope; null otherwise
 * @param creator the user who created the subscription
 */
public record WebhookSubscription(
    URI uri,
    URI callbackUrl,
    Instant createdAt,
    Instant updatedAt,
    Instant retryStartedAt,
    State state,
    List<String> events,
    Scope scope,
    URI organization,
    URI user,
    URI group,
    URI creator) {

  public WebhookSubscription {
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** Whether Calendly is delivering to the callback. */
  public enum State {
    ACTIVE,
    DISABLED,
    @JsonEnumDefaultValue
    UNKNOWN
  }

  /** Whose events the subscription receives. */
  public enum Scope {
    USER,
    ORGANIZATION,
    GROUP,
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
