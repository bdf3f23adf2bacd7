package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Clients that registered for a secret: the secret is handed out once, and the token and
 * revocation endpoints refuse them without it (RFC 6749 §2.3, {@code invalid_client}), whether
 * they send it in the Authorization header or in the form.
 */
@Timeout(60)
class OAuthConfidentialClientsTest {

  private OAuthServerFixture fixture;
  private OAuthDance dance;
  private OAuthDance.Discovery discovery;

  @BeforeEach
  void start() {
    fixture = new OAuthServerFixture(true);
    dance = fixture.dance();
    discovery = dance.discover();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** A form post authenticated as {@code method} does it; a null secret sends just the client_id. */
  private HttpResponse<String> post(URI endpoint, String method, String clientId, String secret, Map<String, String> fields) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    if (secret != null && method.equals("client_secret_basic")) {
      return dance.postAs(endpoint, clientId, secret, form);
    }
    form.put("client_id", clientId);
    if (secret != null) {
      form.put("client_secret", secret);
    }
    return dance.post(endpoint, form);
  }

  private void invalidClient(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(dance.parse(response.body()).get("error").asString()).isEqualTo("invalid_client");
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"client_secret_basic", "client_secret_post"})
  void theRightSecretGetsTokensAWrongOrMissingOneIsInvalidClientEverywhere(String method) {
    JsonNode registration = dance.registered(discovery, "Web Agent", method);
    String clientId = registration.get("client_id").asString();
    String secret = registration.get("client_secret").asString();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
    assertThat(registration.get("token_endpoint_auth_method").asString()).isEqualTo(method);

    CodeVerifier verifier = new CodeVerifier();
    String code = dance.code(discovery, clientId, verifier, fixture.teamsOwner.email());
    Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code,
        "redirect_uri", OAuthDance.REDIRECT.toString(), "code_verifier", verifier.getValue(),
        "resource", discovery.resource().toString());
    invalidClient(post(discovery.tokenEndpoint(), method, clientId, "wrong-" + secret, exchange));
    invalidClient(post(discovery.tokenEndpoint(), method, clientId, null, exchange));
    // The client is checked before the code is spent, so the refusals did not burn it.
    HttpResponse<String> issued = post(discovery.tokenEndpoint(), method, clientId, secret, exchange);
    OAuthDance.Tokens tokens = dance.tokens(clientId, issued);
    assertThat(issued.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(tokens.response().get("expires_in").asInt()).isEqualTo(600);
    assertThat(tokens.response().get("scope").asString()).contains("calendly:read", "calendly:write");

    Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken());
    invalidClient(post(discovery.tokenEndpoint(), method, clientId, null, refresh));
    OAuthDance.Tokens refreshed =
        dance.refreshed(tokens, post(discovery.tokenEndpoint(), method, clientId, secret, refresh));

    Map<String, String> revoke = Map.of("token", refreshed.refreshToken());
    invalidClient(post(discovery.revocationEndpoint(), method, clientId, "wrong-" + secret, revoke));
    assertThat(dance.initialize(refreshed.accessToken()).statusCode()).as("not revoked by a refused request").isEqualTo(200);
    assertThat(post(discovery.revocationEndpoint(), method, clientId, secret, revoke).statusCode()).isEqualTo(200);
    assertThat(dance.initialize(refreshed.accessToken()).statusCode()).isEqualTo(401);
  }

  @Test
  void aPublicClientGetsNoSecretAndAConfidentialClientsIdIsNoUseWithoutIt() {
    JsonNode publicClient = dance.registered(discovery, "Native Agent", "none");
    assertThat(publicClient.has("client_secret")).isFalse();

    // Someone who learnt a confidential client's id cannot pass as a public client with it.
    String confidential = dance.registered(discovery, "Web Agent", "client_secret_basic").get("client_id").asString();
    invalidClient(dance.exchange(discovery, confidential, "any-code", new CodeVerifier().getValue()));
  }
}
