package dev.calendlymcp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.AuthorizationCode;
import dev.calendlymcp.auth.store.CalendlyTokens;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.RefreshToken;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The request path's view of grants: a revoked grant is refused here from the moment of revocation. */
class GrantsTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");

  private final InMemoryAuthStore backing = new InMemoryAuthStore();
  /** When set, the next findGrant answers only when the test completes this sink. */
  private final AtomicReference<Sinks.One<Grant>> heldRead = new AtomicReference<>();
  private final AuthStore store = (AuthStore) Proxy.newProxyInstance(
      AuthStore.class.getClassLoader(), new Class<?>[] {AuthStore.class}, (proxy, method, args) -> {
        Sinks.One<Grant> held = method.getName().equals("findGrant") ? heldRead.getAndSet(null) : null;
        if (held != null) {
          return held.asMono();
        }
        try {
          return method.invoke(backing, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
  /** The Calendly refresh tokens revoked upstream, in order. */
  private final List<String> releasedUpstream = new CopyOnWriteArrayList<>();
  private final Grants grants = new Grants(store, token -> Mono.fromRunnable(() -> releasedUpstream.add(token.reveal())));

  private Grant grant(String id) {
    Grant grant = new Grant(id, "client-1", "https://api.calendly.com/users/U", "https://api.calendly.com/organizations/O",
        Set.of(Scopes.READ), RESOURCE,
        new CalendlyTokens(AccessToken.of("calendly-access"), RefreshToken.of("calendly-refresh"), NOW.plus(Duration.ofHours(2))),
        NOW, Optional.empty());
    backing.createGrant(grant, new AuthorizationCode("hash-" + id, id, "client-1", URI.create("http://127.0.0.1/cb"),
        "challenge", RESOURCE, NOW.plusSeconds(60))).block();
    return grant;
  }

  @Test
  void aRevokedGrantIsRefusedAsSoonAsTheRevocationCompletesThoughItWasCached() {
    grant("g1");
    assertThat(grants.active("g1").block()).as("cached as active").isNotNull();

    grants.revoke("g1", NOW).block();

    assertThat(grants.active("g1").blockOptional()).isEmpty();
  }

  @Test
  void aReadThatBeganBeforeTheRevocationAndEndsAfterItDoesNotBringTheGrantBack() {
    Grant active = grant("g1");
    Sinks.One<Grant> slowRead = Sinks.one();
    heldRead.set(slowRead);
    AtomicReference<Optional<Grant>> seen = new AtomicReference<>();
    grants.active("g1").map(Optional::of).defaultIfEmpty(Optional.empty()).subscribe(seen::set);

    grants.revoke("g1", NOW).block();
    slowRead.tryEmitValue(active);

    assertThat(seen.get()).as("the read in flight").isEmpty();
    assertThat(grants.active("g1").blockOptional()).as("a later read").isEmpty();
  }

  @Test
  void revokingAGrantRevokesItsCalendlyTokensAtCalendlyOnce() {
    grant("g1");

    grants.revoke("g1", NOW).block();
    grants.revoke("g1", NOW).block();

    assertThat(releasedUpstream).containsExactly("calendly-refresh");
  }

  @Test
  void theUsersLastGrantEndingIsToldWithItsStillValidTokenBeforeTheTokensAreRevokedAtCalendly() {
    grant("g1");
    grant("g2");
    List<String> told = new CopyOnWriteArrayList<>();
    grants.onLastGrantEnded((userUri, token) -> Mono.fromRunnable(() -> told.add(
        userUri + " " + token.map(AccessToken::reveal).orElse("-") + " released=" + releasedUpstream.size())));

    grants.revoke("g1", NOW).block();
    assertThat(told).as("another grant of the user remains").isEmpty();
    grants.revoke("g2", NOW).block();

    assertThat(told).containsExactly("https://api.calendly.com/users/U calendly-access released=1");
  }

  @Test
  void aLastGrantCalendlyEndedIsToldWithoutAToken() {
    grant("g1");
    List<Optional<AccessToken>> told = new CopyOnWriteArrayList<>();
    grants.onLastGrantEnded((userUri, token) -> Mono.fromRunnable(() -> told.add(token)));

    grants.endedAtCalendly("g1", NOW).block();

    assertThat(told).containsExactly(Optional.empty());
  }

  @Test
  void aGrantTheStoreEndedByItselfIsRefusedAtOnceAndReleasedAtCalendly() {
    grant("g1");
    assertThat(grants.active("g1").block()).isNotNull();

    grants.revokedByStore("g1").block();

    assertThat(grants.active("g1").blockOptional()).isEmpty();
    assertThat(releasedUpstream).containsExactly("calendly-refresh");
  }

  @Test
  void aGrantCalendlyEndedIsRevokedHereWithoutAskingCalendlyAgain() {
    grant("g1");

    grants.endedAtCalendly("g1", NOW).block();

    assertThat(grants.active("g1").blockOptional()).isEmpty();
    assertThat(Mono.from(store.findGrant("g1")).block().isActive()).isFalse();
    assertThat(releasedUpstream).isEmpty();
  }

  @Test
  void aCalendlyThatFailsToRevokeDoesNotFailTheRevocation() {
    Grants failingUpstream = new Grants(store, token -> Mono.error(new IllegalStateException("Calendly is down")));
    grant("g1");

    failingUpstream.revoke("g1", NOW).block();

    assertThat(failingUpstream.active("g1").blockOptional()).isEmpty();
    assertThat(Mono.from(store.findGrant("g1")).block().isActive()).isFalse();
  }

  @Test
  void aChangeIsReadBackFromTheStoreNotFromMemory() {
    grant("g1");
    assertThat(grants.active("g1").block().calendly().accessToken().reveal()).isEqualTo("calendly-access");
    CalendlyTokens renewed =
        new CalendlyTokens(AccessToken.of("renewed"), RefreshToken.of("renewed-refresh"), NOW.plus(Duration.ofHours(4)));

    grants.changed("g1", store.updateCalendlyTokens("g1", renewed)).block();

    assertThat(grants.active("g1").block().calendly().accessToken().reveal()).isEqualTo("renewed");
  }

  @Test
  void otherGrantsAreUntouched() {
    grant("g1");
    grant("g2");

    grants.revoke("g1", NOW).block();

    assertThat(grants.active("g2").block()).isNotNull();
    assertThat(Mono.from(store.findGrant("g1")).block().isActive()).as("the store has it revoked").isFalse();
  }
}
