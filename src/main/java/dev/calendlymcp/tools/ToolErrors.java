package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.ratelimit.Durations;
import dev.calendlymcp.ratelimit.RateLimitWaitTooLongException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Turns a failure into the text of an {@code isError} result: what went wrong and what to do next,
 * written for a model deciding whether to retry, change its call or ask the user. The messages
 * come from {@link CalendlyException} (which names the call, Calendly's own explanation and the
 * generic remedy) plus what only the server knows: how the user reconnects, and whether retrying
 * is safe. Never a stack trace; the client's exceptions never carry a token.
 */
public final class ToolErrors {

  private ToolErrors() {}

  /**
   * The result text for a failure a tool is expected to meet, or empty for anything else (a bug,
   * which the server logs and reports without detail).
   *
   * @param reconnectAdvice what the user does when the credentials are rejected
   */
  public static Optional<String> describe(Throwable error, String reconnectAdvice) {
    if (error instanceof ToolFailure e) {
      return Optional.of(e.getMessage());
    }
    if (error instanceof CalendlyException.Unauthenticated e) {
      return Optional.of("Calendly rejected the credentials. " + e.getMessage() + ". " + reconnectAdvice
          + " Do not retry until then.");
    }
    if (error instanceof CalendlyException.PermissionDenied e) {
      return Optional.of("Calendly refused this. " + e.getMessage()
          + ". Retrying will not help; tell the user what is missing.");
    }
    if (error instanceof CalendlyException.BadRequest e) {
      return Optional.of("Calendly rejected the request. " + e.getMessage() + ".");
    }
    if (error instanceof CalendlyException.NotFound e) {
      return Optional.of("Not found at Calendly. " + e.getMessage() + ".");
    }
    if (error instanceof CalendlyException.RateLimited e) {
      return Optional.of("Calendly's rate limit is used up. " + e.getMessage()
          + "; nothing was done, so the same call is safe to repeat then.");
    }
    if (error instanceof RateLimitWaitTooLongException e) {
      return Optional.of("Not sent to Calendly: " + e.getMessage() + ". Call again in "
          + callAgainIn(e) + " or later; nothing was changed.");
    }
    if (error instanceof CalendlyException e) {
      return Optional.of("The Calendly call failed. " + e.getMessage() + ". " + retryAdvice(e));
    }
    if (error instanceof IllegalArgumentException e) {
      return Optional.of("Invalid argument: " + e.getMessage() + ". Fix it and call the tool again.");
    }
    return Optional.empty();
  }

  /**
   * A 403 with the next step that only the calling tool knows, e.g. "webhooks need a paid plan;
   * share the scheduling page instead". Calendly's own explanation stays in the text.
   */
  public static ToolFailure refused(CalendlyException.PermissionDenied error, String nextStep) {
    return new ToolFailure("Calendly refused this. " + error.getMessage() + ". " + nextStep
        + " Retrying will not help.", error);
  }

  /**
   * "42 s", or for waits of an hour or more "14 h 58 min (at 2026-11-25T16:47:31Z)": a count of
   * seconds in the tens of thousands means nothing to a person reading it over an agent's shoulder.
   */
  private static String callAgainIn(RateLimitWaitTooLongException e) {
    long wait = Math.max(1_000, e.wouldWait().toMillis());
    String in = Durations.describe(wait);
    return wait < Duration.ofHours(1).toMillis()
        ? in
        : in + " (at " + e.availableAt().plusMillis(999).truncatedTo(ChronoUnit.SECONDS) + ")";
  }

  private static String retryAdvice(CalendlyException e) {
    boolean write = e.endpoint() != null && e.endpoint().isWrite();
    if (write && e.mayHaveBeenPerformed()) {
      return "Calendly may have made the change anyway: check its current state before trying again.";
    }
    if (e.isTransient()) {
      return "Nothing was changed; retrying in a few seconds may work.";
    }
    return "Retrying the same call will fail the same way.";
  }
}
