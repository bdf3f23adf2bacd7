package dev.calendlymcp.sandbox.auth;

import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.User;
import java.time.Clock;
import java.util.Locale;

/** Turns an {@code Authorization} header into a {@link Caller}, or a 401. */
public final class Authenticator {

  private static final String BEARER = "bearer ";

  private final TokenStore tokens;
  private final SandboxStore store;
  private final Clock clock;

  public Authenticator(TokenStore tokens, SandboxStore store, Clock clock) {
    this.tokens = tokens;
    this.store = store;
    this.clock = clock;
  }

  /**
   * The caller named by {@code authorization}.
   *
   * @throws ApiException 401 when the header is missing or not a bearer token, or the token is
   *     unknown, expired or revoked (the message says which, never the token)
   */
  public Caller authenticate(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      throw ApiException.unauthenticated("The access token is missing or is not a Bearer token");
    }
    String value = authorization.substring(BEARER.length()).trim();
    AccessToken token =
        tokens.find(value).orElseThrow(() -> ApiException.unauthenticated("The access token is invalid"));
    if (token.revoked()) {
      throw ApiException.unauthenticated("The access token is revoked");
    }
    if (token.isExpiredAt(clock.instant())) {
      throw ApiException.unauthenticated("The access token expired");
    }
    return store.read(
        () -> {
          User user =
              store.user(token.userUuid())
                  .orElseThrow(() -> ApiException.unauthenticated("The access token is invalid"));
          Organization organization =
              store.organization(user.organizationUuid())
                  .orElseThrow(() -> ApiException.unauthenticated("The access token is invalid"));
          Membership membership =
              store.membershipOfUser(user.uuid())
                  .orElseThrow(() -> ApiException.unauthenticated("The access token is invalid"));
          return new Caller(token, user, organization, membership);
        });
  }
}
