package dev.calendlymcp.auth;

/**
 * An MCP request refused by the resource server: the status (401 or 403), the {@code
 * WWW-Authenticate} header that tells the client where to get a token (RFC 6750, RFC 9728), and a
 * JSON body. Its message never contains the token.
 */
public final class AuthChallenge extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String wwwAuthenticate;
  private final String error;

  AuthChallenge(int status, String wwwAuthenticate, String error, String description) {
    super(description, null, false, false);
    this.status = status;
    this.wwwAuthenticate = wwwAuthenticate;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public String wwwAuthenticate() {
    return wwwAuthenticate;
  }

  /** The OAuth error code, e.g. {@code invalid_token}; empty when no token was sent. */
  public String error() {
    return error;
  }

  /** {@code {"error": …, "error_description": …}} */
  public String body() {
    return Json.object("error", error.isEmpty() ? "unauthorized" : error, "error_description", getMessage());
  }
}
