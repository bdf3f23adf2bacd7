package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Browsers hold every redirect that follows a form submission to the submitting page's {@code
 * form-action}: the consent form is answered with a redirect to Calendly's sign-in (approve) or to
 * the client (deny), so the consent page must allow those two origins, and only those, besides its
 * own. With {@code 'self'} alone, Chromium stayed on the consent page after the click
 * ({@code BrowserPagesIT}).
 */
@Timeout(60)
class ConsentFormTargetsTest {

  @Test
  void theConsentPageLetsItsFormGoOnToCalendlysSignInAndBackToTheClientAndNowhereElse() {
    try (OAuthServerFixture fixture = new OAuthServerFixture(false)) {
      OAuthDance browser = fixture.dance();
      OAuthDance.Discovery discovery = browser.discover();
      String clientId = browser.register(discovery, "Form Agent");
      OAuthDance.Landing page = browser.startAuthorization(discovery,
          browser.authorizationQuery(discovery, clientId, new CodeVerifier(), "s", fixture.teamsOwner.email()));
      assertThat(page.askedConsent()).isTrue();

      URI calendly = URI.create(fixture.sandbox.authBaseUrl());
      String policy = page.page().headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(policy).contains("form-action 'self' http://127.0.0.1:" + calendly.getPort() + " http://127.0.0.1:9;")
          .contains("default-src 'none'", "frame-ancestors 'none'");
    }
  }
}
