package dev.calendlymcp.auth;

/**
 * A client ID metadata document we could not use. The message says what is wrong in words fit for
 * an OAuth {@code error_description} or the error page; it never repeats the document.
 */
public final class InvalidClientMetadataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The document could not be fetched at all, rather than being fetched and refused. */
  private final boolean unreachable;

  private InvalidClientMetadataException(String message, boolean unreachable, Throwable cause) {
    super(message, cause, false, false);
    this.unreachable = unreachable;
  }

  static InvalidClientMetadataException refused(String message) {
    return new InvalidClientMetadataException(message, false, null);
  }

  static InvalidClientMetadataException unreachable(String message, Throwable cause) {
    return new InvalidClientMetadataException(message, true, cause);
  }

  /**
   * Whether the failure was the network's or the host's (no answer, timeout, a 5xx) rather than
   * the document's, so a cached copy may stand in for a while.
   */
  boolean unreachable() {
    return unreachable;
  }
}
