package dev.calendlymcp.auth;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.BrowserSession;
import dev.calendlymcp.auth.store.Hashes;
import dev.calendlymcp.policy.Policy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code /consents}: the signed-in browser's user sees the MCP clients they approved, with what
 * each may do, and can change that policy (within the scope the client was granted and the
 * organization's ceiling) or withdraw the approval; withdrawing revokes that client's grants at
 * once, and a changed policy applies to the client's next call and live sessions.
 */
final class ConsentsEndpoint {

  private final AuthSettings settings;
  private final AuthStore store;
  private final Grants grants;
  private final ConsentedPolicies policies;

  /** The form's fields besides the policy's. */
  private static final Set<String> FIELDS = Set.of(BrowserCsrf.FIELD, "client_id", "action");

  ConsentsEndpoint(AuthSettings settings, AuthStore store, Grants grants, ConsentedPolicies policies) {
    this.settings = settings;
    this.store = store;
    this.grants = grants;
    this.policies = policies;
  }

  Mono<Void> list(HttpServerRequest request, HttpServerResponse response) {
    return Web.either(user(request),
        session -> store.consentsOf(session.userUri())
            .concatMap(consent -> Mono.zip(policies.clientName(consent.clientId()),
                    policies.policyOf(consent.userUri(), consent.clientId()))
                .map(named -> new ConsentPage.ApprovedAgent(consent, named.getT1(), named.getT2(),
                    PolicyForm.offered(consent.scopes(), settings.ceiling()))))
            .collectList()
            .flatMap(agents -> {
              String csrf = BrowserCsrf.issue(request, response);
              return Web.html(response, 200, ConsentPage.consents(agents, csrf));
            }),
        () -> notSignedIn(response));
  }

  /** A post of the page: {@code action=save} with the policy's fields, or a withdrawal. */
  Mono<Void> post(HttpServerRequest request, HttpServerResponse response) {
    return Web.body(request).flatMap(body -> {
      Map<String, List<String>> form = Web.form(body);
      Optional<String> clientId = Web.first(form, "client_id");
      if (clientId.isEmpty() || !BrowserCsrf.matches(request, Web.first(form, BrowserCsrf.FIELD))) {
        return AuthorizeEndpoint.page(response, 403, "The form's security token does not match this browser.");
      }
      String action = Web.first(form, "action").orElse("withdraw");
      return switch (action) {
        case "withdraw" -> Web.either(user(request), session -> withdraw(session, clientId.get(), response),
            () -> notSignedIn(response));
        case "save" -> Web.either(user(request), session -> save(session, clientId.get(), form, response),
            () -> notSignedIn(response));
        default -> AuthorizeEndpoint.page(response, 400, "The form's action must be save or withdraw.");
      };
    })
        .onErrorResume(Web.Malformed.class, e -> AuthorizeEndpoint.page(response, 400, "The form is malformed."))
        .onErrorResume(Web.TooLarge.class, e -> AuthorizeEndpoint.page(response, 413, "The form is too large."));
  }

  private Mono<Void> withdraw(BrowserSession session, String clientId, HttpServerResponse response) {
    return store.deleteConsent(session.userUri(), clientId)
        .then(Mono.fromRunnable(() -> policies.changed(session.userUri(), clientId)))
        .thenMany(store.grantsOf(session.userUri()))
        .filter(grant -> grant.clientId().equals(clientId))
        .concatMap(grant -> grants.revoke(grant.grantId(), settings.clock().instant()))
        .then(Web.seeOther(response, URI.create(policies.consentsUrl())));
  }

  /** Only a client this user approved can be changed, and only within what its consent's scopes allow. */
  private Mono<Void> save(BrowserSession session, String clientId, Map<String, List<String>> form,
      HttpServerResponse response) {
    return Web.either(store.findConsent(session.userUri(), clientId),
        consent -> {
          Policy chosen;
          try {
            chosen = PolicyForm.offered(consent.scopes(), settings.ceiling()).parse(form, FIELDS);
          } catch (PolicyForm.Invalid e) {
            return AuthorizeEndpoint.page(response, 400, "The form is not valid: " + e.getMessage());
          }
          return store.saveConsent(consent.withPolicy(chosen))
              .then(Mono.fromRunnable(() -> policies.changed(session.userUri(), clientId)))
              .then(Web.seeOther(response, URI.create(policies.consentsUrl())));
        },
        () -> AuthorizeEndpoint.page(response, 404, "You have not approved this client, or withdrew it."));
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
