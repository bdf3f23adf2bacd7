package dev.calendlymcp.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.BudgetKeys;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.RetrySettings;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Webhook or poller per watched account, against the sandbox, started and stopped as watchers come and go. */
class ChangeSourcesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ACCOUNT = "https://api.calendly.com/users/ACCOUNT";

  private final AtomicBoolean watched = new AtomicBoolean(true);
  private final InMemoryAuthStore store = new InMemoryAuthStore();
  private Sandbox sandbox;
  private CalendlyHttp http;
  private SeededUser user;
  private ChangeSources sources;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(9).webhookDelivery(WebhookDeliverySettings.off()).build());
    URI base = URI.create(sandbox.apiBaseUrl());
    http = CalendlyHttp.create(CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base));
    user = sandbox.user(Plan.TEAMS, Role.OWNER);
    WebhookRegistrar registrar =
        new WebhookRegistrar(store, URI.create("http://127.0.0.1:9"), Clock.systemUTC(), new SecureRandom());
    sources = new ChangeSources(Optional.of(registrar), new ChangeFeed(new InMemoryChangeStore()),
        account -> watched.get(), ChangePoller.DEFAULT_SHARE, Schedulers.boundedElastic(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    sources.close();
    http.close();
    sandbox.close();
  }

  @Test
  void aWatchedAccountGetsAWebhookThatIsDeletedWhenNoSessionWatchesAnyMore() {
    sources.changed(ACCOUNT, Optional.of(connection(user.token())));
    await(() -> sources.mode(ACCOUNT) == ChangeSources.Mode.WEBHOOK, "the webhook is made");
    assertThat(sandbox.model().webhookSubscriptions()).hasSize(1);

    watched.set(false);
    sources.changed(ACCOUNT, Optional.empty());

    await(() -> sources.mode(ACCOUNT) == ChangeSources.Mode.NONE && sources.settled(ACCOUNT), "the webhook is gone");
    assertThat(sandbox.model().webhookSubscriptions()).isEmpty();
    assertThat(store.webhooks().collectList().block(WAIT)).isEmpty();
  }

  @Test
  void whereCalendlyRefusesTheWebhookTheAccountIsPolledInstead() {
    String noWebhooks = sandbox.issueToken(user.userUri(), List.of("users:read", "scheduled_events:read"));

    sources.changed(ACCOUNT, Optional.of(connection(noWebhooks)));

    await(() -> sources.mode(ACCOUNT) == ChangeSources.Mode.POLLING, "the account is polled");
    assertThat(sources.poller(ACCOUNT)).isPresent();
    assertThat(sandbox.model().webhookSubscriptions()).isEmpty();
  }

  @Test
  void theLastGrantEndingDeletesTheWebhookWithItsStillValidToken() {
    sources.changed(ACCOUNT, Optional.of(connection(user.token())));
    await(() -> sources.mode(ACCOUNT) == ChangeSources.Mode.WEBHOOK, "the webhook is made");

    sources.ended(ACCOUNT, Optional.of(client(user.token()))).block(WAIT);

    assertThat(sources.mode(ACCOUNT)).isEqualTo(ChangeSources.Mode.NONE);
    assertThat(sandbox.model().webhookSubscriptions()).isEmpty();
    assertThat(store.webhooks().collectList().block(WAIT)).isEmpty();
  }

  @Test
  void shuttingDownKeepsTheWebhookForTheNextStartToReuse() {
    sources.changed(ACCOUNT, Optional.of(connection(user.token())));
    await(() -> sources.mode(ACCOUNT) == ChangeSources.Mode.WEBHOOK, "the webhook is made");

    sources.close();
    watched.set(false);
    sources.changed(ACCOUNT, Optional.empty());

    assertThat(sources.settled(ACCOUNT)).isTrue();
    assertThat(sandbox.model().webhookSubscriptions()).hasSize(1);
    assertThat(store.webhooks().collectList().block(WAIT)).hasSize(1);
  }

  private ChangeSources.Connection connection(String token) {
    CalendlyClient client = client(token);
    return new ChangeSources.Connection(() -> client, () -> ChangePoller.DEFAULT_REQUESTS_PER_MINUTE);
  }

  private CalendlyClient client(String token) {
    ClientOptions options = new ClientOptions(
        RetrySettings.defaults(), Schedulers.parallel(), null, null, CachePolicy.off(), new BudgetKeys());
    return CalendlyClient.create(http, AccessToken.of(token), options);
  }

  private static void await(BooleanSupplier condition, String what) {
    Long met = Flux.interval(Duration.ZERO, Duration.ofMillis(20))
        .filter(tick -> condition.getAsBoolean())
        .next()
        .timeout(WAIT, Mono.empty())
        .block();
    assertThat(met).as("waited %s s for: %s", WAIT.toSeconds(), what).isNotNull();
  }
}
