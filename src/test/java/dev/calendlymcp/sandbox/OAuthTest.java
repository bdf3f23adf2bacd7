package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.oauth.OAuthApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OAuth server with auto-approve: code flow, PKCE, refresh rotation, revocation, introspection. */
class OAuthTest extends OAuthTestBase {

  @Override
  SandboxConfig.Builder config() {
    return super.config().autoApprove(true);
  }

  @Test
  void theCodeFlowWithPkceGivesTokensThatWorkUntilRevoked() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    Pkce pkce = Pkce.fresh();
    Map<String, String> params = authorization(pkce);
    params.put("login_hint", owner.email());

    Map<String, String> redirect = redirectParams(authorize(params));
    Reply tokens = exchangePublic(redirect.get("code"), pkce);
    Reply me = http.get("/users/me", field(tokens, "access_token"));
    Reply refreshed = refreshPublic(field(tokens, "refresh_token"));
    String newAccess = field(refreshed, "access_token");
    Reply meAgain = http.get("/users/me", newAccess);
    Reply revoked = form("/oauth/revoke", null, Map.of("token", newAccess, "client_id", sandbox.oauthApp().clientId()));
    Reply afterRevoke = http.get("/users/me", newAccess);

    assertThat(redirect.get("state")).isEqualTo("st-123");
    assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
    assertThat(tokens.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = tokens.json();
    assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
    assertThat(body.path("expires_in").asLong()).isEqualTo(7200);
    assertThat(body.path("created_at").asLong()).isEqualTo(START.getEpochSecond());
    assertThat(body.path("owner").asString()).isEqualTo(owner.userUri());
    assertThat(body.path("organization").asString()).isEqualTo(owner.organizationUri());
    assertThat(body.path("scope").asString().split(" ")).contains("users:read", "event_types:write", "webhooks:write");
    assertThat(body.path("access_token").asString()).startsWith("sbx_oat_");
    assertThat(body.path("refresh_token").asString()).startsWith("sbx_ort_");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.resource("uri")).isEqualTo(owner.userUri());
    assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
    assertThat(newAccess).isNotEqualTo(field(tokens, "access_token"));
    assertThat(field(refreshed, "refresh_token")).isNotEqualTo(field(tokens, "refresh_token"));
    assertThat(meAgain.status()).isEqualTo(200);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.body()).isEqualTo("{}");
    assertThat(afterRevoke.status()).isEqualTo(401);
    assertThat(afterRevoke.json().path("message").asString()).isEqualTo("The access token is revoked");
  }

  @Test
  void aRefreshTokenWorksOnceAndReusingItRevokesTheWholeGrant() {
    Reply first = tokensFor(user(Plan.TEAMS, Role.ADMIN));
    Reply second = refreshPublic(field(first, "refresh_token"));

    Reply reused = refreshPublic(field(first, "refresh_token"));
    Reply newestAfterReuse = refreshPublic(field(second, "refresh_token"));

    assertThat(second.status()).isEqualTo(200);
    assertThat(reused.status()).isEqualTo(400);
    assertThat(field(reused, "error")).isEqualTo("invalid_grant");
    assertThat(field(reused, "error_description")).contains("already used");
    assertThat(newestAfterReuse.status()).isEqualTo(400);
    assertThat(field(newestAfterReuse, "error")).isEqualTo("invalid_grant");
    assertThat(http.get("/users/me", field(first, "access_token")).status()).isEqualTo(401);
    assertThat(http.get("/users/me", field(second, "access_token")).status()).isEqualTo(401);
  }

  @Test
  void aWrongCodeVerifierIsRefusedAndTheRightOneStillWorks() {
    Pkce pkce = Pkce.fresh();
    String code = code(authorization(pkce));

    Reply wrong = exchangePublic(code, Pkce.fresh());
    Reply missing = form("/oauth/token", null, Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "client_id", sandbox.oauthApp().clientId()));
    Reply right = exchangePublic(code, pkce);

    assertThat(wrong.status()).isEqualTo(400);
    assertThat(field(wrong, "error")).isEqualTo("invalid_grant");
    assertThat(field(wrong, "error_description")).contains("code_verifier");
    assertThat(field(missing, "error")).isEqualTo("invalid_grant");
    assertThat(right.status()).isEqualTo(200);
  }

  @Test
  void plainPkceIsRefusedWithARedirectCarryingTheState() {
    Map<String, String> plain = authorization(Pkce.fresh());
    plain.put("code_challenge_method", "plain");
    Map<String, String> implicitPlain = authorization(Pkce.fresh());
    implicitPlain.remove("code_challenge_method");
    Map<String, String> notAChallenge = authorization(Pkce.fresh());
    notAChallenge.put("code_challenge", "short");

    for (Map<String, String> params : List.of(plain, implicitPlain, notAChallenge)) {
      Map<String, String> redirect = redirectParams(authorize(params));
      assertThat(redirect).doesNotContainKey("code");
      assertThat(redirect.get("error")).isEqualTo("invalid_request");
      assertThat(redirect.get("state")).isEqualTo("st-123");
      assertThat(redirect.get("error_description")).contains("code_challenge");
    }
  }

  @Test
  void aCodeWorksOnceAndUsingItAgainRevokesWhatItGave() {
    Pkce pkce = Pkce.fresh();
    String code = code(authorization(pkce));
    Reply first = exchangePublic(code, pkce);

    Reply second = exchangePublic(code, pkce);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(400);
    assertThat(field(second, "error")).isEqualTo("invalid_grant");
    assertThat(http.get("/users/me", field(first, "access_token")).status()).isEqualTo(401);
    assertThat(refreshPublic(field(first, "refresh_token")).status()).isEqualTo(400);
  }

  @Test
  void aCodeExpiresAfterTenMinutesOfClockTime() {
    Pkce early = Pkce.fresh();
    String stillFresh = code(authorization(early));
    Pkce late = Pkce.fresh();
    String expiring = code(authorization(late));

    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    Reply inTime = exchangePublic(stillFresh, early);
    clock.advance(Duration.ofSeconds(1));
    Reply tooLate = exchangePublic(expiring, late);

    assertThat(inTime.status()).isEqualTo(200);
    assertThat(tooLate.status()).isEqualTo(400);
    assertThat(field(tooLate, "error")).isEqualTo("invalid_grant");
    assertThat(field(tooLate, "error_description")).contains("expired");
  }

  @Test
  void anUnverifiedClientOrRedirectUriGetsAnErrorPageNeverARedirect() {
    Map<String, String> evil = authorization(Pkce.fresh());
    evil.put("redirect_uri", "https://evil.example.com/callback");
    Map<String, String> unknownClient = authorization(Pkce.fresh());
    unknownClient.put("client_id", "nobody");
    Map<String, String> noRedirect = authorization(Pkce.fresh());
    noRedirect.remove("redirect_uri");

    for (Map<String, String> params : List.of(evil, unknownClient, noRedirect)) {
      Reply reply = authorize(params);
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.header("Location")).isNull();
      assertThat(reply.header("Content-Type")).startsWith("text/html");
      assertThat(reply.body()).contains("Authorization failed");
    }
  }

  @Test
  void aTokenRequestWithAnotherRedirectUriIsRefused() {
    Pkce pkce = Pkce.fresh();
    String code = code(authorization(pkce));

    Reply reply = form("/oauth/token", null, Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT + "/other",
        "code_verifier", pkce.verifier(), "client_id", sandbox.oauthApp().clientId()));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(field(reply, "error")).isEqualTo("invalid_grant");
    assertThat(field(reply, "error_description")).contains("redirect_uri");
  }

  @Test
  void aConfidentialClientAuthenticatesWithBasicAndAWrongSecretIsInvalidClient() {
    OAuthApp app = sandbox.oauthApp();
    Map<String, String> withoutPkce = authorization(Pkce.fresh());
    withoutPkce.remove("code_challenge");
    withoutPkce.remove("code_challenge_method");
    String code = code(withoutPkce);
    Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);

    Reply wrongSecret = form("/oauth/token", new OAuthApp(app.clientId(), "wrong", List.of(), true, List.of("users:read")), exchange);
    Reply publicWithoutPkce = form("/oauth/token", null, Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "client_id", app.clientId()));
    Reply right = form("/oauth/token", app, exchange);
    Reply refreshWithoutSecret = refreshPublic(field(right, "refresh_token"));
    Reply secretInTheForm = form("/oauth/token", null, Map.of(
        "grant_type", "refresh_token", "refresh_token", field(right, "refresh_token"),
        "client_id", app.clientId(), "client_secret", app.clientSecret()));

    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(field(wrongSecret, "error")).isEqualTo("invalid_client");
    assertThat(wrongSecret.header("WWW-Authenticate")).startsWith("Basic");
    assertThat(wrongSecret.body()).doesNotContain("wrong").doesNotContain(app.clientSecret());
    assertThat(publicWithoutPkce.status()).isEqualTo(401);
    assertThat(field(publicWithoutPkce, "error")).isEqualTo("invalid_client");
    assertThat(right.status()).as(right.toString()).isEqualTo(200);
    assertThat(refreshWithoutSecret.status()).isEqualTo(401);
    assertThat(secretInTheForm.status()).as(secretInTheForm.toString()).isEqualTo(200);
  }

  @Test
  void accessTokensExpireAfterTwoHoursOfClockTimeAndRefreshingGivesAWorkingOne() {
    Reply tokens = tokensFor(user(Plan.STANDARD, Role.OWNER));
    String access = field(tokens, "access_token");

    clock.advance(Duration.ofHours(2).minusSeconds(1));
    Reply justBefore = http.get("/users/me", access);
    clock.advance(Duration.ofSeconds(1));
    Reply expired = http.get("/users/me", access);
    Reply refreshed = refreshPublic(field(tokens, "refresh_token"));

    assertThat(justBefore.status()).isEqualTo(200);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().path("message").asString()).isEqualTo("The access token expired");
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(http.get("/users/me", field(refreshed, "access_token")).status()).isEqualTo(200);
  }

  @Test
  void introspectionTellsActiveTokensFromInactiveOnes() {
    OAuthApp app = sandbox.oauthApp();
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);
    Reply tokens = tokensFor(admin);
    String access = field(tokens, "access_token");
    Reply later = refreshPublic(field(tokens, "refresh_token"));
    String refresh = field(later, "refresh_token");

    Reply active = form("/oauth/introspect", app, Map.of("token", access));
    Reply activeRefresh = form("/oauth/introspect", null, Map.of(
        "token", refresh, "client_id", app.clientId(), "client_secret", app.clientSecret()));
    Reply rotatedRefresh = form("/oauth/introspect", app, Map.of("token", field(tokens, "refresh_token")));
    Reply unknown = form("/oauth/introspect", app, Map.of("token", "sbx_oat_nothing"));
    Reply personalToken = form("/oauth/introspect", app, Map.of("token", admin.token()));
    Reply withoutSecret = form("/oauth/introspect", null, Map.of("token", access, "client_id", app.clientId()));
    form("/oauth/revoke", app, Map.of("token", access));
    Reply afterRevoke = form("/oauth/introspect", app, Map.of("token", access));
    clock.advance(Duration.ofHours(2));
    Reply expired = form("/oauth/introspect", app, Map.of("token", field(later, "access_token")));
    Reply refreshStillActive = form("/oauth/introspect", app, Map.of("token", refresh));

    JsonNode body = active.json();
    assertThat(body.path("active").asBoolean()).isTrue();
    assertThat(body.path("client_id").asString()).isEqualTo(app.clientId());
    assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
    assertThat(body.path("iat").asLong()).isEqualTo(START.getEpochSecond());
    assertThat(body.path("exp").asLong()).isEqualTo(START.getEpochSecond() + 7200);
    assertThat(body.path("owner").asString()).isEqualTo(admin.userUri());
    assertThat(body.path("organization").asString()).isEqualTo(admin.organizationUri());
    assertThat(body.path("scope").asString()).isEqualTo(field(tokens, "scope"));
    assertThat(activeRefresh.json().path("active").asBoolean()).isTrue();
    assertThat(activeRefresh.json().path("token_type").asString()).isEqualTo("refresh_token");
    assertThat(activeRefresh.json().has("exp")).isFalse();
    for (Reply inactive : List.of(rotatedRefresh, unknown, personalToken, afterRevoke, expired)) {
      assertThat(inactive.status()).isEqualTo(200);
      assertThat(inactive.body()).isEqualTo("{\"active\":false}");
    }
    assertThat(withoutSecret.status()).isEqualTo(401);
    assertThat(field(withoutSecret, "error")).isEqualTo("invalid_client");
    assertThat(refreshStillActive.json().path("active").asBoolean()).isTrue();
  }

  @Test
  void aRefreshMayNarrowTheScopesButNotWidenThem() {
    OAuthApp narrowApp = sandbox.registerOAuthApp(List.of(REDIRECT), List.of("users:read", "event_types:write"));
    Pkce pkce = Pkce.fresh();
    Map<String, String> params = authorization(pkce);
    params.put("client_id", narrowApp.clientId());
    Reply tokens = form("/oauth/token", narrowApp, Map.of(
        "grant_type", "authorization_code", "code", code(params), "redirect_uri", REDIRECT,
        "code_verifier", pkce.verifier()));

    Reply wider = form("/oauth/token", narrowApp, Map.of(
        "grant_type", "refresh_token", "refresh_token", field(tokens, "refresh_token"), "scope", "webhooks:read"));
    Reply narrower = form("/oauth/token", narrowApp, Map.of(
        "grant_type", "refresh_token", "refresh_token", field(tokens, "refresh_token"), "scope", "event_types:read"));

    assertThat(field(tokens, "scope")).isEqualTo("users:read event_types:write");
    assertThat(wider.status()).isEqualTo(400);
    assertThat(field(wider, "error")).isEqualTo("invalid_scope");
    assertThat(narrower.status()).as(narrower.toString()).isEqualTo(200);
    assertThat(field(narrower, "scope")).isEqualTo("event_types:read");
    assertThat(http.get("/users/me", field(narrower, "access_token")).status()).isEqualTo(403);
  }

  @Test
  void revokingARefreshTokenEndsItsGrantAndOtherClientsCannotRevoke() {
    OAuthApp other = sandbox.registerOAuthApp(List.of("https://other.example.com/cb"), List.of("users:read"));
    Reply tokens = tokensFor(user(Plan.TEAMS, Role.OWNER));
    String access = field(tokens, "access_token");

    Reply byOther = form("/oauth/revoke", other, Map.of("token", access));
    Reply stillWorks = http.get("/users/me", access);
    Reply revoked = form("/oauth/revoke", null, Map.of(
        "token", field(tokens, "refresh_token"), "client_id", sandbox.oauthApp().clientId()));

    assertThat(byOther.status()).isEqualTo(200);
    assertThat(stillWorks.status()).isEqualTo(200);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(http.get("/users/me", access).status()).isEqualTo(401);
    assertThat(field(refreshPublic(field(tokens, "refresh_token")), "error")).isEqualTo("invalid_grant");
  }

  @Test
  void aUserIsIssuedAtMostEightTokensPerMinute() {
    Reply tokens = tokensFor(user(Plan.FREE, Role.OWNER));
    String refresh = field(tokens, "refresh_token");
    for (int i = 2; i <= 8; i++) {
      Reply next = refreshPublic(refresh);
      assertThat(next.status()).as("token %d: %s", i, next).isEqualTo(200);
      refresh = field(next, "refresh_token");
    }

    Reply ninth = refreshPublic(refresh);
    Reply otherUser = tokensFor(user(Plan.FREE, Role.ADMIN));
    clock.advance(Duration.ofMinutes(1));
    Reply nextMinute = refreshPublic(refresh);

    assertThat(ninth.status()).isEqualTo(429);
    assertThat(ninth.header("Retry-After")).isEqualTo("60");
    assertThat(ninth.json().path("title").asString()).isEqualTo("Too Many Requests");
    assertThat(otherUser.status()).isEqualTo(200);
    assertThat(nextMinute.status()).as("the refused refresh token was not used up").isEqualTo(200);
  }

  @Test
  void aRegisteredAppGetsOnlyItsScopesAndItsRedirectUris() {
    OAuthApp app = sandbox.registerOAuthApp(List.of("http://127.0.0.1:8765/callback"), List.of("users:read"));
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    Map<String, String> params = authorization(Pkce.fresh());
    params.put("client_id", app.clientId());
    params.put("scope", "users:read event_types:read");
    Map<String, String> otherLoopback = authorization(Pkce.fresh());
    otherLoopback.put("client_id", app.clientId());
    otherLoopback.put("redirect_uri", "http://127.0.0.1:9999/callback");

    Map<String, String> tooBroad = redirectParams(authorize(params));
    Reply wrongRedirect = authorize(otherLoopback);
    Pkce pkce = Pkce.fresh();
    params = authorization(pkce);
    params.put("client_id", app.clientId());
    params.put("login_hint", owner.email());
    String code = code(params);
    Reply tokens = form("/oauth/token", app, Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "code_verifier", pkce.verifier()));
    String access = field(tokens, "access_token");

    assertThat(tooBroad.get("error")).isEqualTo("invalid_scope");
    assertThat(wrongRedirect.status()).isEqualTo(400);
    assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
    assertThat(field(tokens, "scope")).isEqualTo("users:read");
    assertThat(http.get("/users/me", access).status()).isEqualTo(200);
    assertThat(http.get("/event_types?user=" + q(owner.userUri()), access).status()).isEqualTo(403);
    assertThat(form("/oauth/token", sandbox.oauthApp(), Map.of(
        "grant_type", "refresh_token", "refresh_token", field(tokens, "refresh_token"))).status())
        .as("another app's refresh token").isEqualTo(400);
  }

  @Test
  void autoApproveWithoutALoginHintActsForTheFirstSeededUserAndAnUnknownHintIsAnError() {
    Pkce pkce = Pkce.fresh();
    Reply tokens = exchangePublic(code(authorization(pkce)), pkce);
    Map<String, String> unknown = authorization(Pkce.fresh());
    unknown.put("login_hint", "nobody@example.org");

    Map<String, String> refused = redirectParams(authorize(unknown));

    assertThat(field(tokens, "owner")).isEqualTo(sandbox.users().get(0).userUri());
    assertThat(refused.get("error")).isEqualTo("invalid_request");
    assertThat(refused.get("error_description")).contains("login_hint");
  }

  @Test
  void malformedTokenRequestsNameTheProblem() {
    OAuthApp app = sandbox.oauthApp();

    Reply password = form("/oauth/token", app, Map.of("grant_type", "password", "username", "a", "password", "b"));
    Reply bogus = form("/oauth/token", app, Map.of("grant_type", "bogus"));
    Reply noCode = form("/oauth/token", app, Map.of("grant_type", "authorization_code", "redirect_uri", REDIRECT));
    Reply anonymous = form("/oauth/token", null, Map.of("grant_type", "refresh_token", "refresh_token", "x"));
    Reply unknownCode = form("/oauth/token", app, Map.of(
        "grant_type", "authorization_code", "code", "abc", "redirect_uri", REDIRECT));
    Reply wrongResponseType = authorize(Map.of(
        "client_id", app.clientId(), "redirect_uri", REDIRECT, "response_type", "token", "state", "s"));

    assertThat(field(password, "error")).isEqualTo("unsupported_grant_type");
    assertThat(field(bogus, "error")).isEqualTo("unsupported_grant_type");
    assertThat(field(noCode, "error")).isEqualTo("invalid_request");
    assertThat(field(noCode, "error_description")).contains("code");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(field(anonymous, "error")).isEqualTo("invalid_client");
    assertThat(unknownCode.status()).isEqualTo(400);
    assertThat(field(unknownCode, "error")).isEqualTo("invalid_grant");
    assertThat(redirectParams(wrongResponseType).get("error")).isEqualTo("unsupported_response_type");
  }
}
