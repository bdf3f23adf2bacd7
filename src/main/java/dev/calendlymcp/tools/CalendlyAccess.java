package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.changes.AccountChanges;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * The Calendly connection a tool call acts through: the client for the current user, and what the
 * server knows about that connection. Implementations create the client on first use, so that
 * listing tools never pays for an HTTP stack.
 */
public interface CalendlyAccess {

  /** The client for the user this server acts as; created on the first call. */
  CalendlyClient client();

  /** The rate budget of the user as the client's limiter sees it, once connected. */
  Optional<BudgetSnapshot> rateBudget();

  /**
   * The scopes the token carries, when the server knows them (a sandbox token, an OAuth grant);
   * empty for a personal access token, whose scopes Calendly does not reveal.
   */
  Optional<List<String>> scopes();

  /**
   * What the user must do when Calendly rejects the credentials (401), e.g. create a new personal
   * access token; depends on how this server was given them.
   */
  String reconnectAdvice();

  /**
   * The Calendly token this connection last used, so that anything sent to a client can be
   * scrubbed of it; empty before the first call.
   */
  default Optional<AccessToken> tokenInUse() {
    return Optional.empty();
  }

  /**
   * Whether the caller may use tools that change something at Calendly: false for an OAuth grant
   * the user approved for reading only.
   */
  default boolean allowsWrites() {
    return true;
  }

  /**
   * The change feed of the caller's Calendly account, when the server keeps one (webhooks or
   * polling); {@code recent_changes} reads it.
   */
  default Optional<AccountChanges> changes() {
    return Optional.empty();
  }
}
