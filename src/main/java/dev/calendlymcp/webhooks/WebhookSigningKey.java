package dev.calendlymcp.webhooks;

import dev.calendlymcp.calendly.Secret;

/** A webhook subscription's signing key: the HMAC key of {@code Calendly-Webhook-Signature}. */
public final class WebhookSigningKey extends Secret {

  public WebhookSigningKey(String value) {
    super(value, "a webhook signing key");
  }
}
