package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CalendlyOAuthTest extends WireMockCalendlyTest {

  static final String CLIENT_ID = "client-id-0123456789";
  static final String CLIENT_SECRET = "cs-Ze1ZnTQvM0aF8yQ2kP7wX4bN6rJ3hL9sD5gV0cUe";
  static final String CODE = "f04281d639d8248435378b0365de7bd1f53bf452eda187d5f1e07ae7f04546d6";
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  static final String REDIRECT = "https://mcp.example.com/oauth/calendly/callback";
  static final String OLD_REFRESH = "old-refresh-3f9a0c1d2e4b5a69788796a5b4c3d2e1";
  /** The tokens in oauth-token.json. */
  static final String ISSUED_ACCESS =
      "eyJraWQiOiIxY2UxZTEzNjE3ZGNmNzY2YjNjZWJjY2Y4ZGM1YmFmYThhNjVlNjg0MDIzZjdjMzJiZTgzNDliMjM4MDEzNWI0IiwidHlwIjoiUEFUIiwiYWxnIjoiRVMyNTYifQ";
  static final String ISSUED_REFRESH = "b77a76ffce83d3bc20531ddfa76704e584f0ee963f6041b8bcc70c1e2b1e5a24";
  /** Realistic secrets: 32 characters or longer, as Calendly's are. */
  static final List<String> LONG_SECRETS =
      List.of(CLIENT_SECRET, CODE, VERIFIER, OLD_REFRESH, ISSUED_ACCESS, ISSUED_REFRESH);
  /** A short token the shape rule misses: it is redacted only where the request carried it. */
  static final String SHORT_ACCESS = "at-0123456789";

  static final Instant NOW = Instant.parse("2026-11-30T15:00:02Z");

  CalendlyOAuth confidential;
  CalendlyOAuth publicClient;

  @BeforeEach
  void createOAuth() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    confidential = CalendlyOAuth.create(http, OAuthClientCredentials.confidential(CLIENT_ID, CLIENT_SECRET), clock);
    publicClient = CalendlyOAuth.create(http, OAuthClientCredentials.publicClient(CLIENT_ID), clock);
  }

  @Test
  void exchangeCodeAuthenticatesAConfidentialClientWithBasicAndReadsEveryField() {
    wm.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson(fixture("oauth-token.json"))));

    OAuthTokens tokens = confidential.exchangeCode(CODE, REDIRECT, VERIFIER).block();

    assertThat(tokens).isNotNull();
    assertThat(tokens.accessToken().reveal()).isEqualTo(ISSUED_ACCESS);
    assertThat(tokens.refreshToken().reveal()).isEqualTo(ISSUED_REFRESH);
    assertThat(tokens.tokenType()).isEqualTo("Bearer");
    assertThat(tokens.scope()).containsExactlyInAnyOrder("users:read", "availability:read");
    assertThat(tokens.createdAt()).isEqualTo(Instant.parse("2026-11-30T15:00:00Z"));
    assertThat(tokens.expiresIn()).isEqualTo(Duration.ofHours(2));
    assertThat(tokens.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(tokens.owner()).isEqualTo(URI.create("https://api.calendly.com/users/AAAAAAAAAAAAAAAA"));
    assertThat(tokens.organization()).isEqualTo(URI.create("https://api.calendly.com/organizations/ORGAAAAAAAAAAAAA"));
    wm.verify(
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withBasicAuth(new BasicCredentials(CLIENT_ID, CLIENT_SECRET))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withFormParam("grant_type", equalTo("authorization_code"))
            .withFormParam("code", equalTo(CODE))
            .withFormParam("redirect_uri", equalTo(REDIRECT))
            .withFormParam("code_verifier", equalTo(VERIFIER))
            .withRequestBody(notContaining("client_secret")));
    assertThat(observations).singleElement().satisfies(o -> {
      assertThat(o.endpoint()).isEqualTo(Endpoint.OAUTH_TOKEN);
      assertThat(o.tokenFingerprint()).isNull();
    });
  }

  @Test
  void exchangeCodeWithoutPkceSendsNoVerifierForAConfidentialClient() {
    wm.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson(fixture("oauth-token.json"))));

    confidential.exchangeCode(CODE, REDIRECT, null).block();

    wm.verify(postRequestedFor(urlEqualTo("/oauth/token")).withRequestBody(notContaining("code_verifier")));
  }

  @Test
  void exchangeCodeForAPublicClientSendsTheClientIdInTheFormAndNoAuthorizationHeader() {
    wm.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson(fixture("oauth-token.json"))));

    OAuthTokens tokens = publicClient.exchangeCode(CODE, REDIRECT, VERIFIER).block();

    assertThat(tokens).isNotNull();
    wm.verify(
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withoutHeader("Authorization")
            .withFormParam("client_id", equalTo(CLIENT_ID))
            .withFormParam("code_verifier", equalTo(VERIFIER))
            .withFormParam("grant_type", equalTo("authorization_code")));
  }

  @Test
  void refreshSendsTheRefreshTokenAndReturnsTheRotatedOne() {
    wm.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson(fixture("oauth-token.json"))));

    OAuthTokens tokens = confidential.refresh(RefreshToken.of(OLD_REFRESH)).block();

    assertThat(tokens).isNotNull();
    assertThat(tokens.refreshToken()).isEqualTo(RefreshToken.of(ISSUED_REFRESH)).isNotEqualTo(RefreshToken.of(OLD_REFRESH));
    wm.verify(
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withBasicAuth(new BasicCredentials(CLIENT_ID, CLIENT_SECRET))
            .withFormParam("grant_type", equalTo("refresh_token"))
            .withFormParam("refresh_token", equalTo(OLD_REFRESH)));
  }

  @Test
  void aTokenResponseWithoutOptionalFieldsLeavesThemEmpty() {
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .willReturn(okJson("{\"token_type\":\"bearer\",\"access_token\":\"" + ISSUED_ACCESS + "\"}")));

    OAuthTokens tokens = confidential.refresh(RefreshToken.of(OLD_REFRESH)).block();

    assertThat(tokens).isNotNull();
    assertThat(tokens.refreshToken()).isNull();
    assertThat(tokens.scope()).isEmpty();
    assertThat(tokens.createdAt()).isNull();
    assertThat(tokens.expiresIn()).isNull();
    assertThat(tokens.expiresAt()).isNull();
    assertThat(tokens.owner()).isNull();
    assertThat(tokens.organization()).isNull();
  }

  @Test
  void anInvalidGrantIsReportedAsAnOAuthError() {
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("oauth-invalid-grant.json"))));

    assertThatThrownBy(() -> confidential.refresh(RefreshToken.of(OLD_REFRESH)).block())
        .isInstanceOfSatisfying(
            CalendlyException.OAuthError.class,
            e -> {
              assertThat(e.error()).isEqualTo("invalid_grant");
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.endpoint()).isEqualTo(Endpoint.OAUTH_TOKEN);
              assertThat(e.getMessage()).contains("sign in again");
            });
  }

  @Test
  void revokeSendsTheTokenAndTheClientCredentialsInTheForm() {
    wm.stubFor(post(urlEqualTo("/oauth/revoke")).willReturn(okJson("{}")));

    StepVerifier.create(confidential.revoke(RefreshToken.of(OLD_REFRESH))).verifyComplete();
    StepVerifier.create(confidential.revoke(AccessToken.of(ISSUED_ACCESS))).verifyComplete();

    wm.verify(
        postRequestedFor(urlEqualTo("/oauth/revoke"))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withFormParam("token", equalTo(OLD_REFRESH))
            .withFormParam("client_id", equalTo(CLIENT_ID))
            .withFormParam("client_secret", equalTo(CLIENT_SECRET)));
    wm.verify(
        postRequestedFor(urlEqualTo("/oauth/revoke"))
            .withFormParam("token", equalTo(ISSUED_ACCESS))
            .withFormParam("client_id", equalTo(CLIENT_ID)));
  }

  @Test
  void revokeForAPublicClientSendsOnlyItsClientId() {
    wm.stubFor(post(urlEqualTo("/oauth/revoke")).willReturn(okJson("{}")));

    StepVerifier.create(publicClient.revoke(RefreshToken.of(OLD_REFRESH))).verifyComplete();

    wm.verify(
        postRequestedFor(urlEqualTo("/oauth/revoke"))
            .withoutHeader("Authorization")
            .withFormParam("client_id", equalTo(CLIENT_ID))
            .withFormParam("token", equalTo(OLD_REFRESH))
            .withRequestBody(notContaining("client_secret")));
  }

  @Test
  void introspectReadsEveryFieldOfAnActiveToken() {
    wm.stubFor(post(urlEqualTo("/oauth/introspect")).willReturn(okJson(fixture("oauth-introspect-active.json"))));

    TokenIntrospection result = confidential.introspect(AccessToken.of(ISSUED_ACCESS)).block();

    assertThat(result).isNotNull();
    assertThat(result.active()).isTrue();
    assertThat(result.scope()).containsExactly("default");
    assertThat(result.clientId()).isEqualTo(CLIENT_ID);
    assertThat(result.tokenType()).isEqualTo("Bearer");
    assertThat(result.expiresAt()).isEqualTo(Instant.parse("2026-11-30T17:00:00Z"));
    assertThat(result.issuedAt()).isEqualTo(Instant.parse("2026-11-30T15:00:00Z"));
    assertThat(result.owner()).isEqualTo(URI.create("https://api.calendly.com/users/AAAAAAAAAAAAAAAA"));
    assertThat(result.organization()).isEqualTo(URI.create("https://api.calendly.com/organizations/ORGAAAAAAAAAAAAA"));
    wm.verify(
        postRequestedFor(urlEqualTo("/oauth/introspect"))
            .withFormParam("token", equalTo(ISSUED_ACCESS))
            .withFormParam("client_id", equalTo(CLIENT_ID))
            .withFormParam("client_secret", equalTo(CLIENT_SECRET)));
  }

  @Test
  void introspectReadsAnInactiveTokenAsInactiveWithNothingElse() {
    wm.stubFor(post(urlEqualTo("/oauth/introspect")).willReturn(okJson("{\"active\":false}")));

    TokenIntrospection result = confidential.introspect(RefreshToken.of(OLD_REFRESH)).block();

    assertThat(result).isEqualTo(new TokenIntrospection(false, Set.of(), null, null, null, null, null, null));
  }

  @Test
  void introspectNeedsAConfidentialClientAndSaysSoBeforeSendingAnything() {
    assertThatThrownBy(() -> publicClient.introspect(AccessToken.of(ISSUED_ACCESS)).block())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client_secret");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void badArgumentsFailNamingTheParameterBeforeSendingAnything() {
    assertThatThrownBy(() -> confidential.exchangeCode(" ", REDIRECT, VERIFIER).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code is required");
    assertThatThrownBy(() -> confidential.exchangeCode(CODE, "/relative/callback", VERIFIER).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redirect_uri must be an absolute URI");
    assertThatThrownBy(() -> confidential.exchangeCode(CODE, null, VERIFIER).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redirect_uri is required");
    assertThatThrownBy(() -> confidential.exchangeCode(CODE, REDIRECT, "too-short").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code_verifier must be 43 to 128 characters");
    assertThatThrownBy(() -> publicClient.exchangeCode(CODE, REDIRECT, null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code_verifier is required");
    assertThatThrownBy(() -> confidential.refresh(null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refresh_token is required");
    assertThatThrownBy(() -> confidential.revoke((AccessToken) null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token is required");
    assertThatThrownBy(() -> confidential.introspect((RefreshToken) null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void credentialsRejectABlankIdOrSecretWithoutEchoingIt() {
    assertThatThrownBy(() -> OAuthClientCredentials.confidential(" ", CLIENT_SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client_id is required");
    assertThatThrownBy(() -> OAuthClientCredentials.confidential(CLIENT_ID, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client_secret must not be blank");
    assertThatThrownBy(() -> OAuthClientCredentials.confidential(CLIENT_ID, CLIENT_SECRET + "\n" + CLIENT_SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(CLIENT_SECRET);
  }

  @Test
  void noSecretAppearsInAnyErrorMessageOrPrintedResult() {
    List<Call> calls =
        List.of(
            new Call(() -> confidential.exchangeCode(CODE, REDIRECT, VERIFIER), List.of()),
            new Call(() -> publicClient.exchangeCode(CODE, REDIRECT, VERIFIER), List.of()),
            new Call(() -> confidential.refresh(RefreshToken.of(OLD_REFRESH)), List.of()),
            new Call(() -> confidential.revoke(RefreshToken.of(OLD_REFRESH)), List.of()),
            new Call(() -> confidential.revoke(AccessToken.of(SHORT_ACCESS)), List.of(SHORT_ACCESS)),
            new Call(() -> confidential.introspect(AccessToken.of(SHORT_ACCESS)), List.of(SHORT_ACCESS)),
            new Call(() -> confidential.introspect(RefreshToken.of(OLD_REFRESH)), List.of()));
    String echo = String.join(" ", LONG_SECRETS) + " " + SHORT_ACCESS;
    List<ResponseDefinitionBuilder> failures =
        List.of(
            json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"grant " + echo + " is invalid\"}"),
            json(401, "{\"error\":\"invalid_client\",\"error_description\":\"secret " + echo + " is wrong\"}"),
            json(401, "{\"title\":\"Unauthenticated\",\"message\":\"token " + echo + " expired\"}"),
            json(429, "{\"title\":\"Too Many Requests\",\"message\":\"" + echo + "\"}").withHeader("Retry-After", "5"),
            aResponse().withStatus(500).withHeader("Content-Type", "text/html").withBody("<h1>boom " + echo + "</h1>"),
            aResponse().withStatus(502).withBody(echo),
            json(200, "{\"access_token\":\"" + ISSUED_ACCESS + "\",\"refresh_token\":\"" + echo),
            json(200, "{\"access_token\":\"" + echo + "\",\"token_type\":\"mac\",\"scope\":\"" + echo + "\"}"),
            json(200, "{\"access_token\":\"" + ISSUED_ACCESS + "\",\"token_type\":\"Bearer\",\"owner\":\"not a uri " + echo + "\"}"),
            json(200, "[\"" + echo + "\"]"),
            aResponse().withStatus(200).withHeader("Content-Type", "not/a/type;;" + echo).withBody(echo),
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    List<Printed> printed = new ArrayList<>();
    for (ResponseDefinitionBuilder failure : failures) {
      wm.resetAll();
      wm.stubFor(post(urlEqualTo("/oauth/token")).willReturn(failure));
      wm.stubFor(post(urlEqualTo("/oauth/revoke")).willReturn(failure));
      wm.stubFor(post(urlEqualTo("/oauth/introspect")).willReturn(failure));
      for (Call call : calls) {
        Object outcome;
        try {
          outcome = call.action().get().block();
        } catch (RuntimeException e) {
          outcome = e;
        }
        printed.add(new Printed(describe(outcome), call.sentShortSecrets()));
      }
    }
    printed.add(
        new Printed(describe(captured(() -> confidential.exchangeCode(CODE + "\n", REDIRECT, VERIFIER).block())), List.of()));
    printed.add(
        new Printed(describe(captured(() -> confidential.exchangeCode(CODE, REDIRECT, VERIFIER + "!").block())), List.of()));
    printed.add(new Printed(describe(captured(() -> RefreshToken.of(OLD_REFRESH + " x"))), List.of()));
    printed.add(new Printed(OAuthClientCredentials.confidential(CLIENT_ID, CLIENT_SECRET).toString(), List.of()));
    printed.add(new Printed(RefreshToken.of(OLD_REFRESH).toString(), List.of()));
    printed.add(new Printed(AccessToken.of(SHORT_ACCESS).toString(), List.of(SHORT_ACCESS)));

    wm.resetAll();
    wm.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson(fixture("oauth-token.json"))));
    wm.stubFor(post(urlEqualTo("/oauth/introspect")).willReturn(okJson(fixture("oauth-introspect-active.json"))));
    printed.add(new Printed(String.valueOf(confidential.exchangeCode(CODE, REDIRECT, VERIFIER).block()), List.of()));
    printed.add(
        new Printed(
            String.valueOf(confidential.introspect(AccessToken.of(SHORT_ACCESS)).block()), List.of(SHORT_ACCESS)));

    assertThat(printed).hasSize(failures.size() * calls.size() + 8);
    for (Printed p : printed) {
      for (String secret : LONG_SECRETS) {
        assertThat(p.text()).as("printed text must not contain a secret").doesNotContain(secret);
      }
      for (String secret : p.sentShortSecrets()) {
        assertThat(p.text()).as("printed text must not contain a secret it sent").doesNotContain(secret);
      }
    }
    assertThat(printed).anySatisfy(p -> assertThat(p.text()).contains("invalid_grant").contains("[redacted]"));
    assertThat(printed).anySatisfy(p -> assertThat(p.text()).contains("MalformedResponse"));
    assertThat(printed).anySatisfy(p -> assertThat(p.text()).contains("ConnectionFailed"));
  }

  /** A call, and the secrets under 32 characters it sends (longer ones are redacted by shape). */
  private record Call(Supplier<Mono<?>> action, List<String> sentShortSecrets) {}

  private record Printed(String text, List<String> sentShortSecrets) {}

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static Throwable captured(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  /** Everything a log line could print: each exception in the chain with its message. */
  private static String describe(Object outcome) {
    if (!(outcome instanceof Throwable)) {
      return String.valueOf(outcome);
    }
    StringBuilder text = new StringBuilder();
    for (Throwable t = (Throwable) outcome; t != null; t = t.getCause()) {
      text.append(t).append(" | ");
    }
    return text.toString();
  }
}
