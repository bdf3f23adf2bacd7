package dev.calendlymcp.auth.store;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A webhook subscription this server made at Calendly for one account, with the signing key we
 * generated for it. Calendly never shows a signing key again, so after a restart this record is
 * the only way to verify the subscription's deliveries and to reuse it; stores encrypt the key.
 *
 * @param account the account the subscription's events belong to (the Calendly user URI, or the
 *     local account of a server acting for one connection)
 * @param subscription the subscription's URI at Calendly
 * @param callbackUrl where Calendly delivers: {@code <public-url>/webhooks/calendly}
 * @param signingKey the key Calendly signs its deliveries with; a secret
 * @param createdAt when it was made
 */
public record CalendlyWebhook(String account, URI subscription, URI callbackUrl, String signingKey, Instant createdAt) {

  public CalendlyWebhook {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(callbackUrl, "callbackUrl");
    Objects.requireNonNull(createdAt, "createdAt");
    if (signingKey == null || signingKey.isBlank()) {
      throw new IllegalArgumentException("a webhook needs its signing key");
    }
  }

  @Override
  public String toString() {
    return "CalendlyWebhook[account=" + account + ", subscription=" + subscription + ", callbackUrl=" + callbackUrl
        + ", createdAt=" + createdAt + "]";
  }
}
