package dev.calendlymcp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.AuthorizationCode;
import dev.calendlymcp.auth.store.CalendlyTokens;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.OAuthClientCredentials;
import dev.calendlymcp.calendly.RefreshToken;
import dev.calendlymcp.sandbox.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The resource server's decisions on tokens an honest flow never produces (other audiences, no MCP
 * scope), and that remembering verified tokens changes no decision over time.
 */
class ResourceServerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final AuthStore store = new InMemoryAuthStore();
  private final SigningKeys keys = new SigningKeys(store, clock);
  private final AuthSettings ours = settings("http://127.0.0.1:8080");
  private final ResourceServer resourceServer =
      new ResourceServer(ours, new AccessTokens(ours, keys), new Grants(store, token -> Mono.empty()));

  private AuthSettings settings(String publicUrl) {
    return AuthSettings.defaults(URI.create(publicUrl), URI.create("http://127.0.0.1:9"),
        OAuthClientCredentials.publicClient("calendly-app"), true, false).withClock(clock);
  }

  private Grant grant() {
    Grant grant = new Grant("g1", "mcp_client", "https://api.calendly.com/users/U1", "https://api.calendly.com/organizations/O1",
        Set.of(Scopes.READ, Scopes.WRITE), ours.resource(),
        new CalendlyTokens(AccessToken.of("calendly-access-0123456789"), RefreshToken.of("calendly-refresh-0123456789"),
            clock.instant().plus(Duration.ofHours(2))),
        clock.instant(), Optional.empty());
    store.createGrant(grant, new AuthorizationCode("h", grant.grantId(), grant.clientId(),
        URI.create("http://127.0.0.1:9/cb"), "c", ours.resource(), clock.instant().plusSeconds(60))).block();
    return grant;
  }

  private AuthChallenge refusal(String header) {
    Throwable error = resourceServer.authenticate(header).map(principal -> (Throwable) null)
        .onErrorResume(e -> Mono.just(e)).block();
    assertThat(error).isInstanceOf(AuthChallenge.class);
    return (AuthChallenge) error;
  }

  @Test
  void aTokenWithoutAnMcpScopeIsForbiddenWithInsufficientScope() {
    String token = new AccessTokens(ours, keys).issue(grant(), Set.of()).block();

    AuthChallenge challenge = refusal("Bearer " + token);

    assertThat(challenge.status()).isEqualTo(403);
    assertThat(challenge.wwwAuthenticate()).contains("error=\"insufficient_scope\"").contains("resource_metadata=");
  }

  @Test
  void aTokenForAnotherServersAudienceIsAnInvalidToken() {
    AuthSettings other = settings("http://127.0.0.1:9090");
    String token = new AccessTokens(other, keys).issue(grant(), Set.of(Scopes.READ)).block();

    AuthChallenge challenge = refusal("Bearer " + token);

    assertThat(challenge.status()).isEqualTo(401);
    assertThat(challenge.error()).isEqualTo("invalid_token");
    assertThat(challenge.body()).doesNotContain(token);
  }

  @Test
  void noHeaderIsAChallengeNamingTheMetadataAndAValidTokenIsAPrincipal() {
    assertThat(refusal(null).wwwAuthenticate())
        .isEqualTo("Bearer resource_metadata=\"http://127.0.0.1:8080/.well-known/oauth-protected-resource\","
            + " scope=\"calendly:read calendly:write\"");
    String token = new AccessTokens(ours, keys).issue(grant(), Set.of(Scopes.READ)).block();

    Principal principal = resourceServer.authenticate("Bearer " + token).block();

    assertThat(principal).isEqualTo(new Principal("g1", "mcp_client", "https://api.calendly.com/users/U1", Set.of(Scopes.READ)));
  }

  @Test
  void aTokenVerifiedOnceStillExpiresOnTime() {
    String token = new AccessTokens(ours, keys).issue(grant(), Set.of(Scopes.READ)).block();
    assertThat(resourceServer.authenticate("Bearer " + token).block()).isNotNull();

    clock.advance(ours.accessTokenLifetime());

    assertThat(refusal("Bearer " + token).body()).contains("expired");
  }

  @Test
  void aTokenVerifiedOnceStopsWhenItsKeyRetires() {
    String token = new AccessTokens(ours, keys).issue(grant(), Set.of(Scopes.READ)).block();
    assertThat(resourceServer.authenticate("Bearer " + token).block()).isNotNull();

    keys.rotate(Duration.ofMinutes(1)).block();
    assertThat(resourceServer.authenticate("Bearer " + token).block()).as("the old key still verifies").isNotNull();
    clock.advance(Duration.ofMinutes(2));

    assertThat(refusal("Bearer " + token).body()).contains("key this server does not know");
  }

  @Test
  void aTokenVerifiedOnceStopsWhenItsGrantIsRevoked() {
    Grants grants = new Grants(store, token -> Mono.empty());
    ResourceServer server = new ResourceServer(ours, new AccessTokens(ours, keys), grants);
    String token = new AccessTokens(ours, keys).issue(grant(), Set.of(Scopes.READ)).block();
    assertThat(server.authenticate("Bearer " + token).block()).isNotNull();

    grants.revoke("g1", clock.instant()).block();

    Throwable refused = server.authenticate("Bearer " + token).then(Mono.<Throwable>empty())
        .onErrorResume(Mono::just).block();
    assertThat(refused).isInstanceOf(AuthChallenge.class);
    assertThat(((AuthChallenge) refused).body()).contains("revoked");
  }

  @Test
  void aTamperedCopyOfAVerifiedTokenIsNotTakenForIt() {
    String token = new AccessTokens(ours, keys).issue(grant(), Set.of(Scopes.READ)).block();
    assertThat(resourceServer.authenticate("Bearer " + token).block()).isNotNull();
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);

    assertThat(refusal("Bearer " + tampered).error()).isEqualTo("invalid_token");
  }
}
