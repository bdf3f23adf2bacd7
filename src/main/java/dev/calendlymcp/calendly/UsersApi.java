package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.User;
import java.util.List;
import reactor.core.publisher.Mono;

/** Users: the token's own user, and any user by URI or UUID. */
public final class UsersApi {

  private final RestCalls rest;

  UsersApi(RestCalls rest) {
    this.rest = rest;
  }

  /** {@code GET /users/me}: the user the token acts as, with their organization URI. */
  public Mono<User> me() {
    return rest.resource(Endpoint.GET_CURRENT_USER, List.of(), new OutboundRequest.Query(), User.class);
  }

  /** {@code GET /users/{uuid}}. */
  public Mono<User> get(String userUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(userUriOrUuid, "user"))
        .flatMap(uuid -> rest.resource(Endpoint.GET_USER, List.of(uuid), new OutboundRequest.Query(), User.class));
  }
}
