package dev.calendlymcp.webhooks;

import java.util.Set;

/**
 * Whose change feed a delivery lands in, given the Calendly users it concerns (a meeting's hosts,
 * an event type's owner). Only sessions of those accounts hear of it.
 */
@FunctionalInterface
public interface WebhookAccounts {

  /** The accounts to publish to; empty to publish nowhere. */
  Set<String> of(Set<String> calendlyUsers);

  /** A server acting for one Calendly connection: every delivery is that account's. */
  static WebhookAccounts single(String account) {
    Set<String> only = Set.of(account);
    return users -> only;
  }

  /** A server acting for many users (OAuth): each user URI is an account. */
  static WebhookAccounts perUser() {
    return users -> users;
  }
}
