package dev.calendlymcp.cli;

import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.server.LiveResources;
import dev.calendlymcp.webhooks.InMemoryWebhookInbox;
import dev.calendlymcp.webhooks.SqliteWebhookInbox;
import dev.calendlymcp.webhooks.WebhookAccounts;
import dev.calendlymcp.webhooks.WebhookInbox;
import dev.calendlymcp.webhooks.WebhookProcessor;
import dev.calendlymcp.webhooks.WebhookReceiver;
import dev.calendlymcp.webhooks.WebhookSigningKey;
import dev.calendlymcp.webhooks.WebhookSigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of Calendly's webhooks for {@code calendly-mcp http}: the signing key the
 * operator gave the subscription ({@code --webhook-signing-key-file} or {@link #KEY_ENV}), the inbox
 * (SQLite in the data directory when there is one) and the processor that feeds the change feed.
 * Without a key there is no receiver: {@code /webhooks/calendly} answers 404.
 */
final class WebhookSetup {

  private static final Logger log = LoggerFactory.getLogger(WebhookSetup.class);

  static final String KEY_ENV = "CALENDLY_WEBHOOK_SIGNING_KEY";

  private WebhookSetup() {}

  /** Adds what it opens to {@code resources}, which the caller closes in reverse order. */
  static Optional<WebhookReceiver> receiver(
      HttpCommand command, Console console, ChangeFeed changes, List<AutoCloseable> resources) {
    Optional<WebhookSigningKey> key = key(command, console);
    // With a public URL the server subscribes at Calendly itself and adds those keys later.
    if (key.isEmpty() && command.publicUrl == null) {
      return Optional.empty();
    }
    boolean oauth = "oauth".equals(command.auth);
    Path dataDir = command.options.dataDir != null
        ? command.options.dataDir
        : oauth && !command.options.sandbox ? OAuthSetup.defaultDataDir(console.env()) : null;
    WebhookInbox inbox;
    if (dataDir != null) {
      inbox = SqliteWebhookInbox.open(dataDir, Clock.systemUTC());
    } else {
      log.warn("Webhook deliveries are kept in memory: one acknowledged just before a crash is lost."
          + " Pass --data-dir to keep them on disk.");
      inbox = new InMemoryWebhookInbox(Clock.systemUTC());
    }
    resources.add(inbox);
    WebhookAccounts accounts = oauth ? WebhookAccounts.perUser() : WebhookAccounts.single(LiveResources.LOCAL_ACCOUNT);
    WebhookProcessor processor = new WebhookProcessor(inbox, changes, accounts).start();
    resources.add(processor);
    return Optional.of(new WebhookReceiver(
        WebhookSigningKeys.of(key.map(List::of).orElse(List.of())), inbox, processor::wake, Clock.systemUTC()));
  }

  private static Optional<WebhookSigningKey> key(HttpCommand command, Console console) {
    if (command.webhookSigningKeyFile != null) {
      try {
        return Optional.of(new WebhookSigningKey(
            Files.readString(command.webhookSigningKeyFile, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalArgumentException("--webhook-signing-key-file cannot be read: " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        // The message names the problem, never the key.
        throw new IllegalArgumentException("--webhook-signing-key-file: " + e.getMessage(), e);
      }
    }
    String value = console.env().get(KEY_ENV);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new WebhookSigningKey(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_ENV + ": " + e.getMessage(), e);
    }
  }
}
