package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
    return dance.send(HttpRequest.newBuilder(fixture.server.mcpUrl())
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"))).statusCode();
  }

  @Test
  void aWrongVerifierIsInvalidGrant() {
    String code = codeFor(new CodeVerifier(), Map.of());
    HttpResponse<String> token = dance.exchange(discovery, clientId, code, new CodeVerifier().getValue());
    assertThat(token.statusCode()).isEqualTo(400);
    assertThat(error(token)).isEqualTo("invalid_grant");
  }

  @Test
  void plainPkceAndAMissingChallengeAreRefusedToTheClient() {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> plain = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, verifier, "s2", null));
    plain.put("code_challenge_method", "plain");
    plain.put("code_challenge", verifier.getValue());
    OAuthDance.Landing landing = dance.startAuthorization(discovery, plain);
    assertThat(landing.parameters().get("error")).containsExactly("invalid_request");
    assertThat(landing.parameters().get("state")).containsExactly("s2");

    Map<String, String> none = new LinkedHashMap<>(plain);
    none.remove("code_challenge");
    none.remove("code_challenge_method");
    assertThat(dance.startAuthorization(discovery, none).parameters().get("error")).containsExactly("invalid_request");
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
  void aResourceOtherThanThisServerIsInvalidTarget() {
    Map<String, String> query = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, new CodeVerifier(), "s5", null));
    query.put("resource", "https://other.example/mcp");
    assertThat(dance.startAuthorization(discovery, query).parameters().get("error")).containsExactly("invalid_target");
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
    assertThat(dance.parse(new String(Base64.getUrlDecoder().decode(next.accessToken().split("\\.")[0])))
        .get("kid").asString())
        .isNotEqualTo(dance.parse(new String(Base64.getUrlDecoder().decode(tokens.accessToken().split("\\.")[0])))
            .get("kid").asString());
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
  void registrationsFromOneAddressAreLimited() {
    int status = 0;
    for (int i = 0; i < 25 && status != 429; i++) {
      status = dance.send(HttpRequest.newBuilder(discovery.registrationEndpoint())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"]}"))).statusCode();
    }
    assertThat(status).isEqualTo(429);
  }

  @Test
  void aRegistrationWithAForeignHttpRedirectIsRefused() {
    HttpResponse<String> response = dance.send(HttpRequest.newBuilder(discovery.registrationEndpoint())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"http://attacker.example/cb\"]}")));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).isEqualTo("invalid_redirect_uri");
  }
}
