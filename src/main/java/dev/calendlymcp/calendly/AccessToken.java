package dev.calendlymcp.calendly;

/** A bearer token: a personal access token or an OAuth access token. See {@link Secret}. */
public final class AccessToken extends Secret {

  private AccessToken(String value) {
    super(value, "an access token");
  }

  public static AccessToken of(String value) {
    return new AccessToken(value);
  }
}
