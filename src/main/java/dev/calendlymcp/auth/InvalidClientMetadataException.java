package dev.calendlymcp.auth;

/**
 * A client ID metadata document we could not use. Its message is fit for an OAuth {@code
 * error_description} or the error page and never repeats the document.
 *
 * <p>Once the network is involved, the message is one and the same whatever went wrong (an
 * address refused, no connection, no answer, a bad status, a bad document): anyone may name any
 * URL as a client_id, and distinct answers would let them probe hosts and ports through this
 * server. The precise reason goes to our log only ({@link #reason}).
 */
public final class InvalidClientMetadataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What a client is told about any document that was fetched, or was meant to be. */
  static final String WITHHELD = "the client metadata document could not be fetched or is not acceptable";

  /** The document could not be fetched at all, rather than being fetched and refused. */
  private final boolean unreachable;
  private final String reason;

  private InvalidClientMetadataException(String message, String reason, boolean unreachable, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
    this.unreachable = unreachable;
  }

  static InvalidClientMetadataException refused(String reason) {
    return new InvalidClientMetadataException(reason, reason, false, null);
  }

  static InvalidClientMetadataException unreachable(String reason, Throwable cause) {
    return new InvalidClientMetadataException(reason, reason, true, cause);
  }

  /** The same failure, telling the client only {@link #WITHHELD}. */
  InvalidClientMetadataException withheld() {
    return new InvalidClientMetadataException(WITHHELD, reason, unreachable, getCause());
  }

  /** What actually went wrong, for our log: never for the client once the network was involved. */
  String reason() {
    return reason;
  }

  /**
   * Whether the failure was the network's or the host's (no answer, timeout, a 5xx) rather than
   * the document's, so a cached copy may stand in for a while.
   */
  boolean unreachable() {
    return unreachable;
  }
}
