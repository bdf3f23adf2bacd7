package dev.calendlymcp.auth;

import dev.calendlymcp.calendly.AccessToken;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Told when a Calendly user's last active grant ends, so that what the server set up at Calendly
 * for that user (a webhook subscription) can be undone while it still can.
 */
@FunctionalInterface
public interface LastGrantEnded {

  LastGrantEnded NONE = (userUri, stillValid) -> Mono.empty();

  /**
   * @param userUri the Calendly user whose last grant ended
   * @param stillValid the ending grant's Calendly access token when it is about to be revoked by
   *     us (it works until then); empty when Calendly already ended it
   */
  Mono<Void> ended(String userUri, Optional<AccessToken> stillValid);
}
