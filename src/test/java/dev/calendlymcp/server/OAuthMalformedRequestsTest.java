package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes no honest client sends, written straight to the socket: every one gets a 400 with an
 * error a person (HTML, on the endpoints browsers open) or a program (JSON) can read, never a 500,
 * an empty answer or a dropped connection. What they leave in the log is {@link
 * OAuthLogSecrecyTest}'s business.
 */
@Timeout(60)
class OAuthMalformedRequestsTest {

  private OAuthServerFixture fixture;
  private OAuthDance dance;
  private OAuthDance.Discovery discovery;
  private URI server;
  private String clientId;

  @BeforeEach
  void start() {
    fixture = new OAuthServerFixture(false);
    dance = fixture.dance();
    discovery = dance.discover();
    server = fixture.server.publicUrl();
    clientId = dance.register(discovery, "Malformed Agent");
  }

  @AfterEach
  void stillServingThenStop() {
    dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    fixture.close();
  }

  private static void page(RawHttp.Reply reply, String what) {
    assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(400);
    assertThat(reply.contentType()).as(what).startsWith("text/html");
    assertThat(reply.body()).as(what).contains("This sign-in cannot go on");
  }

  private static void json(RawHttp.Reply reply, String error, String what) {
    assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(400);
    assertThat(reply.contentType()).as(what).startsWith("application/json");
    assertThat(reply.body()).as(what).contains("\"error\":\"" + error + "\"");
  }

  /** The query an honest client sends, as raw text to append to. */
  private String honestQuery() {
    return OAuthDance.form(dance.authorizationQuery(discovery, clientId, new CodeVerifier(), "s1", null));
  }

  @Test
  void registrationsWithRedirectUrisHoldingQuotesBackslashesOrLineBreaksAreInvalidRedirectUris() {
    // As JSON escapes, and as the raw characters where JSON allows them.
    List<String> uris = List.of("https://app.example/c\\\"b", "https://app.example/c\\\\b", "https://app.example/c\\tb",
        "https://app.example/c\\r\\nb", "https://app.example/c\\u2028b", "https://app.example/c\u2028b",
        "https://app.example/c\u00e9b", "https://app.example/{cb}");
    for (String uri : uris) {
      byte[] body = ("{\"redirect_uris\":[\"" + uri + "\"]}").getBytes(StandardCharsets.UTF_8);
      json(RawHttp.post(server, "/register", "application/json", body), "invalid_redirect_uri", uri);
    }
  }

  @Test
  void registrationsWithQuotesInOtherFieldsAreInvalidClientMetadata() {
    byte[] body = ("{\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"],\"client_uri\":\"https://app.example/\\\"x\"}")
        .getBytes(StandardCharsets.UTF_8);
    json(RawHttp.post(server, "/register", "application/json", body), "invalid_client_metadata", "client_uri");
  }

  @Test
  void anAuthorizationRequestWithRawQuotesBracesOrBadEscapesGetsAnErrorPage() {
    for (String junk : List.of("{", "|", "^", "\"", "%zz", "%")) {
      page(RawHttp.get(server, "/authorize?" + honestQuery() + "&login_hint=a" + junk + "b"), junk);
    }
    page(RawHttp.get(server, "/authorize?client_id=%zz"), "a bad escape before the client is known");
  }

  @Test
  void aCallbackWithABadEscapeGetsAnErrorPage() {
    page(RawHttp.get(server, "/oauth/callback?code=abc&state=x%zz"), "%zz");
    page(RawHttp.get(server, "/oauth/callback?code=a{b}&state=x"), "braces");
  }

  @Test
  void consentFormsWithABadEscapeGetAnErrorPage() {
    OAuthDance.Landing consent = dance.startAuthorization(discovery,
        dance.authorizationQuery(discovery, clientId, new CodeVerifier(), "s1", fixture.teamsOwner.email()));
    Map<String, String> fields = new LinkedHashMap<>(consent.hiddenFields());
    String cookies = "Cookie: " + String.join("; ",
        dance.cookies().entrySet().stream().map(cookie -> cookie.getKey() + "=" + cookie.getValue()).toList());
    for (String path : List.of("/consent", "/consents")) {
      byte[] body = ("csrf_token=" + fields.get("csrf_token") + "&ticket=" + fields.get("ticket") + "&decision=approve%zz")
          .getBytes(StandardCharsets.US_ASCII);
      RawHttp.Reply reply = RawHttp.post(server, path, "application/x-www-form-urlencoded", body, cookies);
      assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(400);
      assertThat(reply.contentType()).as(path).startsWith("text/html");
      assertThat(reply.body()).as(path).contains("The form is malformed");
    }
  }

  @Test
  void tokenAndRevocationRequestsWithBadEscapesOrQuotedValuesAreInvalidRequests() {
    String form = "application/x-www-form-urlencoded";
    for (String body : List.of("grant_type=authorization_code&code=abc&client_id=" + clientId + "&resource=%22%0a",
        "grant_type=authorization_code&code=a%zz&client_id=" + clientId,
        "grant_type=refresh_token&refresh_token=%22x&client_id=" + clientId + "&scope=%22%5c")) {
      RawHttp.Reply reply = RawHttp.post(server, "/token", form, body.getBytes(StandardCharsets.US_ASCII));
      assertThat(reply.status()).as(body + ": " + reply.body()).isBetween(400, 401);
      assertThat(reply.contentType()).as(body).startsWith("application/json");
    }
    json(RawHttp.post(server, "/revoke", form, ("token=%zz&client_id=" + clientId).getBytes(StandardCharsets.US_ASCII)),
        "invalid_request", "revoke");
  }
}
