package dev.calendlymcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.calendlymcp.sandbox.oauth.OAuthApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Raw HTTP helpers for the OAuth endpoints: authorization requests, forms, redirects. */
abstract class OAuthTestBase extends SandboxTestBase {

  static final String REDIRECT = "http://127.0.0.1:8765/callback";

  /** A PKCE verifier and its S256 challenge. */
  record Pkce(String verifier, String challenge) {
    static Pkce fresh() {
      CodeVerifier verifier = new CodeVerifier();
      return new Pkce(verifier.getValue(), CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    }
  }

  /** The parameters of a valid PKCE authorization request of the seeded app, to adjust per test. */
  Map<String, String> authorization(Pkce pkce) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client_id", sandbox.oauthApp().clientId());
    params.put("response_type", "code");
    params.put("redirect_uri", REDIRECT);
    params.put("code_challenge_method", "S256");
    params.put("code_challenge", pkce.challenge());
    params.put("state", "st-123");
    return params;
  }

  Reply authorize(Map<String, String> params) {
    return http.get("/oauth/authorize?" + encode(params), null);
  }

  /** POSTs a form, with HTTP Basic credentials when {@code basic} is non-null. */
  Reply form(String path, OAuthApp basic, Map<String, String> fields) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.authBaseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
    if (basic != null) {
      request.header("Authorization", basicAuth(basic.clientId(), basic.clientSecret()));
    }
    return http.send(request.build());
  }

  static String basicAuth(String clientId, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The query parameters of a redirect's {@code Location}, which must start with {@code REDIRECT}. */
  static Map<String, String> redirectParams(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(302);
    String location = reply.header("Location");
    assertThat(location).startsWith(REDIRECT + "?");
    Map<String, String> params = new LinkedHashMap<>();
    URLUtils.parseParameters(URI.create(location).getRawQuery()).forEach((k, v) -> params.put(k, v.get(0)));
    return params;
  }

  /** Authorizes (auto-approve) and returns the code. */
  String code(Map<String, String> params) {
    Map<String, String> redirect = redirectParams(authorize(params));
    assertThat(redirect).containsKey("code");
    return redirect.get("code");
  }

  /** Exchanges a code as a public client (client_id in the form, PKCE). */
  Reply exchangePublic(String code, Pkce pkce) {
    return form("/oauth/token", null, Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", pkce.verifier(), "client_id", sandbox.oauthApp().clientId()));
  }

  /** The whole flow for {@code user} as a public client: the token response. */
  Reply tokensFor(SeededUser user) {
    Pkce pkce = Pkce.fresh();
    Map<String, String> params = authorization(pkce);
    params.put("login_hint", user.email());
    Reply reply = exchangePublic(code(params), pkce);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply;
  }

  Reply refreshPublic(String refreshToken) {
    return form("/oauth/token", null, Map.of(
        "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", sandbox.oauthApp().clientId()));
  }

  static String field(Reply reply, String name) {
    return reply.json().path(name).asString();
  }

  static String encode(Map<String, String> params) {
    StringJoiner query = new StringJoiner("&");
    params.forEach((k, v) -> query.add(URLUtils.serializeParameters(Map.of(k, List.of(v)))));
    return query.toString();
  }
}
