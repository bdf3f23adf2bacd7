package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.auth.store.PurgePolicy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registration is open to anyone, so what one address can make the store hold is bounded: 200
 * registrations a day, and a client that never signs in is forgotten a day after it registered.
 */
@Timeout(120)
class OAuthStoreBoundsTest {

  private static final String METADATA = "{\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"]}";

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

  @Test
  void registrationsFromOneAddressAreCappedAt200ADayWhateverThePacePerMinute() {
    Instant now = fixture.clock.instant();
    // Start the day afresh so that the day's window does not turn over during the test.
    fixture.clock.advance(Duration.between(now, now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1))));
    int registered = 0;
    HttpResponse<String> refused = null;
    for (int minute = 0; minute < 12 && refused == null; minute++) {
      for (int i = 0; i < 20 && refused == null; i++) {
        HttpResponse<String> response = dance.registration(discovery, METADATA);
        if (response.statusCode() == 201) {
          registered++;
        } else {
          refused = response;
        }
      }
      fixture.clock.advance(Duration.ofSeconds(61));
    }

    assertThat(registered).isEqualTo(200);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .as("until the next day, not the next minute").isGreaterThan(3600);
    fixture.clock.advance(Duration.ofDays(1));
    assertThat(dance.registration(discovery, METADATA).statusCode()).isEqualTo(201);
  }

  @Test
  void aClientThatNeverSignsInIsForgottenADayAfterItRegisteredAndOneThatDidIsKept() {
    String idle = dance.register(discovery, "Idle Agent");
    OAuthDance.Tokens active = dance.authorize(discovery, dance.register(discovery, "Active Agent"),
        fixture.teamsOwner.email());
    fixture.clock.advance(PurgePolicy.DEFAULT_UNUSED_CLIENT_LIFETIME);

    fixture.store.purgeExpired(fixture.clock.instant()).block(Duration.ofSeconds(5));

    OAuthDance.Landing landing = dance.startAuthorization(discovery,
        dance.authorizationQuery(discovery, idle, new CodeVerifier(), "s1", null));
    assertThat(landing.redirectedToClient()).isFalse();
    assertThat(landing.page().statusCode()).isEqualTo(400);
    assertThat(landing.page().body()).contains("not registered");
    HttpResponse<String> refreshed = dance.refresh(discovery, active);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    assertThat(dance.parse(refreshed.body()).get("access_token").asString()).isNotBlank();
  }
}
