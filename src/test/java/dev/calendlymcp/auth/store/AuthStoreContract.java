package dev.calendlymcp.auth.store;

import static dev.calendlymcp.auth.store.AuthRecords.T0;
import static dev.calendlymcp.auth.store.AuthRecords.calendly;
import static dev.calendlymcp.auth.store.AuthRecords.code;
import static dev.calendlymcp.auth.store.AuthRecords.consent;
import static dev.calendlymcp.auth.store.AuthRecords.grant;
import static dev.calendlymcp.auth.store.AuthRecords.metadataClient;
import static dev.calendlymcp.auth.store.AuthRecords.pending;
import static dev.calendlymcp.auth.store.AuthRecords.refresh;
import static dev.calendlymcp.auth.store.AuthRecords.registeredClient;
import static dev.calendlymcp.auth.store.AuthRecords.signingKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.RefreshToken;
import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.policy.ResourceGrant;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * What every {@link AuthStore} must do, whatever it keeps its records in. A store's test extends
 * this and says how to open a fresh, empty store.
 */
abstract class AuthStoreContract {

  static final String USER = "https://api.calendly.com/users/U1";
  static final String OTHER_USER = "https://api.calendly.com/users/U2";

  protected AuthStore store;

  /** A new store with nothing in it, purging by {@code policy}; the contract closes it after each test. */
  protected abstract AuthStore newStore(PurgePolicy policy) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore(PurgePolicy.defaults());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // Clients

  @Test
  void aSavedClientIsFoundAgainWithEveryField() {
    store.saveClient(registeredClient("c1")).block();
    store.saveClient(metadataClient("https://agent.example.com/client.json")).block();

    assertThat(store.findClient("c1").block()).isEqualTo(registeredClient("c1"));
    assertThat(store.findClient("https://agent.example.com/client.json").block())
        .isEqualTo(metadataClient("https://agent.example.com/client.json"));
  }

  @Test
  void savingAClientAgainReplacesIt() {
    store.saveClient(metadataClient("c1")).block();
    OAuthClient refetched =
        new OAuthClient("c1", "Renamed", List.of(AuthRecords.REDIRECT), Optional.empty(), "{\"v\":2}",
            OAuthClient.Source.METADATA_DOCUMENT, T0.plusSeconds(5), Optional.of(T0.plusSeconds(7200)));
    store.saveClient(refetched).block();

    assertThat(store.findClient("c1").block()).isEqualTo(refetched);
  }

  @Test
  void anUnknownClientIsEmpty() {
    assertThat(store.findClient("nobody").blockOptional()).isEmpty();
  }

  // Logins in progress

  @Test
  void aPendingLoginIsTakenOnceOnly() {
    PendingAuthorization pending = pending("state-1", T0.plusSeconds(600));
    store.savePending(pending).block();

    assertThat(store.takePending("state-1", T0).block()).isEqualTo(pending);
    assertThat(store.takePending("state-1", T0).blockOptional()).isEmpty();
  }

  @Test
  void aPendingLoginWithoutClientStateOrConsentRoundTrips() {
    PendingAuthorization bare =
        new PendingAuthorization("state-2", "client-1", AuthRecords.REDIRECT, null, "challenge", Set.of(),
            AuthRecords.RESOURCE, new PendingAuthorization.UpstreamVerifier("v"), Hashes.sha256("browser"), false,
            T0.plusSeconds(60));
    store.savePending(bare).block();

    assertThat(store.findPending("state-2", T0).block()).isEqualTo(bare);
    assertThat(store.takePending("state-2", T0).block()).isEqualTo(bare);
  }

  @Test
  void findingAPendingLoginLeavesItToBeTaken() {
    PendingAuthorization pending = pending("state-1", T0.plusSeconds(600));
    store.savePending(pending).block();

    assertThat(store.findPending("state-1", T0).block()).isEqualTo(pending);
    assertThat(store.findPending("state-1", T0).block()).isEqualTo(pending);
    assertThat(store.takePending("state-1", T0).block()).isEqualTo(pending);
    assertThat(store.findPending("state-1", T0).blockOptional()).isEmpty();
  }

