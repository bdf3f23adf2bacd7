package dev.calendlymcp.webhooks;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The signing keys of the Calendly webhook subscriptions this server keeps, for whoever verifies
 * deliveries. A delivery is genuine when its signature verifies with one of them, and it belongs to
 * that key's account.
 */
public interface WebhookSigningKeys {

  /**
   * One subscription's key.
   *
   * @param account the account whose events the subscription delivers
   * @param subscription the subscription's URI at Calendly
   * @param secret the HMAC-SHA256 key Calendly signs with; left out of {@link #toString()}
   */
  record Key(String account, URI subscription, String secret) {
    public Key {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(subscription, "subscription");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "Key[account=" + account + ", subscription=" + subscription + "]";
    }
  }

  /** The keys of every subscription kept now, oldest first. */
  Mono<List<Key>> current();
}
