package dev.calendlymcp.calendly;

import dev.calendlymcp.ratelimit.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything that can go wrong when calling Calendly, as a closed set: either Calendly answered
 * with an error status ({@link ApiError} and its kinds), the exchange failed on the network
 * ({@link Timeout}, {@link ConnectionFailed}), or the answer could not be understood ({@link
 * MalformedResponse}). Messages are written for the operator or agent who has to act on them and
 * never contain a token.
 */
public abstract sealed class CalendlyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Endpoint endpoint;

  CalendlyException(Endpoint endpoint, String message, Throwable cause) {
    super(prefix(endpoint) + message, cause);
    this.endpoint = endpoint;
  }

  /** The call that failed. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Whether Calendly may have carried out the request. False means it certainly did not (an error
   * status, or no connection was made), so even a write may be sent again; true means a write must
   * be reconciled, not resent.
   */
  public abstract boolean mayHaveBeenPerformed();

  /** Whether the same request could succeed later without anything changing on our side. */
  public abstract boolean isTransient();

  private static String prefix(Endpoint endpoint) {
    return endpoint == null ? "" : endpoint + ": ";
  }

  /** One problem with one parameter, from Calendly's {@code details[]}. */
  public record FieldError(String parameter, String message) {
    @Override
    public String toString() {
      return (parameter == null || parameter.isBlank() ? "" : parameter + ": ") + message;
    }
  }

  /** Calendly answered with an error status and (usually) a {@code {title, message}} body. */
  public abstract static sealed class ApiError extends CalendlyException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String title;
    private final String calendlyMessage;
    private final List<FieldError> details;

    ApiError(
        Endpoint endpoint,
        int status,
        String title,
        String calendlyMessage,
        List<FieldError> details,
        String advice) {
      super(endpoint, describe(status, title, calendlyMessage, details, advice), null);
      this.status = status;
      this.title = title;
      this.calendlyMessage = calendlyMessage;
      this.details = List.copyOf(details);
    }

    public int status() {
      return status;
    }

    /** Calendly's {@code title}, e.g. {@code Invalid Argument}; may be null. */
    public String title() {
      return title;
    }

    /** Calendly's own {@code message}; may be null. */
    public String calendlyMessage() {
      return calendlyMessage;
    }

    /** Calendly's {@code details[]}: which parameter is wrong and why. */
    public List<FieldError> details() {
      return details;
    }

    @Override
    public boolean mayHaveBeenPerformed() {
      return false;
    }

    @Override
    public boolean isTransient() {
      return false;
    }

    private static String describe(
        int status, String title, String message, List<FieldError> details, String advice) {
      StringBuilder text = new StringBuilder().append(status);
      if (title != null && !title.isBlank()) {
        text.append(' ').append(title);
      }
      if (message != null && !message.isBlank()) {
        text.append(": ").append(message);
      }
      if (!details.isEmpty()) {
        text.append(" (")
            .append(details.stream().map(FieldError::toString).collect(Collectors.joining("; ")))
            .append(')');
      }
      if (advice != null) {
        // Calendly's messages may end their own sentence; "seconds.. All" reads as a typo.
        text.append(text.charAt(text.length() - 1) == '.' ? " " : ". ").append(advice);
      }
      return text.toString();
    }
  }

  /** 400: a parameter is missing or wrong; {@link #details()} names each. */
  public static final class BadRequest extends ApiError {
    private static final long serialVersionUID = 1L;

    public BadRequest(Endpoint endpoint, String title, String message, List<FieldError> details) {
      super(endpoint, 400, title, message, details, "Fix the named parameters and try again");
    }
  }

  /** 401: the token is missing, invalid, expired or revoked. */
  public static final class Unauthenticated extends ApiError {
    private static final long serialVersionUID = 1L;

    public Unauthenticated(Endpoint endpoint, String title, String message) {
      super(
          endpoint,
          401,
          title,
          message,
          List.of(),
          "The Calendly token is invalid, expired or revoked (a personal access token is revoked when"
              + " the account's email, password or login method changes): create a new token or sign"
              + " in again");
    }
  }

  /** 403: the token is valid but lacks a scope, role or plan, or the action is not allowed. */
  public static final class PermissionDenied extends ApiError {
    private static final long serialVersionUID = 1L;

    public PermissionDenied(Endpoint endpoint, String title, String message) {
      super(
          endpoint,
          403,
          title,
          message,
          List.of(),
          advice(endpoint));
    }

    private static String advice(Endpoint endpoint) {
      if (endpoint == null || endpoint.scopes().isEmpty()) {
        return "Check the token's scopes, the account's plan and the user's role";
      }
      List<String> names = endpoint.scopes().stream().map(Endpoint.Scope::wireName).toList();
      String needs =
          names.size() == 1
              ? "the " + names.get(0) + " scope"
              : "the " + String.join(" or the ", names) + " scope (Calendly's pages name both; either grants it)";
      return "This call needs "
          + needs
          + " and may need a paid plan or an admin role; check the token's scopes and the account's plan";
    }
  }

  /** 404: the resource does not exist or this token cannot see it. */
  public static final class NotFound extends ApiError {
    private static final long serialVersionUID = 1L;

    public NotFound(Endpoint endpoint, String title, String message) {
      super(
          endpoint,
          404,
          title,
          message,
          List.of(),
          "Check the URI or UUID; list the parent collection to find valid ones");
    }
  }

  /**
   * 409: the resource already exists (e.g. a webhook subscription for the same URL), or a share is
   * booked or expired and can no longer change.
   */
  public static final class Conflict extends ApiError {
    private static final long serialVersionUID = 1L;

    public Conflict(Endpoint endpoint, String title, String message) {
      super(endpoint, 409, title, message, List.of(),
          endpoint == Endpoint.UPDATE_SHARE || endpoint == Endpoint.DELETE_SHARE
              ? "The link was booked or has expired; create a new one instead"
              : "Use the existing resource instead");
    }
  }

  /**
   * 429: over Calendly's rate limit; Calendly did not perform the request. Calendly's documented 429
   * says when to retry only in {@code X-RateLimit-Reset}; {@code Retry-After} is honoured when a
   * response has it.
   */
  public static final class RateLimited extends ApiError {
    private static final long serialVersionUID = 1L;
    private final transient RateLimitHeaders headers;

    public RateLimited(Endpoint endpoint, String title, String message, RateLimitHeaders headers) {
      super(endpoint, 429, title, message, List.of(), advice(headers));
      this.headers = headers;
    }

    /** What the 429 said about the window that is used up (for a booking, the booking window). */
    public RateLimitHeaders headers() {
      return headers;
    }

    /** From the {@code Retry-After} header, when Calendly sent one. */
    public Optional<Duration> retryAfter() {
      return headers.retryAfter();
    }

    /** How long to wait before retrying: {@code Retry-After}, else {@code X-RateLimit-Reset}. */
    public Optional<Duration> waitHint() {
      return headers.retryAfter().or(headers::reset);
    }

    @Override
    public boolean isTransient() {
      return true;
    }

    private static String advice(RateLimitHeaders headers) {
      Optional<Duration> wait = headers.retryAfter().or(headers::reset);
      String retry =
          wait.map(d -> "Retry after " + Durations.describe(Math.max(1_000, d.toMillis())))
              .orElse("Wait before retrying");
      if (headers.limit().isEmpty()) {
        return retry;
      }
      return "All " + headers.limit().getAsInt() + " requests of this rate-limit window are used up. " + retry;
    }
  }

  /** 5xx: Calendly failed; a read may be retried with backoff. */
  public static final class ServerError extends ApiError {
    private static final long serialVersionUID = 1L;

    public ServerError(Endpoint endpoint, int status, String title, String message) {
      super(
          endpoint,
          status,
          title,
          message,
          List.of(),
          "Calendly had an internal problem; retry later");
    }

    /** A 5xx may come after Calendly acted (e.g. a gateway timeout), so writes must reconcile. */
    @Override
    public boolean mayHaveBeenPerformed() {
      return endpoint() != null && endpoint().isWrite();
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** An OAuth error from the token, revoke or introspect endpoint ({@code {"error": ...}}). */
  public static final class OAuthError extends ApiError {
    private static final long serialVersionUID = 1L;
    private final String error;

    public OAuthError(Endpoint endpoint, int status, String error, String description) {
      super(endpoint, status, error, description, List.of(), oauthAdvice(error));
      this.error = error;
    }

    /** The OAuth error code, e.g. {@code invalid_grant}. */
    public String error() {
      return error;
    }

    private static String oauthAdvice(String error) {
      if ("invalid_grant".equals(error)) {
        return "The code or refresh token is invalid, expired, already used or revoked: sign in again";
      }
      if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
        return "Check the OAuth client ID and secret of the Calendly app";
      }
      return "Check the OAuth request";
    }
  }

  /** Any other status Calendly is not documented to send. */
  public static final class UnexpectedStatus extends ApiError {
    private static final long serialVersionUID = 1L;

    public UnexpectedStatus(Endpoint endpoint, int status, String title, String message) {
      super(endpoint, status, title, message, List.of(), null);
    }
  }

  /** No complete response within the configured time; Calendly may still have acted on it. */
  public static final class Timeout extends CalendlyException {
    private static final long serialVersionUID = 1L;

    public Timeout(Endpoint endpoint, Duration after, Throwable cause) {
      super(
          endpoint,
          "no response from Calendly within "
              + after.toMillis()
              + " ms. Calendly may be slow or unreachable; retry later"
              + (endpoint != null && endpoint.isWrite()
                  ? " after checking whether the change was made"
                  : ""),
          cause);
    }

    @Override
    public boolean mayHaveBeenPerformed() {
      return true;
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** The connection could not be made, or broke before the whole response arrived. */
  public static final class ConnectionFailed extends CalendlyException {
    private static final long serialVersionUID = 1L;
    private final boolean requestSent;

    public ConnectionFailed(Endpoint endpoint, boolean requestSent, String what, Throwable cause) {
      super(
          endpoint,
          (requestSent
                  ? "the connection to Calendly broke before the response arrived (" + what + ")"
                  : "could not connect to Calendly (" + what + ")")
              + ". Check network access to the Calendly base URL; retry later",
          cause);
      this.requestSent = requestSent;
    }

    @Override
    public boolean mayHaveBeenPerformed() {
      return requestSent;
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** A success status with a body that is not the JSON Calendly documents. */
  public static final class MalformedResponse extends CalendlyException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public MalformedResponse(Endpoint endpoint, int status, String problem, Throwable cause) {
      super(
          endpoint,
          "Calendly answered "
              + status
              + " with a body that could not be read ("
              + problem
              + "). If this repeats, Calendly's API may have changed or a proxy is altering responses",
          cause);
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** A write that returned a 2xx was performed even though we could not read the answer. */
    @Override
    public boolean mayHaveBeenPerformed() {
      return true;
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }
}
