package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Every way the authorization server and the MCP endpoint refuse a request, each with its status
 * and error code, and the server still serving after all of them.
 */
@Timeout(60)
class OAuthRefusalsTest {

  private OAuthServerFixture fixture;
  private OAuthDance dance;
  private OAuthDance.Discovery discovery;
  private String clientId;

  @BeforeEach
  void start() {
    fixture = new OAuthServerFixture(true);
    dance = fixture.dance();
    discovery = dance.discover();
    clientId = dance.register(discovery, "Refused Agent");
  }

  @AfterEach
  void stillServingThenStop() {
    assertThat(dance.send(HttpRequest.newBuilder(URI.create(fixture.server.publicUrl() + "/healthz")).GET())
        .statusCode()).isEqualTo(200);
    fixture.close();
  }

  private String codeFor(CodeVerifier verifier, Map<String, String> overrides) {
    Map<String, String> query = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, verifier, "s1", fixture.teamsOwner.email()));
    query.putAll(overrides);
    OAuthDance.Landing landing = dance.startAuthorization(discovery, query);
    assertThat(landing.redirectedToClient()).isTrue();
    return landing.parameters().get("code").get(0);
  }

  private String error(HttpResponse<String> response) {
    return dance.parse(response.body()).get("error").asString();
  }

  private int initializeStatus(String accessToken) {
    return dance.initialize(accessToken).statusCode();
  }

  /** The authorization request of an honest client with {@code changes} (a null value removes the parameter). */
  private OAuthDance.Landing authorizeWith(String state, Map<String, String> changes) {
    Map<String, String> query = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, new CodeVerifier(), state, fixture.teamsOwner.email()));
    changes.forEach((name, value) -> {
      if (value == null) {
        query.remove(name);
      } else {
        query.put(name, value);
      }
    });
    return dance.startAuthorization(discovery, query);
  }

  private void tokenError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(error(response)).isEqualTo(error);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  private Map<String, String> exchangeForm(String code, CodeVerifier verifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", OAuthDance.REDIRECT.toString());
    form.put("client_id", clientId);
    form.put("code_verifier", verifier.getValue());
    form.put("resource", discovery.resource().toString());
    return form;
  }

  @Test
  void aWrongVerifierIsInvalidGrant() {
    String code = codeFor(new CodeVerifier(), Map.of());
    HttpResponse<String> token = dance.exchange(discovery, clientId, code, new CodeVerifier().getValue());
    assertThat(token.statusCode()).isEqualTo(400);
    assertThat(error(token)).isEqualTo("invalid_grant");
  }

  @Test
  void whoeverHoldsAStolenCodeWithoutItsVerifierCannotSpendItAndTheClientStillGetsItsTokens() {
    CodeVerifier verifier = new CodeVerifier();
    String code = codeFor(verifier, Map.of());
    String thief = dance.register(discovery, "Thief");

    // A wrong verifier, another client, another redirect URI, a missing verifier: each refused...
    tokenError(dance.exchange(discovery, clientId, code, new CodeVerifier().getValue()), 400, "invalid_grant");
    tokenError(dance.exchange(discovery, thief, code, verifier.getValue()), 400, "invalid_grant");
    Map<String, String> elsewhere = exchangeForm(code, verifier);
    elsewhere.put("redirect_uri", "http://127.0.0.1:9/other");
    tokenError(dance.post(discovery.tokenEndpoint(), elsewhere), 400, "invalid_grant");
    Map<String, String> noVerifier = exchangeForm(code, verifier);
    noVerifier.remove("code_verifier");
    tokenError(dance.post(discovery.tokenEndpoint(), noVerifier), 400, "invalid_grant");

    // ...without spending the code or ending its grant: the client that holds the verifier goes on.
    OAuthDance.Tokens tokens = dance.tokens(clientId, dance.exchange(discovery, clientId, code, verifier.getValue()));
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(200);
    // Once spent, more wrong guesses change nothing either; only a real second exchange ends it.
    tokenError(dance.exchange(discovery, clientId, code, new CodeVerifier().getValue()), 400, "invalid_grant");
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(200);
    tokenError(dance.exchange(discovery, clientId, code, verifier.getValue()), 400, "invalid_grant");
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(401);
  }

  /** An error page of ours, and no trip to the client's redirect URI. */
  private void errorPage(OAuthDance.Landing landing, String mentions) {
    assertThat(landing.redirectedToClient()).as("redirected to %s", landing.location()).isFalse();
    assertThat(landing.page().statusCode()).isEqualTo(400);
    assertThat(landing.page().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(landing.page().body()).contains(mentions);
  }

  @Test
  void plainPkceAndAMissingChallengeGetAnErrorPageNotARedirect() {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> plain = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, verifier, "s2", null));
    plain.put("code_challenge_method", "plain");
    plain.put("code_challenge", verifier.getValue());
    errorPage(dance.startAuthorization(discovery, plain), "S256");

    Map<String, String> none = new LinkedHashMap<>(plain);
    none.remove("code_challenge");
    none.remove("code_challenge_method");
    errorPage(dance.startAuthorization(discovery, none), "PKCE is required");
  }

  @Test
  void aReusedCodeIsRefusedAndRevokesWhatItGave() {
    CodeVerifier verifier = new CodeVerifier();
    String code = codeFor(verifier, Map.of());
    HttpResponse<String> first = dance.exchange(discovery, clientId, code, verifier.getValue());
    assertThat(first.statusCode()).isEqualTo(200);
    String accessToken = dance.parse(first.body()).get("access_token").asString();
    assertThat(initializeStatus(accessToken)).isEqualTo(200);

    HttpResponse<String> second = dance.exchange(discovery, clientId, code, verifier.getValue());

    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(error(second)).isEqualTo("invalid_grant");
    assertThat(initializeStatus(accessToken)).as("the grant is revoked").isEqualTo(401);
    HttpResponse<String> refresh = dance.post(discovery.tokenEndpoint(), Map.of("grant_type", "refresh_token",
        "refresh_token", dance.parse(first.body()).get("refresh_token").asString(), "client_id", clientId));
    assertThat(error(refresh)).as("and its refresh token with it").isEqualTo("invalid_grant");
  }

  @Test
  void aCodeOlderThanSixtySecondsIsRefused() {
    CodeVerifier verifier = new CodeVerifier();
    String code = codeFor(verifier, Map.of());
    fixture.clock.advance(Duration.ofSeconds(61));
    HttpResponse<String> token = dance.exchange(discovery, clientId, code, verifier.getValue());
    assertThat(error(token)).isEqualTo("invalid_grant");
  }

  @Test
  void aRedirectUriNotRegisteredGetsAPageNeverARedirect() {
    Map<String, String> query = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, new CodeVerifier(), "s3", null));
    query.put("redirect_uri", "https://attacker.example/steal");
    OAuthDance.Landing landing = dance.startAuthorization(discovery, query);
    assertThat(landing.page().statusCode()).isEqualTo(400);
    assertThat(landing.page().headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
  }

  @Test
  void anUnregisteredClientIsRefusedAtAuthorizeAndToken() {
    Map<String, String> query = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, "mcp_nobody", new CodeVerifier(), "s4", null));
    assertThat(dance.startAuthorization(discovery, query).page().statusCode()).isEqualTo(400);
    HttpResponse<String> token = dance.exchange(discovery, "mcp_nobody", "x", new CodeVerifier().getValue());
    assertThat(token.statusCode()).isEqualTo(401);
    assertThat(error(token)).isEqualTo("invalid_client");
  }

  @Test
  void aResourceOtherThanThisServerOrNoneIsAnErrorPageAtAuthorizeAndInvalidTargetAtToken() {
    Map<String, String> query = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, new CodeVerifier(), "s5", null));
    query.put("resource", "https://other.example/mcp");
    errorPage(dance.startAuthorization(discovery, query), "resource must be");
    // MCP clients must name the server the token is for (RFC 8707); one that does not gets no token.
    Map<String, String> none = new LinkedHashMap<>();
    none.put("resource", null);
    errorPage(authorizeWith("s5b", none), "resource must be");

    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> form = exchangeForm(codeFor(verifier, Map.of()), verifier);
    form.put("resource", "https://other.example/mcp");
    tokenError(dance.post(discovery.tokenEndpoint(), form), 400, "invalid_target");
  }

  @Test
  void withoutStateTheSignInGoesOnAndNoStateIsMadeUp() {
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put("state", null);
    OAuthDance.Landing landing = authorizeWith(null, changes);
    assertThat(landing.redirectedToClient()).isTrue();
    assertThat(landing.parameters()).containsKeys("code", "iss").doesNotContainKeys("state", "error");
  }

  @Test
  void aRepeatedStateIsAnErrorPageRatherThanDropped() {
    URI start = URI.create(discovery.authorizationEndpoint() + "?" + OAuthDance.form(
        dance.authorizationQuery(discovery, clientId, new CodeVerifier(), "s1", null)) + "&state=s2");
    errorPage(dance.browse(start), "repeats a parameter");
  }

  @Test
  void responseTypesOtherThanCodeAndUnknownScopesGetAnErrorPageNeverARedirectToTheClient() {
    // A registered redirect URI is no reason to trust it: anyone may register (RFC 9700 §4.11.2).
    errorPage(authorizeWith("s6", Map.of("response_type", "token")), "response_type=code");
    errorPage(authorizeWith("s6", Map.of("response_type", "made-up")), "response_type=code");
    errorPage(authorizeWith("s7", Map.of("scope", "calendly:read admin")), "The scopes offered");
  }

  @Test
  void theTokenRequestMustRepeatTheRedirectUriOfTheAuthorization() {
    CodeVerifier other = new CodeVerifier();
    Map<String, String> elsewhere = exchangeForm(codeFor(other, Map.of()), other);
    elsewhere.put("redirect_uri", "http://127.0.0.1:9/other");
    tokenError(dance.post(discovery.tokenEndpoint(), elsewhere), 400, "invalid_grant");

    CodeVerifier missing = new CodeVerifier();
    Map<String, String> none = exchangeForm(codeFor(missing, Map.of()), missing);
    none.remove("redirect_uri");
    tokenError(dance.post(discovery.tokenEndpoint(), none), 400, "invalid_grant");
  }

  @Test
  void aRefreshTokenWorksOnlyForTheClientItWasIssuedTo() {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    String thief = dance.register(discovery, "Thief");

    tokenError(dance.post(discovery.tokenEndpoint(), Map.of("grant_type", "refresh_token",
        "refresh_token", tokens.refreshToken(), "client_id", thief)), 400, "invalid_grant");

    // The thief's attempt neither spent the token nor ended the grant.
    dance.refreshed(tokens, dance.refresh(discovery, tokens));
  }

  @Test
  void aReadOnlyAuthorizationGivesAReadOnlyTokenThatNoRefreshCanWiden() {
    CodeVerifier verifier = new CodeVerifier();
    String code = codeFor(verifier, Map.of("scope", "calendly:read"));
    OAuthDance.Tokens reader = dance.tokens(clientId, dance.exchange(discovery, clientId, code, verifier.getValue()));
    assertThat(reader.response().get("scope").asString()).isEqualTo("calendly:read");

    Map<String, String> widen = Map.of("grant_type", "refresh_token", "refresh_token", reader.refreshToken(),
        "client_id", clientId, "scope", "calendly:read calendly:write");
    tokenError(dance.post(discovery.tokenEndpoint(), widen), 400, "invalid_scope");
    // A refused request changes nothing: the same refresh token still works, and is not taken
    // for a stolen one being replayed.
    OAuthDance.Tokens next = dance.refreshed(reader, dance.refresh(discovery, reader));
    assertThat(next.response().get("scope").asString()).isEqualTo("calendly:read");
    assertThat(initializeStatus(next.accessToken())).isEqualTo(200);
    // Once spent, though, it is a stolen copy whatever scope it asks for, and the grant ends.
    tokenError(dance.post(discovery.tokenEndpoint(), widen), 400, "invalid_grant");
    assertThat(initializeStatus(next.accessToken())).isEqualTo(401);
  }

  @Test
  void grantTypesOtherThanCodeAndRefreshAreUnsupportedAndNoGrantTypeIsInvalidRequest() {
    tokenError(dance.post(discovery.tokenEndpoint(), Map.of("grant_type", "password", "username", "u",
        "password", "p", "client_id", clientId)), 400, "unsupported_grant_type");
    // Client credentials are for confidential clients: a public one is told it did not
    // authenticate, one that did is told the grant is not offered.
    tokenError(dance.post(discovery.tokenEndpoint(), Map.of("grant_type", "client_credentials",
        "client_id", clientId)), 401, "invalid_client");
    JsonNode confidential = dance.registered(discovery, "Service", "client_secret_basic");
    tokenError(dance.postAs(discovery.tokenEndpoint(), confidential.get("client_id").asString(),
        confidential.get("client_secret").asString(), Map.of("grant_type", "client_credentials")),
        400, "unsupported_grant_type");
    tokenError(dance.post(discovery.tokenEndpoint(), Map.of("grant_type", "urn:example:made-up",
        "client_id", clientId)), 400, "unsupported_grant_type");
    tokenError(dance.post(discovery.tokenEndpoint(), Map.of("client_id", clientId)), 400, "invalid_request");
  }

  @Test
  void tokensSignedByAKeyThatIsNotOursAreInvalidTokensWhateverKidTheyClaim() throws Exception {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    SignedJWT real = SignedJWT.parse(tokens.accessToken());
    ECKey rogue = new ECKeyGenerator(Curve.P_256).generate();
    for (String kid : List.of(real.getHeader().getKeyID(), "rogue-key")) {
      SignedJWT forged = new SignedJWT(new JWSHeader.Builder(real.getHeader()).keyID(kid).build(), real.getJWTClaimsSet());
      forged.sign(new ECDSASigner(rogue));
      HttpResponse<String> refused = dance.initialize(forged.serialize());
      assertThat(refused.statusCode()).as(kid).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(200);
  }

  @Test
  void revocationSays200ToEveryoneButOnlyTheOwningClientEndsTheGrant() {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    String other = dance.register(discovery, "Other Agent");

    // RFC 7009 §2.2: an unknown token, or another client's, gets the same answer as a real one.
    assertThat(dance.revoke(discovery, clientId, "no-such-token").statusCode()).isEqualTo(200);
    assertThat(dance.revoke(discovery, other, tokens.accessToken()).statusCode()).isEqualTo(200);
    assertThat(dance.revoke(discovery, other, tokens.refreshToken()).statusCode()).isEqualTo(200);
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(200);
    assertThat(dance.revoke(discovery, "mcp_nobody", tokens.accessToken()).statusCode()).isEqualTo(401);

    assertThat(dance.revoke(discovery, clientId, tokens.accessToken()).statusCode()).isEqualTo(200);
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(401);
  }

  @Test
  void tamperedAndExpiredTokensAreInvalidTokens() {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    String[] parts = tokens.accessToken().split("\\.");
    String tamperedPayload = parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("A") ? "BB" : "AA");
    assertThat(initializeStatus(parts[0] + "." + tamperedPayload + "." + parts[2])).isEqualTo(401);
    assertThat(initializeStatus("not-a-jwt")).isEqualTo(401);

    fixture.clock.advance(Duration.ofMinutes(11));
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(401);
  }

  @Test
  void aTokenSignedWithARotatedOutKeyStillWorksUntilItsKeyRetires() {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    fixture.authorizationServer().rotateSigningKey().block(Duration.ofSeconds(5));
    assertThat(initializeStatus(tokens.accessToken())).isEqualTo(200);
    OAuthDance.Tokens next = dance.refreshed(tokens, dance.refresh(discovery, tokens));
    String oldKid = kid(tokens.accessToken());
    String newKid = kid(next.accessToken());
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(publishedKids()).contains(oldKid, newKid);

    // Once no token it signed can still be valid, the old key is no longer published.
    fixture.clock.advance(Duration.ofMinutes(16));
    assertThat(publishedKids()).contains(newKid).doesNotContain(oldKid);
  }

  private String kid(String jwt) {
    return dance.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]))).get("kid").asString();
  }

  private List<String> publishedKids() {
    return dance.getJson(URI.create(discovery.issuer() + "/jwks.json")).get("keys").findValuesAsString("kid");
  }

  @Test
  void aRefreshTokenUsedTwiceRevokesTheWholeGrant() {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    OAuthDance.Tokens next = dance.refreshed(tokens, dance.refresh(discovery, tokens));

    HttpResponse<String> reuse = dance.refresh(discovery, tokens);

    assertThat(reuse.statusCode()).isEqualTo(400);
    assertThat(error(reuse)).isEqualTo("invalid_grant");
    assertThat(initializeStatus(next.accessToken())).isEqualTo(401);
    assertThat(dance.refresh(discovery, next).statusCode()).isEqualTo(400);
  }

  @Test
  void registrationsFromOneAddressAreLimitedUntilTheNextMinute() {
    String metadata = "{\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"]}";
    HttpResponse<String> response = null;
    for (int i = 0; i < 25 && (response == null || response.statusCode() != 429); i++) {
      response = dance.registration(discovery, metadata);
    }
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
    // Each endpoint has its own budget: signing in still works meanwhile.
    dance.authorize(discovery, clientId, fixture.teamsOwner.email());

    fixture.clock.advance(Duration.ofSeconds(61));
    assertThat(dance.registration(discovery, metadata).statusCode()).isEqualTo(201);
  }

  @Test
  void aRegistrationWithARedirectThatCouldLeakTheCodeIsRefused() {
    for (String uris : List.of("[\"http://attacker.example/cb\"]", "[\"https://app.example/cb#fragment\"]",
        "[\"https://user:pass@app.example/cb\"]", "[\"javascript:alert(1)\"]", "[\"/relative/cb\"]", "[]")) {
      HttpResponse<String> response = dance.registration(discovery, "{\"redirect_uris\":" + uris + "}");
      assertThat(response.statusCode()).as(uris).isEqualTo(400);
      assertThat(error(response)).as(uris).isEqualTo("invalid_redirect_uri");
      assertThat(dance.parse(response.body()).get("error_description").asString()).as(uris).containsIgnoringCase("redirect");
    }
    // Loopback on any port (RFC 8252 §7.3) and https are what MCP clients use.
    for (String uri : List.of("http://localhost:33418/cb", "http://[::1]:33418/cb", "https://app.example/cb")) {
      assertThat(dance.registration(discovery, "{\"redirect_uris\":[\"" + uri + "\"]}").statusCode()).as(uri).isEqualTo(201);
    }
  }

  @Test
  void aRegistrationThatIsNotJsonOrAsksForWhatWeDoNotOfferIsInvalidClientMetadata() {
    String redirect = "\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"]";
    for (String metadata : List.of("not json", "[]", "{" + redirect + ",\"grant_types\":[\"client_credentials\"]}",
        "{" + redirect + ",\"response_types\":[\"token\"]}",
        "{" + redirect + ",\"token_endpoint_auth_method\":\"private_key_jwt\"}")) {
      HttpResponse<String> response = dance.registration(discovery, metadata);
      assertThat(response.statusCode()).as(metadata).isEqualTo(400);
      assertThat(error(response)).as(metadata).isEqualTo("invalid_client_metadata");
    }
  }
}
