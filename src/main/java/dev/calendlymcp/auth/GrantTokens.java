package dev.calendlymcp.auth;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.CalendlyTokens;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyOAuth;
import dev.calendlymcp.calendly.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The Calendly tokens of each grant, for the Calendly client: refreshed shortly before they
 * expire, one refresh at a time per grant (callers arriving meanwhile wait for the same one, since
 * Calendly's refresh tokens are single-use and a second refresh would end the grant), and saved
 * before use. A grant Calendly no longer honours is revoked here too, and the caller is told to
 * reconnect.
 */
public final class GrantTokens {

  private static final Logger log = LoggerFactory.getLogger(GrantTokens.class);

  /** How long before expiry a token is renewed, so that no request leaves with a dying one. */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

  /** The grant can no longer reach Calendly; the message tells the user what to do. */
  public static final class GrantEndedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GrantEndedException(String message) {
      super(message, null, false, false);
    }
  }

  static final String RECONNECT =
      "This client's Calendly authorization has ended (revoked in Calendly or here, or expired): ask the user"
          + " to reconnect calendly-mcp in their MCP client and sign in to Calendly again.";

  private final AuthStore store;
  private final CalendlyOAuth calendly;
  private final Grants grants;
  private final Clock clock;
  private final Map<String, Mono<CalendlyTokens>> refreshing = new ConcurrentHashMap<>();

  GrantTokens(AuthStore store, CalendlyOAuth calendly, Grants grants, Clock clock) {
    this.store = store;
    this.calendly = calendly;
    this.grants = grants;
    this.clock = clock;
  }

  /** Asked once per Calendly request; a refresh happens inside when due. */
  public TokenSource tokenSource(String grantId) {
    return () -> token(grantId);
  }

  Mono<AccessToken> token(String grantId) {
    return grants.active(grantId)
        .switchIfEmpty(Mono.error(() -> new GrantEndedException(RECONNECT)))
        .flatMap(grant -> fresh(grant.calendly())
            ? Mono.just(grant.calendly())
            : refresh(grant))
        .map(CalendlyTokens::accessToken);
  }

  private boolean fresh(CalendlyTokens tokens) {
    return tokens.expiresAt().isAfter(clock.instant().plus(REFRESH_AHEAD));
  }

  private Mono<CalendlyTokens> refresh(Grant grant) {
    return refreshing.computeIfAbsent(grant.grantId(), id -> store.findGrant(id)
        .filter(Grant::isActive)
        .switchIfEmpty(Mono.error(() -> new GrantEndedException(RECONNECT)))
        // Another process (or an earlier refresh here) may have renewed it already.
        .flatMap(current -> fresh(current.calendly()) ? Mono.just(current.calendly()) : renew(current))
        .doFinally(signal -> refreshing.remove(id))
        .cache());
  }

  private Mono<CalendlyTokens> renew(Grant grant) {
    return calendly.refresh(grant.calendly().refreshToken())
        .map(tokens -> new CalendlyTokens(tokens.accessToken(),
            tokens.refreshToken() != null ? tokens.refreshToken() : grant.calendly().refreshToken(),
            tokens.expiresAt() != null ? tokens.expiresAt() : clock.instant().plus(Duration.ofHours(1))))
        .flatMap(tokens -> grants.changed(grant.grantId(), store.updateCalendlyTokens(grant.grantId(), tokens))
            .thenReturn(tokens))
        .onErrorResume(CalendlyException.OAuthError.class, e -> {
          if (!"invalid_grant".equals(e.error())) {
            return Mono.error(e);
          }
          log.info("Calendly ended grant {}; revoking it here", grant.grantId());
          Instant now = clock.instant();
          return grants.endedAtCalendly(grant.grantId(), now).then(Mono.error(new GrantEndedException(RECONNECT)));
        });
  }
}
