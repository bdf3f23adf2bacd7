package dev.calendlymcp.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.CalendlyWebhook;
import dev.calendlymcp.auth.store.SecretBox;
import dev.calendlymcp.auth.store.SqliteAuthStore;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.BudgetKeys;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.RetrySettings;
import dev.calendlymcp.calendly.WebhookEvent;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.WebhookSubscription;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/** The account's webhook subscription at the sandbox: made, reused after a restart, replaced, deleted. */
class WebhookRegistrarTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final URI PUBLIC_URL = URI.create("http://127.0.0.1:9");
  private static final String CALLBACK = "http://127.0.0.1:9/webhooks/calendly";

  @TempDir
  Path dataDir;

  private Sandbox sandbox;
  private CalendlyHttp http;
  private AuthStore store;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    URI base = URI.create(sandbox.apiBaseUrl());
    http = CalendlyHttp.create(CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base));
    store = openStore();
  }

  @AfterEach
  void stop() {
    store.close();
    http.close();
    sandbox.close();
  }

  @Test
  void onAPaidPlanOneUserScopedSubscriptionListsEveryEventAndIsSignedWithOurKey() {
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);

    WebhookRegistrar registrar = registrar(store);
    CalendlyWebhook made = registrar.ensure(user.userUri(), client(user.token())).block(WAIT);

    WebhookSubscription atCalendly = only(sandbox.model().webhookSubscriptions());
    assertThat(atCalendly.callbackUrl()).isEqualTo(CALLBACK);
    assertThat(atCalendly.scope().name()).isEqualTo("USER");
    assertThat(atCalendly.events()).containsExactlyInAnyOrder(
        "invitee.created", "invitee.canceled", "invitee_no_show.created", "invitee_no_show.deleted",
        "event_type.created", "event_type.updated", "event_type.deleted",
        "meeting_recap.created", "meeting_recap.updated", "meeting_recap.deleted",
        "contact.created", "contact.updated", "contact.deleted");
    assertThat(atCalendly.signingKey()).isEqualTo(made.signingKey()).hasSize(64);
    assertThat(made.subscription().toString()).endsWith("/webhook_subscriptions/" + atCalendly.uuid());
    assertThat(registrar.candidates()).singleElement()
        .satisfies(key -> assertThat(key.reveal()).isEqualTo(atCalendly.signingKey()));
  }

  @Test
  void onTheFreePlanTheRecapAndContactEventsItRefusesAreLeftOut() {
    SeededUser user = sandbox.user(Plan.FREE, Role.OWNER);

    registrar(store).ensure(user.userUri(), client(user.token())).block(WAIT);

    assertThat(only(sandbox.model().webhookSubscriptions()).events()).containsExactlyInAnyOrder(
        "invitee.created", "invitee.canceled", "invitee_no_show.created", "invitee_no_show.deleted",
        "event_type.created", "event_type.updated", "event_type.deleted");
  }

  @Test
  void theEventsAskedForAreTheInviteeEventTypeRecapAndContactEventsOfUserScope() {
    assertThat(WebhookRegistrar.EVENT_SETS.get(0)).hasSize(13)
        .doesNotContain(WebhookEvent.ROUTING_FORM_SUBMISSION_CREATED)
        .allSatisfy(event -> assertThat(event.subscriptionScopes())
            .contains(dev.calendlymcp.calendly.model.WebhookSubscription.Scope.USER));
  }

  @Test
  void afterARestartTheStoredSubscriptionIsReusedNotMadeAgain() {
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyWebhook first = registrar(store).ensure(user.userUri(), client(user.token())).block(WAIT);
    store.close();
    store = openStore();
    long before = sandbox.stats().total();

    WebhookRegistrar restarted = registrar(store);
    assertThat(restarted.candidates()).as("the kept key admits deliveries before anyone subscribes")
        .singleElement().satisfies(key -> assertThat(key.reveal()).isEqualTo(first.signingKey()));

    CalendlyWebhook again = restarted.ensure(user.userUri(), client(user.token())).block(WAIT);

    assertThat(again).isEqualTo(first);
    assertThat(sandbox.model().webhookSubscriptions()).hasSize(1);
    assertThat(sandbox.stats().total() - before).as("one GET to check it still delivers").isEqualTo(1);
  }

  @Test
  void aSubscriptionOfOursWhoseKeyWasLostIsReplacedAfterCalendlysConflict() {
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyWebhook lost = registrar(store).ensure(user.userUri(), client(user.token())).block(WAIT);
    store.deleteWebhook(user.userUri()).block(WAIT);

    CalendlyWebhook replaced = registrar(store).ensure(user.userUri(), client(user.token())).block(WAIT);

    WebhookSubscription atCalendly = only(sandbox.model().webhookSubscriptions());
    assertThat(replaced.subscription()).isNotEqualTo(lost.subscription());
    assertThat(atCalendly.signingKey()).isEqualTo(replaced.signingKey()).isNotEqualTo(lost.signingKey());
  }

  @Test
  void aSubscriptionDeletedAtCalendlyIsMadeAgain() {
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyWebhook first = registrar(store).ensure(user.userUri(), client(user.token())).block(WAIT);
    client(user.token()).webhooks().delete(first.subscription().toString()).block(WAIT);

    CalendlyWebhook again = registrar(store).ensure(user.userUri(), client(user.token())).block(WAIT);

    assertThat(again.subscription()).isNotEqualTo(first.subscription());
    assertThat(only(sandbox.model().webhookSubscriptions()).signingKey()).isEqualTo(again.signingKey());
  }

  @Test
  void aTokenWithoutTheWebhookScopeIsRefusedAndNothingIsKept() {
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);
    String token = sandbox.issueToken(user.userUri(), List.of("users:read", "scheduled_events:read"));

    assertThatThrownBy(() -> registrar(store).ensure(user.userUri(), client(token)).block(WAIT))
        .isInstanceOf(CalendlyException.PermissionDenied.class);
    assertThat(sandbox.model().webhookSubscriptions()).isEmpty();
    assertThat(store.webhooks().collectList().block(WAIT)).isEmpty();
  }

  @Test
  void removingDeletesTheSubscriptionAtCalendlyAndForgetsItsKey() {
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);
    WebhookRegistrar registrar = registrar(store);
    registrar.ensure(user.userUri(), client(user.token())).block(WAIT);
    List<WebhookSigningKey> keys = registrar.candidates();

    registrar.remove(user.userUri(), client(user.token())).block(WAIT);

    assertThat(sandbox.model().webhookSubscriptions()).isEmpty();
    assertThat(registrar.candidates()).isEmpty();
    assertThat(registrar.retired()).as("a late delivery for it gets 410").isEqualTo(keys);
    assertThat(store.webhooks().collectList().block(WAIT)).isEmpty();
  }

  @Test
  void theSigningKeyIsEncryptedInTheStoreFile() throws IOException {
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyWebhook made = registrar(store).ensure(user.userUri(), client(user.token())).block(WAIT);
    store.close();

    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(made.signingKey());
      }
    }
    store = openStore();
    assertThat(store.findWebhook(user.userUri()).block(WAIT).signingKey()).isEqualTo(made.signingKey());
  }

  private AuthStore openStore() {
    return SqliteAuthStore.open(dataDir, SecretBox.loadOrCreate(dataDir, Map.of()));
  }

  private WebhookRegistrar registrar(AuthStore on) {
    return new WebhookRegistrar(on, PUBLIC_URL, Clock.systemUTC(), new SecureRandom());
  }

  private CalendlyClient client(String token) {
    ClientOptions options = new ClientOptions(
        RetrySettings.defaults(), Schedulers.parallel(), null, null, CachePolicy.off(), new BudgetKeys());
    return CalendlyClient.create(http, AccessToken.of(token), options);
  }

  private static WebhookSubscription only(List<WebhookSubscription> subscriptions) {
    assertThat(subscriptions).hasSize(1);
    return subscriptions.get(0);
  }
}
