package dev.calendlymcp.auth;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.BrowserSession;
import dev.calendlymcp.auth.store.Hashes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code /consents}: the signed-in browser's user sees the MCP clients they approved and can
 * withdraw any; withdrawing revokes that client's grants at once.
 */
final class ConsentsEndpoint {

  private final AuthSettings settings;
  private final AuthStore store;
  private final Grants grants;

  ConsentsEndpoint(AuthSettings settings, AuthStore store, Grants grants) {
    this.settings = settings;
    this.store = store;
    this.grants = grants;
  }

  Mono<Void> list(HttpServerRequest request, HttpServerResponse response) {
    return Web.either(user(request),
        session -> store.consentsOf(session.userUri()).collectList().flatMap(consents -> {
          String csrf = BrowserCsrf.issue(request, response);
          return Web.html(response, 200, ConsentPage.consents(consents, csrf));
        }),
        () -> notSignedIn(response));
  }

  Mono<Void> withdraw(HttpServerRequest request, HttpServerResponse response) {
    return Web.body(request).flatMap(body -> {
      Map<String, List<String>> form = Web.form(body);
      Optional<String> clientId = Web.first(form, "client_id");
      if (clientId.isEmpty() || !BrowserCsrf.matches(request, Web.first(form, BrowserCsrf.FIELD))) {
        return AuthorizeEndpoint.page(response, 403, "The form's security token does not match this browser.");
      }
      return Web.either(user(request),
          session -> store.deleteConsent(session.userUri(), clientId.get())
              .thenMany(store.grantsOf(session.userUri()))
              .filter(grant -> grant.clientId().equals(clientId.get()))
              .concatMap(grant -> grants.revoke(grant.grantId(), settings.clock().instant()))
              .then(Web.seeOther(response, URI.create(settings.issuer() + ServerMetadata.Endpoints.CONSENTS))),
          () -> notSignedIn(response));
    })
        .onErrorResume(Web.Malformed.class, e -> AuthorizeEndpoint.page(response, 400, "The form is malformed."))
        .onErrorResume(Web.TooLarge.class, e -> AuthorizeEndpoint.page(response, 413, "The form is too large."));
  }

  private Mono<BrowserSession> user(HttpServerRequest request) {
    return Mono.justOrEmpty(Web.cookie(request, AuthorizeEndpoint.SESSION_COOKIE))
        .flatMap(id -> store.findBrowserSession(Hashes.sha256(id), settings.clock().instant()));
  }

  private static Mono<Void> notSignedIn(HttpServerResponse response) {
    return AuthorizeEndpoint.page(response, 401,
        "This browser has not signed in here. Connect an MCP client first; its sign-in signs this browser in.");
  }
}
