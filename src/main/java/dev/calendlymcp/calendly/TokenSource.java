package dev.calendlymcp.calendly;

import reactor.core.publisher.Mono;

/**
 * Where a client gets the token for each request: a fixed personal access token, or an OAuth
 * grant that refreshes itself before expiry. Asked once per request, so a refreshed token is
 * picked up without rebuilding the client.
 */
@FunctionalInterface
public interface TokenSource {

  Mono<AccessToken> token();

  static TokenSource of(AccessToken token) {
    Mono<AccessToken> fixed = Mono.just(token);
    return () -> fixed;
  }
}
