package dev.calendlymcp.webhooks;

import java.util.List;

/**
 * The signing keys a delivery may have been signed with. The signature is checked before the body
 * is read as JSON, so the receiver cannot yet tell which subscription sent it: any candidate that
 * verifies admits the delivery. Subscriptions this server creates add their keys here; an operator
 * who creates a subscription by hand passes its key in configuration.
 */
@FunctionalInterface
public interface WebhookSigningKeys {

  /** Every key that currently admits a delivery; empty while no subscription may send one. */
  List<WebhookSigningKey> candidates();

  /**
   * Keys of subscriptions this server gave up (the account's last session or grant ended, and
   * Calendly may not have been told): a delivery signed with one is answered 410, which makes
   * Calendly delete that subscription, and is never processed.
   */
  default List<WebhookSigningKey> retired() {
    return List.of();
  }

  /** A fixed set of keys, e.g. the one from {@code CALENDLY_WEBHOOK_SIGNING_KEY}. */
  static WebhookSigningKeys of(List<WebhookSigningKey> keys) {
    List<WebhookSigningKey> copy = List.copyOf(keys);
    return () -> copy;
  }
}
