package dev.calendlymcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The consent page shown without auto-approve, and its form. */
class OAuthConsentPageTest extends OAuthTestBase {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf_token\" value=\"([0-9a-f]{64})\"");

  /** What the page gives the browser: the form's token and the cookie it must come back with. */
  private record Consent(String csrfToken, String cookie) {}

  private Consent openPage(Reply page) {
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    Matcher matcher = CSRF_FIELD.matcher(page.body());
    assertThat(matcher.find()).as("a csrf_token field in the page").isTrue();
    String setCookie = page.header("Set-Cookie");
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
    return new Consent(matcher.group(1), setCookie.substring(0, setCookie.indexOf(';')));
  }

  private Reply submit(String cookie, Map<String, String> fields) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.authBaseUrl() + "/oauth/authorize"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build());
  }

  @Test
  void thePageListsTheSeededUsersAndItsFormIssuesACodeForThePickedOne() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);
    Pkce pkce = Pkce.fresh();
    Map<String, String> params = authorization(pkce);
    params.put("login_hint", admin.email());
    params.put("scope", "users:read event_types:read");

    Reply page = authorize(params);
    Consent consent = openPage(page);
    Reply approved = submit(consent.cookie(), Map.of(
        "csrf_token", consent.csrfToken(), "user", admin.email(), "decision", "approve"));
    Map<String, String> redirect = redirectParams(approved);
    Reply tokens = exchangePublic(redirect.get("code"), pkce);

    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(page.body()).contains("<form method=\"post\" action=\"/oauth/authorize\">")
        .contains(sandbox.oauthApp().clientId())
        .contains("<code>users:read</code>").contains("<code>event_types:read</code>")
        .contains("<option value=\"" + admin.email() + "\" selected>")
        .doesNotContain(admin.token());
    for (SeededUser user : sandbox.users()) {
      assertThat(page.body()).contains(user.email());
    }
    assertThat(redirect.get("state")).isEqualTo("st-123");
    assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
    assertThat(field(tokens, "owner")).isEqualTo(admin.userUri());
    assertThat(field(tokens, "scope")).isEqualTo("users:read event_types:read");
  }

  @Test
  void denyingSendsAccessDeniedBackWithTheState() {
    Consent consent = openPage(authorize(authorization(Pkce.fresh())));

    Reply denied = submit(consent.cookie(), Map.of("csrf_token", consent.csrfToken(), "decision", "deny"));

    Map<String, String> redirect = redirectParams(denied);
    assertThat(redirect.get("error")).isEqualTo("access_denied");
    assertThat(redirect.get("state")).isEqualTo("st-123");
    assertThat(redirect).doesNotContainKey("code");
  }

  @Test
  void theFormNeedsItsCookieWorksOnceAndExpires() {
    String email = user(Plan.FREE, Role.OWNER).email();
    Consent consent = openPage(authorize(authorization(Pkce.fresh())));
    Map<String, String> approve = Map.of("csrf_token", consent.csrfToken(), "user", email, "decision", "approve");

    Reply withoutCookie = submit(null, approve);
    Reply otherCookie = submit("sbx_oauth_csrf=" + "0".repeat(64), approve);
    Reply unknownUser = submit(consent.cookie(), Map.of(
        "csrf_token", consent.csrfToken(), "user", "nobody@example.org", "decision", "approve"));
    Reply first = submit(consent.cookie(), approve);
    Reply again = submit(consent.cookie(), approve);
    Consent later = openPage(authorize(authorization(Pkce.fresh())));
    clock.advance(Duration.ofMinutes(10));
    Reply expired = submit(later.cookie(), Map.of(
        "csrf_token", later.csrfToken(), "user", email, "decision", "approve"));

    assertThat(withoutCookie.status()).isEqualTo(403);
    assertThat(withoutCookie.header("Location")).isNull();
    assertThat(otherCookie.status()).isEqualTo(403);
    assertThat(unknownUser.status()).isEqualTo(400);
    assertThat(redirectParams(first)).containsKey("code");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("already used");
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.body()).contains("expired");
  }
}
