package dev.calendlymcp.sandbox.oauth;

import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.auth.TokenStore;
import dev.calendlymcp.sandbox.http.Route;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.Ids;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sandbox's auth.calendly.com: OAuth 2.0 authorization code flow with PKCE, refresh token
 * rotation, revocation and introspection, on the same server as the API ({@code /oauth/*}).
 * Access tokens it issues work on every API endpoint with their scopes and expire after 2 hours
 * of sandbox clock time.
 *
 * <p>One app is registered from the start (its credentials derived from the seed, every scope,
 * any loopback {@code http} redirect URI); {@link #register} adds more. Issuing a token counts
 * against the user's OAuth token budget when rate limits are on.
 *
 * <p>Like the rest of the sandbox, codes, tokens and client credentials come from the seed, so
 * runs repeat exactly; it is a test double, not a security boundary. Only the consent form's
 * CSRF token is truly random.
 */
public final class OAuthServer {

  private final ConcurrentMap<String, OAuthApp> apps = new ConcurrentHashMap<>();
  private final Ids ids;
  private final OAuthApp seededApp;
  private final AuthorizeEndpoint authorize;
  private final TokenEndpoints tokenEndpoints;

  /**
   * @param ids the sequence client credentials, codes and refresh tokens are minted from
   * @param autoApprove answer valid authorization requests with a code at once, without a page
   * @param seededUsers uuids of the users the consent page offers, in order; the first is the
   *     user auto-approve picks without a {@code login_hint}
   * @param authBaseUrl the base URL the OAuth endpoints are served under
   */
  public OAuthServer(
      SandboxStore store,
      TokenStore tokens,
      Uris uris,
      Clock clock,
      Ids ids,
      RateLimiter rateLimiter,
      boolean autoApprove,
      List<String> seededUsers,
      String authBaseUrl) {
    if (seededUsers.isEmpty()) {
      throw new IllegalArgumentException("the OAuth server needs at least one seeded user");
    }
    this.ids = ids;
    OAuthGrants grants = new OAuthGrants(tokens, ids, clock);
    this.seededApp = newApp(List.of(), true, Scopes.ALL);
    this.authorize = new AuthorizeEndpoint(this::app, grants, store, clock, autoApprove, seededUsers);
    this.tokenEndpoints =
        new TokenEndpoints(this::app, grants, rateLimiter::chargeOAuthToken, store, uris, authBaseUrl);
  }

  /** Adds the {@code /oauth/*} routes: open (no bearer token), counted and subject to faults. */
  public void register(Router router) {
    router.open("GET", "/oauth/authorize", Route.Lock.NONE, authorize::show);
    router.open("POST", "/oauth/authorize", Route.Lock.NONE, authorize::decide);
    router.open("POST", "/oauth/token", Route.Lock.NONE, tokenEndpoints::token);
    router.open("POST", "/oauth/revoke", Route.Lock.NONE, tokenEndpoints::revoke);
    router.open("POST", "/oauth/introspect", Route.Lock.NONE, tokenEndpoints::introspect);
  }

  /** The app registered at start: every scope, any loopback http redirect URI. */
  public OAuthApp seededApp() {
    return seededApp;
  }

  /**
   * Registers another app that may send users back only to {@code redirectUris} (exact match)
   * and ask for at most {@code scopes}.
   *
   * @throws IllegalArgumentException when a redirect URI is not absolute or has a fragment, there
   *     is none, or a scope is unknown
   */
  public OAuthApp register(List<String> redirectUris, Collection<String> scopes) {
    return newApp(redirectUris, false, List.copyOf(scopes));
  }

  private OAuthApp newApp(List<String> redirectUris, boolean anyLoopback, List<String> scopes) {
    OAuthApp app =
        new OAuthApp("sbx_cid_" + ids.hex(32), "sbx_csec_" + ids.hex(48), redirectUris, anyLoopback,
            OAuthGrants.ordered(scopes));
    apps.put(app.clientId(), app);
    return app;
  }

  private Optional<OAuthApp> app(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(apps.get(clientId));
  }
}