  @Test
  void anExpiredPendingLoginIsNotReturnedNorKept() {
    store.savePending(pending("state-1", T0.plusSeconds(600))).block();

    assertThat(store.findPending("state-1", T0.plusSeconds(600)).blockOptional()).isEmpty();
    assertThat(store.takePending("state-1", T0.plusSeconds(600)).blockOptional()).isEmpty();
    assertThat(store.takePending("state-1", T0).blockOptional()).isEmpty();
  }

  @Test
  void anUnknownPendingLoginIsEmpty() {
    assertThat(store.findPending("never", T0).blockOptional()).isEmpty();
    assertThat(store.takePending("never", T0).blockOptional()).isEmpty();
  }

  // Grants and codes

  @Test
  void aCodeIsConsumedOnceAndHandsOverItsGrant() {
    Grant grant = grant("g1");
    AuthorizationCode code = code("code-1", "g1");
    store.createGrant(grant, code).block();

    assertThat(store.consumeCode(code.codeHash(), T0).block()).isEqualTo(code);
    assertThat(store.findGrant("g1").block()).isEqualTo(grant);
  }

  @Test
  void aCodePresentedTwiceRevokesItsGrantAndItsRefreshTokens() {
    AuthorizationCode code = code("code-1", "g1");
    store.createGrant(grant("g1"), code).block();
    store.consumeCode(code.codeHash(), T0).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();

    assertThat(store.consumeCode(code.codeHash(), T0.plusSeconds(1)).blockOptional()).isEmpty();

    assertThat(store.findGrant("g1").block().revokedAt()).contains(T0.plusSeconds(1));
    assertThat(rotate("r1", "r2", T0.plusSeconds(2))).isInstanceOf(RefreshRotation.Invalid.class);
  }

  @Test
  void findingACodeNeitherUsesItUpNorCountsAsPresentingIt() {
    AuthorizationCode code = code("code-1", "g1");
    store.createGrant(grant("g1"), code).block();

    assertThat(store.findCode(code.codeHash()).block()).isEqualTo(code);
    assertThat(store.findCode(code.codeHash()).block()).isEqualTo(code);
    assertThat(store.consumeCode(code.codeHash(), T0).block()).isEqualTo(code);
    assertThat(store.findGrant("g1").block().isActive()).isTrue();
  }

  @Test
  void aCodeIsFoundWhetherUsedOrExpiredAndAnUnknownOneIsNot() {
    AuthorizationCode code = code("code-1", "g1", T0.plusSeconds(60));
    store.createGrant(grant("g1"), code).block();
    store.consumeCode(code.codeHash(), T0).block();

    assertThat(store.findCode(code.codeHash()).block()).isEqualTo(code);
    assertThat(store.findGrant("g1").block().isActive()).isTrue();
    assertThat(store.findCode(Hashes.sha256("never issued")).blockOptional()).isEmpty();
  }

  @Test
  void anExpiredCodeIsRefusedWithoutRevokingTheGrant() {
    AuthorizationCode code = code("code-1", "g1", T0.plusSeconds(60));
    store.createGrant(grant("g1"), code).block();

    assertThat(store.consumeCode(code.codeHash(), T0.plusSeconds(60)).blockOptional()).isEmpty();
    assertThat(store.consumeCode(code.codeHash(), T0.plusSeconds(61)).blockOptional()).isEmpty();
    assertThat(store.findGrant("g1").block().isActive()).isTrue();
  }

  @Test
  void anUnknownCodeOrGrantIsEmpty() {
    assertThat(store.consumeCode(Hashes.sha256("never issued"), T0).blockOptional()).isEmpty();
    assertThat(store.findGrant("nope").blockOptional()).isEmpty();
  }

