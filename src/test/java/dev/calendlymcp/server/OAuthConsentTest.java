package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our consent page, as a server without {@code --auto-approve} shows it: what it tells the user,
 * how its form resists forgery, the user's click either way, and consent remembered per user and
 * client until withdrawn on {@code /consents}, which ends that client's access at once.
 */
@Timeout(60)
class OAuthConsentTest {

  private OAuthServerFixture fixture;
  private OAuthDance browser;
  private OAuthDance.Discovery discovery;
  private String clientId;

  @BeforeEach
  void start() {
    fixture = new OAuthServerFixture(false);
    browser = fixture.dance();
    discovery = browser.discover();
    clientId = browser.register(discovery, "Consent Agent");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private OAuthDance.Landing consentPage(OAuthDance in, String client, String state) {
    OAuthDance.Landing page = in.startAuthorization(discovery,
        in.authorizationQuery(discovery, client, new CodeVerifier(), state, fixture.teamsOwner.email()));
    assertThat(page.askedConsent()).as("consent asked at %s", page.location()).isTrue();
    return page;
  }

  private URI consents() {
    return URI.create(discovery.issuer() + "/consents");
  }

  @Test
  void thePageNamesTheClientWhereItReturnsAndWhatItMayDoAndCannotBeFramedOrCached() {
    OAuthDance.Landing page = consentPage(browser, clientId, "s1");

    assertThat(page.page().body()).contains("Consent Agent", "http://127.0.0.1:9", "book and cancel meetings");
    assertThat(page.page().headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'", "form-action 'self'");
    assertThat(page.page().headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.page().headers().firstValue("Cache-Control")).contains("no-store");
    // The CSRF cookie only ever goes back to this origin, and never to scripts.
    assertThat(page.page().headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("__Host-").contains("Secure", "HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Domain");
  }

  @Test
  void aConsentPostWithoutTheCsrfTokenWithAWrongOneOrFromAnotherBrowserIsForbiddenAndUsesNothingUp() {
    OAuthDance.Landing page = consentPage(browser, clientId, "s2");
    URI consent = page.location().resolve("/consent");
    Map<String, String> form = new LinkedHashMap<>(page.hiddenFields());
    form.putAll(OAuthDance.choices(page.page().body()));
    form.put("decision", "approve");

    Map<String, String> missing = new LinkedHashMap<>(form);
    missing.remove("csrf_token");
    assertThat(browser.post(consent, missing).statusCode()).isEqualTo(403);
    Map<String, String> wrong = new LinkedHashMap<>(form);
    wrong.put("csrf_token", "forged" + form.get("csrf_token"));
    assertThat(browser.post(consent, wrong).statusCode()).isEqualTo(403);
    // A page's token posted by another browser (an attacker's page making the victim's browser
    // submit it): no cookie at all, or the cookie of a page of its own.
    assertThat(fixture.dance().post(consent, form).statusCode()).isEqualTo(403);
    OAuthDance victim = fixture.dance();
    consentPage(victim, clientId, "victim");
    assertThat(victim.post(consent, form).statusCode()).isEqualTo(403);

    // None of that used the form up: the real click goes on, once.
    OAuthDance.Landing approved = browser.follow(consent, browser.post(consent, form));
    assertThat(approved.redirectedToClient()).as("landed on %s", approved.location()).isTrue();
    assertThat(approved.parameter("state")).isEqualTo("s2");
    assertThat(approved.parameters()).containsKey("code");
    assertThat(browser.post(consent, form).statusCode()).isEqualTo(400);
  }

  @Test
  void denyingSendsTheClientAccessDeniedWithItsStateAndNoCode() {
    OAuthDance.Landing denied = browser.decide(consentPage(browser, clientId, "s3"), "deny");

    assertThat(denied.redirectedToClient()).as("landed on %s", denied.location()).isTrue();
    assertThat(denied.parameter("error")).isEqualTo("access_denied");
    assertThat(denied.parameter("state")).isEqualTo("s3");
    assertThat(denied.parameter("iss")).isEqualTo(discovery.issuer().toString());
    assertThat(denied.parameters()).doesNotContainKey("code");
    // Nothing was remembered: the next attempt asks again.
    consentPage(browser, clientId, "s4");
  }

  @Test
  void aClientThatSendsNoStateIsAskedAndAnsweredWithoutOneEitherWay() {
    OAuthDance.Landing denied = browser.decide(consentPage(browser, clientId, null), "deny");
    assertThat(denied.parameter("error")).isEqualTo("access_denied");
    assertThat(denied.parameters()).doesNotContainKeys("state", "code");

    OAuthDance.Tokens tokens = browser.authorize(discovery, clientId, fixture.teamsOwner.email(), null);
    assertThat(browser.initialize(tokens.accessToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void consentIsRememberedPerUserAndClientUntilWithdrawnWhichRevokesThatClientsGrantsOnly() {
    OAuthDance.Tokens first = browser.authorize(discovery, clientId, fixture.teamsOwner.email());

    // The same browser, signed in here by that sign-in, goes straight on to Calendly and back.
    CodeVerifier verifier = new CodeVerifier();
    OAuthDance.Landing again = browser.startAuthorization(discovery,
        browser.authorizationQuery(discovery, clientId, verifier, "s5", fixture.teamsOwner.email()));
    assertThat(again.redirectedToClient()).as("landed on %s", again.location()).isTrue();
    OAuthDance.Tokens second = browser.tokens(clientId,
        browser.exchange(discovery, clientId, again.parameter("code"), verifier.getValue()));
    // A browser without that session is asked, and so is another client in this browser.
    consentPage(fixture.dance(), clientId, "s6");
    String otherClient = browser.register(discovery, "Other Agent");
    consentPage(browser, otherClient, "s7");
    OAuthDance.Tokens other = browser.authorize(discovery, otherClient, fixture.teamsOwner.email());

    HttpResponse<String> list = browser.send(HttpRequest.newBuilder(consents()).GET());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(clientId, otherClient);
    String csrf = new OAuthDance.Landing(list, consents()).hiddenFields().get("csrf_token");

    HttpResponse<String> forged = browser.post(consents(), Map.of("client_id", clientId, "csrf_token", "forged"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(browser.initialize(first.accessToken()).statusCode()).isEqualTo(200);

    HttpResponse<String> withdrawn = browser.post(consents(), Map.of("client_id", clientId, "csrf_token", csrf));
    assertThat(withdrawn.statusCode()).isEqualTo(303);
    assertThat(browser.initialize(first.accessToken()).statusCode()).isEqualTo(401);
    assertThat(browser.initialize(second.accessToken()).statusCode()).isEqualTo(401);
    assertThat(browser.refresh(discovery, second).statusCode()).isEqualTo(400);
    assertThat(browser.initialize(other.accessToken()).statusCode()).as("another client's grant").isEqualTo(200);
    assertThat(browser.send(HttpRequest.newBuilder(consents()).GET()).body())
        .doesNotContain(clientId).contains(otherClient);
    consentPage(browser, clientId, "s8");

    // Only a browser that signed in here sees anyone's approvals.
    assertThat(fixture.dance().send(HttpRequest.newBuilder(consents()).GET()).statusCode()).isEqualTo(401);
  }

  @Test
  void twoConsentTabsOfOneBrowserAndTheConsentsPageDoNotSpoilEachOthersForms() {
    String secondClient = browser.register(discovery, "Second Agent");
    browser.authorize(discovery, browser.register(discovery, "Signed-in Agent"), fixture.teamsOwner.email());
    OAuthDance.Landing first = consentPage(browser, clientId, "tab-1");
    OAuthDance.Landing second = consentPage(browser, secondClient, "tab-2");
    assertThat(browser.send(HttpRequest.newBuilder(consents()).GET()).statusCode()).isEqualTo(200);

    OAuthDance.Landing approvedFirst = browser.decide(first, "approve");
    OAuthDance.Landing approvedSecond = browser.decide(second, "approve");

    assertThat(approvedFirst.redirectedToClient()).as("landed on %s", approvedFirst.location()).isTrue();
    assertThat(approvedFirst.parameter("state")).isEqualTo("tab-1");
    assertThat(approvedSecond.redirectedToClient()).as("landed on %s", approvedSecond.location()).isTrue();
    assertThat(approvedSecond.parameter("state")).isEqualTo("tab-2");
  }
}
