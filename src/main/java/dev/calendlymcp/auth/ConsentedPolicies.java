package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.Consent;
import dev.calendlymcp.auth.store.OAuthClient;
import dev.calendlymcp.policy.Policy;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Each OAuth client's policy as its user chose it on the consent or consents page, held under the
 * organization's ceiling, read by the MCP endpoint on every call. Read from the store at most every
 * few seconds per user and client, and dropped from memory the moment this process saves a change,
 * so a change made here applies to the next call; on other processes sharing the store it applies
 * within {@link #FRESHNESS}.
 */
public final class ConsentedPolicies {

  static final Duration FRESHNESS = Duration.ofSeconds(5);

  private record Key(String userUri, String clientId) {}

  private final AuthStore store;
  private final Policy ceiling;
  private final String consentsUrl;
  private final AsyncCache<Key, Optional<Consent>> consents =
      Caffeine.newBuilder().expireAfterWrite(FRESHNESS).maximumSize(100_000).buildAsync();
  private final AsyncCache<String, String> names =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).maximumSize(100_000).buildAsync();
  private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

  ConsentedPolicies(AuthStore store, AuthSettings settings) {
    this.store = store;
    this.ceiling = settings.ceiling();
    this.consentsUrl = settings.issuer() + ServerMetadata.Endpoints.CONSENTS;
  }

  /**
   * What {@code clientId} may do for {@code userUri}: the policy of its consent, under the ceiling.
   * A consent that predates per-resource choices, or a grant that no consent page preceded (the
   * sandbox's {@code --auto-approve}), keeps the scopes' behaviour, under the ceiling too.
   */
  public Mono<Policy> policyOf(String userUri, String clientId) {
    return Mono.fromFuture(() -> consents.get(new Key(userUri, clientId),
            (key, executor) -> store.findConsent(userUri, clientId).map(Optional::of)
                .defaultIfEmpty(Optional.empty()).toFuture()))
        .map(consent -> consent.flatMap(Consent::policy).orElseGet(Policy::unrestricted).cappedBy(ceiling));
  }

  /** The client's registered {@code client_name}; its id when the store no longer knows it. */
  public Mono<String> clientName(String clientId) {
    return Mono.fromFuture(() -> names.get(clientId, (id, executor) -> store.findClient(id)
        .map(OAuthClient::clientName).defaultIfEmpty(id).toFuture()));
  }

  /**
   * The client's registered {@code client_name} if it was read already, without waiting; starts
   * reading it otherwise, so the next request of the client has it.
   */
  public Optional<String> knownClientName(String clientId) {
    var name = names.get(clientId, (id, executor) -> store.findClient(id)
        .map(OAuthClient::clientName).defaultIfEmpty(id).toFuture());
    return name.isDone() && !name.isCompletedExceptionally() ? Optional.ofNullable(name.getNow(null)) : Optional.empty();
  }

  /** The ids of clients whose policy changed at this process, as they change. */
  public Flux<String> changes() {
    return changes.asFlux();
  }

  /** The page where the user widens or narrows an agent's policy, as refusals name it. */
  public String consentsUrl() {
    return consentsUrl;
  }

  /** A consent of {@code clientId} was saved or withdrawn here: the next call reads it anew. */
  void changed(String userUri, String clientId) {
    consents.synchronous().invalidate(new Key(userUri, clientId));
    // Two pages saving at once must both be heard; the sink takes one emission at a time.
    changes.emitNext(clientId, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
  }
}