  @Test
  void aCodeForAnotherGrantIsRefusedAndNothingIsStored() {
    assertThatThrownBy(() -> store.createGrant(grant("g1"), code("code-1", "g2")).block())
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.findGrant("g1").blockOptional()).isEmpty();
    assertThat(store.consumeCode(Hashes.sha256("code-1"), T0).blockOptional()).isEmpty();
  }

  @Test
  void aSecondGrantWithTheSameIdFailsAndLeavesTheFirstAlone() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();

    Grant impostor = grant("g1", OTHER_USER, "other-token");
    assertThatThrownBy(() -> store.createGrant(impostor, code("code-2", "g1")).block()).isNotNull();

    assertThat(store.findGrant("g1").block()).isEqualTo(grant("g1"));
    assertThat(store.consumeCode(Hashes.sha256("code-2"), T0).blockOptional()).isEmpty();
  }

  @Test
  void calendlyTokensRoundTripAfterAnUpdate() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    CalendlyTokens refreshed =
        new CalendlyTokens(AccessToken.of("new-access"), RefreshToken.of("new-refresh"), T0.plus(Duration.ofHours(4)));

    store.updateCalendlyTokens("g1", refreshed).block();

    Grant found = store.findGrant("g1").block();
    assertThat(found.calendly()).isEqualTo(refreshed);
    assertThat(found.calendly().accessToken().reveal()).isEqualTo("new-access");
    assertThat(found.calendly().refreshToken().reveal()).isEqualTo("new-refresh");
    assertThat(found).isEqualTo(grant("g1").withCalendly(refreshed));
  }

  @Test
  void updatingTheTokensOfAnUnknownGrantCreatesNothing() {
    store.updateCalendlyTokens("ghost", calendly("a")).block();

    assertThat(store.findGrant("ghost").blockOptional()).isEmpty();
  }

  @Test
  void revokingTwiceKeepsTheFirstRevocation() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();

    store.revokeGrant("g1", T0.plusSeconds(10)).block();
    store.revokeGrant("g1", T0.plusSeconds(20)).block();
    store.revokeGrant("unknown", T0).block();

    assertThat(store.findGrant("g1").block().revokedAt()).contains(T0.plusSeconds(10));
  }

  @Test
  void revokingAGrantKillsEveryRefreshTokenOfIt() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();
    store.saveRefreshToken(refresh("r2", "g1")).block();

    store.revokeGrant("g1", T0.plusSeconds(10)).block();

    assertThat(rotate("r1", "r3", T0.plusSeconds(11))).isInstanceOf(RefreshRotation.Invalid.class);
    assertThat(rotate("r2", "r4", T0.plusSeconds(11))).isInstanceOf(RefreshRotation.Invalid.class);
    assertThat(store.findRefreshToken(Hashes.sha256("r3")).blockOptional()).isEmpty();
  }

  @Test
  void grantsOfAUserAreOnlyItsActiveOnes() {
    store.createGrant(grant("g1", USER, "t1"), code("c1", "g1")).block();
    store.createGrant(grant("g2", USER, "t2"), code("c2", "g2")).block();
    store.createGrant(grant("g3", OTHER_USER, "t3"), code("c3", "g3")).block();
    store.revokeGrant("g2", T0).block();

    assertThat(store.grantsOf(USER).map(Grant::grantId).collectList().block()).containsExactly("g1");
    assertThat(store.grantsOf(OTHER_USER).collectList().block()).containsExactly(grant("g3", OTHER_USER, "t3"));
    assertThat(store.grantsOf("https://api.calendly.com/users/NOBODY").collectList().block()).isEmpty();
  }

  // Refresh tokens

  @Test
  void aSavedRefreshTokenIsFound() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();

    assertThat(store.findRefreshToken(Hashes.sha256("r1")).block()).isEqualTo(refresh("r1", "g1"));
    assertThat(store.findRefreshToken(Hashes.sha256("never")).blockOptional()).isEmpty();
  }

  @Test
  void aRefreshTokenNeedsAStoredGrant() {
    assertThatThrownBy(() -> store.saveRefreshToken(refresh("r1", "ghost")).block()).isNotNull();

    assertThat(store.findRefreshToken(Hashes.sha256("r1")).blockOptional()).isEmpty();
  }

  @Test
  void rotationMarksThePresentedTokenUsedAndStoresItsSuccessorForTheSameGrant() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();
    Instant now = T0.plusSeconds(30);

    // The successor names another grant: the store must ignore that and use the presented one's.
    RefreshRotation rotation = store.rotateRefreshToken(Hashes.sha256("r1"), refresh("r2", "someone-else"), now).block();

    assertThat(rotation).isEqualTo(new RefreshRotation.Rotated(grant("g1"), refresh("r2", "g1")));
    assertThat(store.findRefreshToken(Hashes.sha256("r1")).block().usedAt()).contains(now);
    assertThat(store.findRefreshToken(Hashes.sha256("r2")).block()).isEqualTo(refresh("r2", "g1"));
    assertThat(rotate("r2", "r3", now.plusSeconds(1))).isInstanceOf(RefreshRotation.Rotated.class);
  }

  @Test
  void reusingARotatedTokenRevokesTheGrantAndKillsItsSuccessor() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();
    rotate("r1", "r2", T0.plusSeconds(30));

    assertThat(rotate("r1", "x", T0.plusSeconds(40))).isEqualTo(new RefreshRotation.Reused("g1"));

    assertThat(store.findGrant("g1").block().revokedAt()).contains(T0.plusSeconds(40));
    assertThat(store.findRefreshToken(Hashes.sha256("x")).blockOptional()).isEmpty();
    assertThat(rotate("r2", "r3", T0.plusSeconds(50))).isInstanceOf(RefreshRotation.Invalid.class);
    assertThat(rotate("r1", "r4", T0.plusSeconds(50))).isInstanceOf(RefreshRotation.Invalid.class);
    assertThat(store.grantsOf(USER).collectList().block()).isEmpty();
  }

  @Test
  void rotationOnARevokedGrantIsInvalidNotReuse() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();
    store.revokeGrant("g1", T0.plusSeconds(5)).block();

    assertThat(rotate("r1", "r2", T0.plusSeconds(6))).isInstanceOf(RefreshRotation.Invalid.class);
    assertThat(store.findGrant("g1").block().revokedAt()).contains(T0.plusSeconds(5));
  }

  @Test
  void anExpiredOrUnknownRefreshTokenIsInvalidAndTheGrantStays() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1", T0.plusSeconds(100))).block();

    assertThat(rotate("r1", "r2", T0.plusSeconds(100))).isInstanceOf(RefreshRotation.Invalid.class);
    assertThat(rotate("never", "r3", T0)).isInstanceOf(RefreshRotation.Invalid.class);

    assertThat(store.findGrant("g1").block().isActive()).isTrue();
    assertThat(store.findRefreshToken(Hashes.sha256("r1")).block().usedAt()).isEmpty();
    assertThat(store.findRefreshToken(Hashes.sha256("r2")).blockOptional()).isEmpty();
  }

  @Test
  void concurrentRotationsOfOneTokenLetExactlyOneThrough() {
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();

    List<RefreshRotation> outcomes =
        Flux.range(0, 16)
            .flatMap(
                i ->
                    store
                        .rotateRefreshToken(Hashes.sha256("r1"), refresh("next-" + i, "g1"), T0.plusSeconds(1))
                        .subscribeOn(Schedulers.parallel()))
            .collectList()
            .block();

    assertThat(outcomes).filteredOn(RefreshRotation.Rotated.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(RefreshRotation.Reused.class::isInstance).isNotEmpty();
    assertThat(store.findGrant("g1").block().isActive()).isFalse();
  }

  @Test
  void concurrentExchangesOfOneCodeLetExactlyOneThrough() {
    AuthorizationCode code = code("code-1", "g1");
    store.createGrant(grant("g1"), code).block();

    List<AuthorizationCode> handedOver =
        Flux.range(0, 16)
            .flatMap(i -> store.consumeCode(code.codeHash(), T0).subscribeOn(Schedulers.parallel()))
            .collectList()
            .block();

    assertThat(handedOver).containsExactly(code);
    assertThat(store.findGrant("g1").block().isActive()).isFalse();
  }

  // Consents

  @Test
  void consentsAreSavedFoundListedAndWithdrawn() {
    Consent first = consent(USER, "client-a", Set.of("calendly:read"));
    Consent second = consent(USER, "client-b", Set.of("calendly:read", "calendly:write"));
    Consent another = consent(OTHER_USER, "client-a", Set.of());
    store.saveConsent(first).block();
    store.saveConsent(second).block();
    store.saveConsent(another).block();

    assertThat(store.findConsent(USER, "client-b").block()).isEqualTo(second);
    assertThat(store.consentsOf(USER).collectList().block()).containsExactlyInAnyOrder(first, second);
    assertThat(store.consentsOf(OTHER_USER).collectList().block()).containsExactly(another);

    store.deleteConsent(USER, "client-a").block();
    store.deleteConsent(USER, "never-consented").block();

    assertThat(store.findConsent(USER, "client-a").blockOptional()).isEmpty();
    assertThat(store.consentsOf(USER).collectList().block()).containsExactly(second);
    assertThat(store.findConsent(OTHER_USER, "client-a").block()).isEqualTo(another);
  }

  @Test
  void aConsentKeepsThePolicyItsUserChoseAndOneGivenWithoutChoicesKeepsNone() {
    Policy chosen = Policy.denyAll()
        .with(PolicyResource.MEETINGS, ResourceGrant.of(AccessLevel.READ))
        .with(PolicyResource.BOOKING, new ResourceGrant(AccessLevel.WRITE, true))
        .withLockdown(true);
    Consent withPolicy = consent(USER, "client-a", Set.of("calendly:read", "calendly:write")).withPolicy(chosen);
    Consent denyingAll = consent(USER, "client-b", Set.of("calendly:read")).withPolicy(Policy.denyAll());
    Consent without = consent(USER, "client-c", Set.of("calendly:read"));
    store.saveConsent(withPolicy).block();
    store.saveConsent(denyingAll).block();
    store.saveConsent(without).block();

    assertThat(store.findConsent(USER, "client-a").block().policy()).contains(chosen);
    assertThat(store.findConsent(USER, "client-b").block().policy()).contains(Policy.denyAll());
    assertThat(store.findConsent(USER, "client-c").block().policy()).isEmpty();
    assertThat(store.consentsOf(USER).collectList().block()).containsExactly(withPolicy, denyingAll, without);

    // Changed on the consents page: the new policy replaces the old one.
    store.saveConsent(withPolicy.withPolicy(Policy.denyAll().with(PolicyResource.MEETINGS,
        ResourceGrant.of(AccessLevel.FULL)))).block();
    assertThat(store.findConsent(USER, "client-a").block().policy().orElseThrow().wireText()).isEqualTo("meetings=full");
  }

  @Test
  void aPendingLoginCarriesThePolicyChosenOnTheConsentPageToTheCallback() {
    PendingAuthorization plain = pending("state-p", T0.plusSeconds(60));
    Policy chosen = Policy.consentDefault().with(PolicyResource.BOOKING, new ResourceGrant(AccessLevel.FULL, true));
    PendingAuthorization withPolicy = new PendingAuthorization(plain.id(), plain.clientId(), plain.redirectUri(),
        plain.clientState(), plain.codeChallenge(), plain.scopes(), plain.resource(), plain.upstreamVerifier(),
        plain.browserHash(), true, plain.expiresAt(), Optional.of(chosen));
    store.savePending(withPolicy).block();

    assertThat(store.takePending("state-p", T0).block().policy()).contains(chosen);
  }

  @Test
  void consentingAgainReplacesTheScopes() {
    store.saveConsent(consent(USER, "client-a", Set.of("calendly:read"))).block();
    Consent wider = new Consent(USER, "client-a", Set.of("calendly:read", "calendly:write"), T0.plusSeconds(9));
    store.saveConsent(wider).block();

    assertThat(store.consentsOf(USER).collectList().block()).containsExactly(wider);
  }

  // Browser sessions

  @Test
  void aBrowserSessionIsFoundUntilItExpires() {
    BrowserSession session = new BrowserSession(Hashes.sha256("cookie"), USER, T0.plusSeconds(3600));
    store.saveBrowserSession(session).block();

    assertThat(store.findBrowserSession(session.idHash(), T0).block()).isEqualTo(session);
    assertThat(store.findBrowserSession(session.idHash(), T0.plusSeconds(3600)).blockOptional()).isEmpty();
    assertThat(store.findBrowserSession(Hashes.sha256("other cookie"), T0).blockOptional()).isEmpty();
  }

  @Test
  void savingABrowserSessionAgainExtendsIt() {
    String idHash = Hashes.sha256("cookie");
    store.saveBrowserSession(new BrowserSession(idHash, USER, T0.plusSeconds(60))).block();
    store.saveBrowserSession(new BrowserSession(idHash, USER, T0.plusSeconds(7200))).block();

    assertThat(store.findBrowserSession(idHash, T0.plusSeconds(3600)).block().expiresAt()).isEqualTo(T0.plusSeconds(7200));
  }

  // Calendly webhooks

  @Test
  void anAccountsWebhookIsKeptWithItsKeyReplacedBySavingAgainAndForgotten() {
    CalendlyWebhook first = new CalendlyWebhook(USER, URI.create("https://api.calendly.com/webhook_subscriptions/W1"),
        URI.create("https://mcp.example.com/webhooks/calendly"), "a".repeat(64), T0);
    CalendlyWebhook other = new CalendlyWebhook("https://api.calendly.com/users/OTHER",
        URI.create("https://api.calendly.com/webhook_subscriptions/W2"),
        URI.create("https://mcp.example.com/webhooks/calendly"), "b".repeat(64), T0.plusSeconds(60));
    CalendlyWebhook replaced = new CalendlyWebhook(USER, URI.create("https://api.calendly.com/webhook_subscriptions/W3"),
        URI.create("https://mcp.example.com/webhooks/calendly"), "c".repeat(64), T0.plusSeconds(120));
    store.saveWebhook(first).block();
    store.saveWebhook(other).block();

    assertThat(store.findWebhook(USER).block()).isEqualTo(first);
    store.saveWebhook(replaced).block();
    assertThat(store.webhooks().collectList().block()).containsExactly(other, replaced);

    store.deleteWebhook(USER).block();
    assertThat(store.findWebhook(USER).block()).isNull();
    assertThat(store.webhooks().collectList().block()).containsExactly(other);
    assertThat(replaced.toString()).doesNotContain(replaced.signingKey());
  }

  // Signing keys

  @Test
  void signingKeysComeNewestFirstWithTheirPrivateParts() {
    SigningKey old = signingKey("k-old", T0, false);
    SigningKey current = signingKey("k-current", T0.plus(Duration.ofDays(30)), true);
    SigningKey middle = signingKey("k-middle", T0.plus(Duration.ofDays(10)), false);
    store.saveSigningKey(old).block();
    store.saveSigningKey(current).block();
    store.saveSigningKey(middle).block();

    List<SigningKey> keys = store.signingKeys().collectList().block();

    assertThat(keys).extracting(SigningKey::kid).containsExactly("k-current", "k-middle", "k-old");
    assertThat(keys.get(0).key().isPrivate()).isTrue();
    assertThat(keys).extracting(AuthStoreContract::fields).containsExactly(fields(current), fields(middle), fields(old));
  }

  @Test
  void savingAKeyAgainUpdatesIt() {
    SigningKey key = signingKey("k1", T0, true);
    store.saveSigningKey(key).block();
    SigningKey retired = new SigningKey(key.key(), key.createdAt(), false, T0.plus(Duration.ofDays(1)));
    store.saveSigningKey(retired).block();

    assertThat(store.signingKeys().collectList().block()).extracting(AuthStoreContract::fields).containsExactly(fields(retired));
  }

  @Test
  void aNewStoreHasNoKeys() {
    assertThat(store.signingKeys().collectList().block()).isEmpty();
  }

  // Purging

  @Test
  void purgingForgetsExpiredLoginsCodesSessionsAndRefreshTokensOnly() {
    store.saveClient(registeredClient("client-1")).block();
    store.savePending(pending("old", T0.plusSeconds(10))).block();
    store.savePending(pending("live", T0.plusSeconds(1000))).block();
    store.createGrant(grant("g1"), code("old-code", "g1", T0.plusSeconds(10))).block();
    store.createGrant(grant("g2"), code("live-code", "g2", T0.plusSeconds(1000))).block();
    store.saveRefreshToken(refresh("r-old", "g1", T0.plusSeconds(10))).block();
    store.saveRefreshToken(refresh("r-live", "g1", T0.plusSeconds(1000))).block();
    store.saveBrowserSession(new BrowserSession("s-old", USER, T0.plusSeconds(10))).block();
    store.saveBrowserSession(new BrowserSession("s-live", USER, T0.plusSeconds(1000))).block();

    store.purgeExpired(T0.plusSeconds(10)).block();

    assertThat(store.takePending("old", T0).blockOptional()).isEmpty();
    assertThat(store.takePending("live", T0).blockOptional()).isPresent();
    assertThat(store.consumeCode(Hashes.sha256("old-code"), T0).blockOptional()).isEmpty();
    assertThat(store.consumeCode(Hashes.sha256("live-code"), T0).blockOptional()).isPresent();
    assertThat(store.findRefreshToken(Hashes.sha256("r-old")).blockOptional()).isEmpty();
    assertThat(store.findRefreshToken(Hashes.sha256("r-live")).blockOptional()).isPresent();
    assertThat(store.findBrowserSession("s-old", T0).blockOptional()).isEmpty();
    assertThat(store.findBrowserSession("s-live", T0).blockOptional()).isPresent();
    assertThat(store.findGrant("g1").block().isActive()).isTrue();
    assertThat(store.findClient("client-1").blockOptional()).isPresent();
  }

  @Test
  void aClientThatNeverSignedInIsForgottenADayAfterItRegisteredWithItsConsents() {
    store.saveClient(registeredClient("c1")).block();
    store.saveConsent(consent(USER, "c1", Set.of("calendly:read"))).block();
    Instant dayLater = T0.plus(PurgePolicy.DEFAULT_UNUSED_CLIENT_LIFETIME);

    store.purgeExpired(dayLater.minusNanos(1)).block();
    assertThat(store.findClient("c1").blockOptional()).isPresent();

    store.purgeExpired(dayLater).block();
    assertThat(store.findClient("c1").blockOptional()).isEmpty();
    assertThat(store.findConsent(USER, "c1").blockOptional()).isEmpty();
  }

  @Test
  void aClientWithAGrantOrASignInUnderWayIsKeptHoweverOld() {
    store.saveClient(registeredClient("client-1")).block();
    store.saveClient(registeredClient("signing-in")).block();
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();
    Instant later = T0.plus(Duration.ofDays(10));
    store.savePending(new PendingAuthorization("p1", "signing-in", AuthRecords.REDIRECT, null, "challenge", Set.of(),
        AuthRecords.RESOURCE, new PendingAuthorization.UpstreamVerifier("v"), Hashes.sha256("browser"), false,
        later.plusSeconds(600))).block();

    store.purgeExpired(later).block();

    assertThat(store.findClient("client-1").blockOptional()).isPresent();
    assertThat(store.findClient("signing-in").blockOptional()).isPresent();
    assertThat(store.findGrant("g1").block().isActive()).isTrue();
  }

  @Test
  void aRevokedGrantIsPurgedWithItsTokensOnceTheRetentionIsOverAndThenItsClient() {
    store.saveClient(registeredClient("client-1")).block();
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();
    Instant revoked = T0.plusSeconds(3600);
    store.revokeGrant("g1", revoked).block();
    Instant retentionOver = revoked.plus(PurgePolicy.DEFAULT_ENDED_GRANT_RETENTION);

    store.purgeExpired(retentionOver.minusNanos(1)).block();
    assertThat(store.findGrant("g1").block().revokedAt()).contains(revoked);
    assertThat(store.findRefreshToken(Hashes.sha256("r1")).blockOptional()).isPresent();

    store.purgeExpired(retentionOver).block();
    assertThat(store.findGrant("g1").blockOptional()).isEmpty();
    assertThat(store.findRefreshToken(Hashes.sha256("r1")).blockOptional()).isEmpty();
    assertThat(rotate("r1", "r2", retentionOver)).isInstanceOf(RefreshRotation.Invalid.class);
    assertThat(store.findClient("client-1").blockOptional()).as("it holds no grant any more").isEmpty();
  }

  @Test
  void aGrantLeftWithNoUsableCodeOrRefreshTokenEndsAndIsPurgedAfterTheRetention() {
    store.createGrant(grant("never-exchanged"), code("code-1", "never-exchanged", T0.plusSeconds(60))).block();
    store.createGrant(grant("idle"), code("code-2", "idle")).block();
    store.saveRefreshToken(refresh("r-idle", "idle", T0.plus(Duration.ofDays(30)))).block();
    store.createGrant(grant("in-use"), code("code-3", "in-use")).block();
    store.saveRefreshToken(refresh("r-in-use", "in-use", T0.plus(Duration.ofDays(60)))).block();
    Instant monthLater = T0.plus(Duration.ofDays(30));

    store.purgeExpired(monthLater).block();

    assertThat(store.findGrant("never-exchanged").block().revokedAt()).contains(monthLater);
    assertThat(store.findGrant("idle").block().revokedAt()).contains(monthLater);
    assertThat(store.findGrant("in-use").block().isActive()).isTrue();
    assertThat(store.grantsOf(USER).map(Grant::grantId).collectList().block()).containsExactly("in-use");

    store.purgeExpired(monthLater.plus(PurgePolicy.DEFAULT_ENDED_GRANT_RETENTION)).block();
    assertThat(store.findGrant("never-exchanged").blockOptional()).isEmpty();
    assertThat(store.findGrant("idle").blockOptional()).isEmpty();
    assertThat(store.findGrant("in-use").blockOptional()).isPresent();
  }

  @Test
  void aGrantYoungerThanAnHourIsNotEndedForLackOfTokens() {
    AuthorizationCode code = code("code-1", "g1", T0.plusSeconds(60));
    store.createGrant(grant("g1"), code).block();
    store.consumeCode(code.codeHash(), T0.plusSeconds(1)).block();

    store.purgeExpired(T0.plusSeconds(120)).block();

    assertThat(store.findGrant("g1").block().isActive()).isTrue();
  }

  @Test
  void theRetentionOfEndedGrantsIsASetting() throws Exception {
    store.close();
    store = newStore(PurgePolicy.defaults().withEndedGrantRetention(Duration.ofDays(1)));
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.revokeGrant("g1", T0).block();

    store.purgeExpired(T0.plus(Duration.ofDays(1))).block();

    assertThat(store.findGrant("g1").blockOptional()).isEmpty();
  }

  /** A key's fields, its private part included, in a form that compares by value. */
  static List<Object> fields(SigningKey key) {
    return List.of(key.key().toJSONString(), key.createdAt(), key.active(), key.retireAt());
  }

  /** Presents {@code presented} and asks for {@code next} in its place. */
  protected RefreshRotation rotate(String presented, String next, Instant now) {
    return store.rotateRefreshToken(Hashes.sha256(presented), refresh(next, "g1"), now).block();
  }
}
