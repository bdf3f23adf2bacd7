package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calendly's redirect back to us is honoured only in the browser that approved the sign-in, and
 * consent is recorded only for the Calendly user who gave it: the confused deputy of the MCP
 * security best practices, played out with two browsers (each an {@link OAuthDance} with its own
 * cookies). The sandbox's Calendly signs in whichever user the {@code login_hint} names, which
 * stands for whoever signs in at Calendly in the browser that follows the link.
 */
@Timeout(60)
class OAuthBrowserBindingTest {

  private OAuthServerFixture fixture;
  private OAuthDance.Discovery discovery;
  private SeededUser victim;

  @BeforeEach
  void start() {
    fixture = new OAuthServerFixture(false);
    discovery = fixture.dance().discover();
    victim = fixture.sandbox.user(Plan.TEAMS, Role.USER);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** {@code browser} approves our consent page for {@code clientId}; the answer that sends it to Calendly. */
  private HttpResponse<String> approve(OAuthDance browser, String clientId, CodeVerifier verifier, String state,
      String loginHint) {
    OAuthDance.Landing page = browser.startAuthorization(discovery,
        browser.authorizationQuery(discovery, clientId, verifier, state, loginHint));
    assertThat(page.askedConsent()).as("consent asked at %s", page.location()).isTrue();
    Map<String, String> form = new LinkedHashMap<>(page.hiddenFields());
    form.putAll(OAuthDance.choices(page.page().body()));
    form.put("decision", "approve");
    HttpResponse<String> toCalendly = browser.post(page.location().resolve("/consent"), form);
    assertThat(toCalendly.statusCode()).as(toCalendly.body()).isEqualTo(302);
    return toCalendly;
  }

  private static URI location(HttpResponse<String> response) {
    return URI.create(response.headers().firstValue("Location").orElseThrow());
  }

  private void refusedAsAnotherBrowser(OAuthDance.Landing landing) {
    assertThat(landing.redirectedToClient()).as("sent on to %s", landing.location()).isFalse();
    assertThat(landing.page().statusCode()).isEqualTo(403);
    assertThat(landing.page().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(landing.page().body()).contains("started in another browser");
  }

  private List<Grant> grantsOf(SeededUser user, String clientId) {
    return fixture.store.grantsOf(user.userUri()).filter(grant -> grant.clientId().equals(clientId))
        .collectList().block(Duration.ofSeconds(5));
  }

  private boolean consented(SeededUser user, String clientId) {
    return fixture.store.findConsent(user.userUri(), clientId).blockOptional(Duration.ofSeconds(5)).isPresent();
  }

  @Test
  void aCalendlyLinkApprovedInTheAttackersBrowserAndOpenedByTheVictimGivesTheAttackerNothing() {
    OAuthDance attacker = fixture.dance();
    String attackersClient = attacker.register(discovery, "Helpful Agent");
    URI calendlyLink = location(approve(attacker, attackersClient, new CodeVerifier(), "a-state", victim.email()));

    // The victim opens the link and signs in to Calendly, in a browser that never saw our server,
    // then in one holding a login cookie of its own from an honest sign-in.
    refusedAsAnotherBrowser(fixture.dance().browse(calendlyLink));
    OAuthDance signedInBefore = fixture.dance();
    signedInBefore.authorize(discovery, signedInBefore.register(discovery, "Victim's Agent"), fixture.teamsOwner.email());
    assertThat(signedInBefore.cookies()).containsKey("__Host-calendly-mcp-login");
    refusedAsAnotherBrowser(signedInBefore.browse(calendlyLink));

    // No code reached the attacker's client: no grant, and no consent that would skip our page later.
    assertThat(grantsOf(victim, attackersClient)).isEmpty();
    assertThat(consented(victim, attackersClient)).isFalse();
  }

  @Test
  void aCallbackArrivingInAnotherBrowserLeavesTheSignInToTheBrowserThatStartedIt() {
    OAuthDance browser = fixture.dance();
    String clientId = browser.register(discovery, "Bound Agent");
    CodeVerifier verifier = new CodeVerifier();
    HttpResponse<String> toCalendly = approve(browser, clientId, verifier, "b-state", fixture.teamsOwner.email());
    // The login cookie goes only back to this origin, to no script, and rides on Calendly's
    // cross-site redirect back to us (Lax, not Strict).
    assertThat(toCalendly.headers().allValues("Set-Cookie"))
        .filteredOn(cookie -> cookie.startsWith("__Host-calendly-mcp-login="))
        .singleElement()
        .satisfies(cookie -> assertThat(cookie).contains("Secure", "HttpOnly", "SameSite=Lax", "Path=/")
            .doesNotContain("Domain"));
    URI calendlyLink = location(toCalendly);
    String state = OAuthDance.parameter(calendlyLink, "state");

    // Someone else presents the login's state first, with Calendly's "denied" or with any code.
    OAuthDance other = fixture.dance();
    refusedAsAnotherBrowser(other.browse(URI.create(discovery.issuer() + "/oauth/callback?error=access_denied&state=" + state)));
    refusedAsAnotherBrowser(other.browse(URI.create(discovery.issuer() + "/oauth/callback?code=made-up&state=" + state)));

    OAuthDance.Landing finished = browser.browse(calendlyLink);
    assertThat(finished.redirectedToClient()).as("landed on %s", finished.location()).isTrue();
    assertThat(finished.parameter("state")).isEqualTo("b-state");
    OAuthDance.Tokens tokens =
        browser.tokens(clientId, browser.exchange(discovery, clientId, finished.parameter("code"), verifier.getValue()));
    assertThat(browser.initialize(tokens.accessToken()).statusCode()).isEqualTo(200);
    assertThat(consented(fixture.teamsOwner, clientId)).isTrue();
  }

  @Test
  void aConsentRememberedForOneCalendlyUserDoesNotLetAnotherOneThrough() {
    OAuthDance browser = fixture.dance();
    String clientId = browser.register(discovery, "Shared Agent");
    browser.authorize(discovery, clientId, fixture.teamsOwner.email());
    assertThat(consented(fixture.teamsOwner, clientId)).isTrue();

    // The remembered consent skips our page, but someone else signs in at Calendly.
    OAuthDance.Landing other = browser.startAuthorization(discovery,
        browser.authorizationQuery(discovery, clientId, new CodeVerifier(), "c-state", victim.email()));
    assertThat(other.redirectedToClient()).as("sent on to %s", other.location()).isFalse();
    assertThat(other.page().statusCode()).isEqualTo(403);
    assertThat(other.page().body()).contains("another Calendly");
    assertThat(grantsOf(victim, clientId)).isEmpty();
    assertThat(consented(victim, clientId)).isFalse();

    // This browser forgot whose consent it had: the one at it is now asked, and may approve.
    OAuthDance.Tokens tokens = browser.authorize(discovery, clientId, victim.email());
    assertThat(fixture.grantOf(tokens.accessToken()).userUri()).isEqualTo(victim.userUri());
    assertThat(consented(victim, clientId)).isTrue();
  }

  @Test
  void consentIsNotRecordedWhenNobodyWasAsked() {
    try (OAuthServerFixture autoApproving = new OAuthServerFixture(true)) {
      OAuthDance browser = autoApproving.dance();
      OAuthDance.Discovery found = browser.discover();
      String clientId = browser.register(found, "Auto Agent");
      browser.authorize(found, clientId, autoApproving.teamsOwner.email());

      assertThat(autoApproving.store.findConsent(autoApproving.teamsOwner.userUri(), clientId).blockOptional()).isEmpty();
    }
  }
}
