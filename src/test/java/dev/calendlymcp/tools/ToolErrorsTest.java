package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.Endpoint;
import dev.calendlymcp.calendly.RateLimitHeaders;
import dev.calendlymcp.ratelimit.RateLimitWaitTooLongException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ToolErrorsTest {

  private static final String RECONNECT = "Ask the user for a new token.";

  private static String describe(Throwable error) {
    return ToolErrors.describe(error, RECONNECT).orElseThrow();
  }

  @Test
  void unauthenticatedSaysHowToReconnectAndNotToRetry() {
    String text = describe(new CalendlyException.Unauthenticated(Endpoint.GET_CURRENT_USER, "Unauthenticated", "The access token is expired"));

    assertThat(text)
        .contains("401", "The access token is expired", RECONNECT, "Do not retry")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void permissionDeniedNamesTheScopeAndPlan() {
    String text = describe(new CalendlyException.PermissionDenied(Endpoint.CREATE_INVITEE, "Permission Denied", "Upgrade"));

    assertThat(text).contains("403", "scheduled_events:write", "paid plan", "Retrying will not help");
  }

  @Test
  void aRefusalExplainedByTheToolKeepsCalendlysReasonAndAddsTheToolsNextStep() {
    CalendlyException.PermissionDenied denied = new CalendlyException.PermissionDenied(
        Endpoint.CREATE_WEBHOOK_SUBSCRIPTION, "Permission Denied", "Webhooks need a paid plan");

    String text = describe(ToolErrors.refused(denied, "Check for new bookings with list_scheduled_events."));

    assertThat(text)
        .startsWith("Calendly refused this. POST /webhook_subscriptions: 403 Permission Denied: Webhooks need a paid plan")
        .endsWith("Check for new bookings with list_scheduled_events. Retrying will not help.");
  }

  @Test
  void badRequestNamesCalendlysParameters() {
    String text = describe(new CalendlyException.BadRequest(
        Endpoint.CREATE_INVITEE, "Invalid Argument", "The supplied parameters are invalid.",
        List.of(new CalendlyException.FieldError("start_time", "is not available"))));

    assertThat(text).contains("400", "start_time: is not available", "Fix the named parameters");
  }

  @Test
  void notFoundSaysWhereToFindValidReferences() {
    assertThat(describe(new CalendlyException.NotFound(Endpoint.GET_EVENT_TYPE, "Resource Not Found", "gone")))
        .contains("404", "list the parent collection");
  }

  @Test
  void rateLimitedSaysWhenToRetryAndThatNothingWasDone() {
    String text = describe(new CalendlyException.RateLimited(Endpoint.LIST_EVENT_TYPES, "Too Many Requests", null,
        new RateLimitHeaders(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(12)))));

    assertThat(text).contains("Retry after 12 s", "nothing was done");
  }

  @Test
  void aBookingRefusedByItsBookingWindowTellsTheAgentThatWindowsLimitAndReset() {
    String text = describe(new CalendlyException.RateLimited(Endpoint.CREATE_INVITEE, "Too Many Requests",
        "The booking rate limit of POST /invitees (10 per window) is exceeded; it resets in 42 seconds.",
        new RateLimitHeaders(OptionalInt.of(10), OptionalInt.of(0), Optional.of(Duration.ofSeconds(42)), Optional.empty())));

    assertThat(text).contains("All 10 requests of this rate-limit window are used up", "Retry after 42 s",
        "nothing was done");
    assertThat(text).contains("resets in 42 seconds. All 10 requests").doesNotContain("..");
  }

  @Test
  void aWaitOfHoursIsGivenInHoursAndMinutesAndAsATimeNotInSeconds() {
    String text = describe(new RateLimitWaitTooLongException(
        "Calendly's per-day booking budget for this user is used up; it renews in 14 h 58 min (at 2026-03-03T00:00:00Z)",
        Duration.ofSeconds(53_879).plusMillis(200), Instant.parse("2026-03-03T00:00:00.200Z"), "booking-day"));

    assertThat(text).endsWith(". Call again in 14 h 58 min (at 2026-03-03T00:00:01Z) or later; nothing was changed.")
        .doesNotContain("53879", "53880");
  }

  @Test
  void aCallTheLimiterWouldHoldPastItsDeadlineSaysWhenToCallAgain() {
    String text = describe(new RateLimitWaitTooLongException(
        "Calendly's rate limit for this user is used up; this call would wait 41 s, longer than its deadline allows",
        Duration.ofMillis(40_200), Instant.parse("2026-03-02T09:00:41Z"), "user"));

    assertThat(text).isEqualTo("Not sent to Calendly: Calendly's rate limit for this user is used up; this call"
        + " would wait 41 s, longer than its deadline allows. Call again in 41 s or later; nothing was changed.");
  }

  @Test
  void aTimedOutWriteSaysToCheckBeforeRetrying() {
    String text = describe(new CalendlyException.Timeout(Endpoint.CREATE_INVITEE, Duration.ofSeconds(20), null));

    assertThat(text).contains("may have made the change", "check");
  }

  @Test
  void aFailedReadSaysRetryingMayWork() {
    String text = describe(new CalendlyException.ConnectionFailed(Endpoint.GET_CURRENT_USER, false, "refused", new IOException("x")));

    assertThat(text).contains("could not connect", "retrying in a few seconds may work");
  }

  @Test
  void aServerErrorOnAReadIsRetryable() {
    assertThat(describe(new CalendlyException.ServerError(Endpoint.LIST_EVENT_TYPES, 503, null, "down")))
        .contains("503", "retrying in a few seconds may work");
  }

  @Test
  void anIllegalArgumentFromTheClientNamesTheArgument() {
    assertThat(describe(new IllegalArgumentException("user must be a Calendly user URI")))
        .isEqualTo("Invalid argument: user must be a Calendly user URI. Fix it and call the tool again.");
  }

  @Test
  void anythingElseIsLeftToTheServerToReportAsABug() {
    assertThat(ToolErrors.describe(new IllegalStateException("boom"), RECONNECT)).isEmpty();
    assertThat(ToolErrors.describe(new NullPointerException(), RECONNECT)).isEmpty();
  }
}
