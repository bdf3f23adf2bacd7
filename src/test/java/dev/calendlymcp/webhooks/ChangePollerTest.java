package dev.calendlymcp.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.calendly.BudgetKeys;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.RetrySettings;
import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.ChangeKind;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.testing.SchedulerClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The polling fallback against the sandbox, in virtual time, counting requests where they land. */
class ChangePollerTest {

  private static final int BUDGET_PER_MINUTE = 60;
  private static final Duration HOUR = Duration.ofHours(1);

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final ChangeFeed feed = new ChangeFeed(new InMemoryChangeStore());
  private final List<Change> published = new CopyOnWriteArrayList<>();
  private final AtomicBoolean watched = new AtomicBoolean(true);
  private Sandbox sandbox;
  private SeededUser user;
  private CalendlyHttp http;
  private ChangePoller poller;

  @BeforeEach
  void start() {
    time.advanceTimeTo(Instant.now());
    sandbox = Sandbox.start(SandboxConfig.builder().seed(11).webhookDelivery(WebhookDeliverySettings.off()).build());
    // The sandbox meters in wall-clock minutes; this test packs an hour into seconds.
    sandbox.setRateLimitsEnabled(false);
    user = sandbox.user(Plan.FREE, Role.OWNER);
    URI base = URI.create(sandbox.apiBaseUrl());
    http = CalendlyHttp.create(CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base));
    ClientOptions options = new ClientOptions(
        RetrySettings.defaults(), Schedulers.parallel(), null, null, CachePolicy.off(), new BudgetKeys());
    CalendlyClient client = CalendlyClient.create(http, AccessToken.of(user.token()), options);
    feed.listen(published::add);
    poller = new ChangePoller(() -> client, "acct", feed, watched::get, () -> BUDGET_PER_MINUTE,
        ChangePoller.DEFAULT_SHARE, time, new SchedulerClock(time));
  }

  @AfterEach
  void stop() {
    poller.close();
    http.close();
    sandbox.close();
    time.dispose();
  }

  @Test
  void pollingStaysWithinTenPercentOfTheBudgetOverASimulatedHour() {
    poller.start();
    runFor(HOUR);

    long atSandbox = sandbox.stats().total();
    assertThat(atSandbox).isEqualTo(poller.requests());
    assertThat(atSandbox).isLessThanOrEqualTo((long) (BUDGET_PER_MINUTE * 60 * ChangePoller.DEFAULT_SHARE));
    // It does poll, near its share: not idle, not a trickle.
    assertThat(atSandbox).isGreaterThan((long) (BUDGET_PER_MINUTE * 60 * ChangePoller.DEFAULT_SHARE * 0.9));
  }

  @Test
  void nothingIsPolledWhileNoSessionWatches() {
    watched.set(false);
    poller.start();
    runFor(HOUR);

    assertThat(sandbox.stats().total()).isZero();
  }

  @Test
  void aMeetingCanceledAtCalendlyBecomesOneCancellationChange() throws Exception {
    poller.start();
    runFor(Duration.ofMinutes(1));
    assertThat(published).isEmpty();

    String event = firstUpcomingEvent();
    cancelAtSandbox(event);
    runFor(Duration.ofMinutes(1));

    assertThat(published).singleElement().satisfies(change -> {
      assertThat(change.kind()).isEqualTo(ChangeKind.CANCELED);
      assertThat(change.subjectUri()).isEqualTo(event);
      assertThat(change.account()).isEqualTo("acct");
    });
  }

  /**
   * Moves virtual time through {@code [now, now + span)} second by second (the window's last
   * millisecond excluded, as a budget window is), letting each poll that starts reach the sandbox
   * and return before time moves on.
   */
  private void runFor(Duration span) {
    long last = time.now(TimeUnit.MILLISECONDS) + span.toMillis() - 1;
    awaitPollsSettled();
    while (time.now(TimeUnit.MILLISECONDS) < last) {
      time.advanceTimeBy(Duration.ofMillis(Math.min(1000, last - time.now(TimeUnit.MILLISECONDS))));
      awaitPollsSettled();
    }
  }

  /** The poll that started, if any, has finished: its next pause is on the virtual clock. */
  private void awaitPollsSettled() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    synchronized (this) {
      while (poller.polling() && System.nanoTime() < deadline) {
        try {
          wait(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
    assertThat(poller.polling()).as("a poll still running after 30 s").isFalse();
  }

  private String firstUpcomingEvent() throws Exception {
    JsonNode page = get("/scheduled_events?user=" + user.userUri() + "&status=active&sort=start_time:asc&min_start_time="
        + Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS)).plus(Duration.ofHours(1)));
    return page.path("collection").get(0).path("uri").asString();
  }

  private void cancelAtSandbox(String eventUri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(eventUri + "/cancellation"))
            .header("Authorization", "Bearer " + user.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"test\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + pathAndQuery))
            .header("Authorization", "Bearer " + user.token())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonMapper.builder().build().readTree(response.body());
  }
}
