package dev.calendlymcp.webhooks;

import java.time.Instant;
import java.util.Objects;

/**
 * One verified webhook delivery as the inbox keeps it until it is processed.
 *
 * @param key what makes it the same delivery as a retry of it (see {@link DeliveryKey})
 * @param receivedAt when we acknowledged it
 * @param body the raw JSON body, as signed
 */
public record Delivery(String key, Instant receivedAt, String body) {

  public Delivery {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(body, "body");
  }

  /** Leaves the body out: it holds invitees' names, emails and answers. */
  @Override
  public String toString() {
    return "Delivery[key=" + key + ", receivedAt=" + receivedAt + "]";
  }
}
