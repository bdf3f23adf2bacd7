package dev.calendlymcp.calendly;

/**
 * An OAuth refresh token. Calendly's refresh tokens are single-use: every refresh answers with a
 * new one, which must replace the old one in storage. See {@link Secret}.
 */
public final class RefreshToken extends Secret {

  private RefreshToken(String value) {
    super(value, "a refresh token");
  }

  public static RefreshToken of(String value) {
    return new RefreshToken(value);
  }
}
