package dev.calendlymcp.cli;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.calendly.CalendlyOAuth;
import dev.calendlymcp.calendly.OAuthTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The OAuth authorization-code flow with PKCE for a native app (RFC 8252): a redirect to a
 * loopback port chosen by the OS, the user's browser sent to Calendly's authorize page, the code
 * taken from the redirect and exchanged with the PKCE verifier. Nimbus builds the request and
 * parses the redirect; nothing of the code, verifier or tokens is printed.
 */
final class OAuthLogin {

  /** What went wrong, in words for the user; never carries a code or token. */
  static final class LoginFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoginFailedException(String message) {
      super(message, null, false, false);
    }
  }

  private static final String DONE_PAGE =
      "<!doctype html><meta charset=utf-8><title>calendly-mcp</title>"
          + "<p>calendly-mcp is signed in to Calendly. You can close this tab.</p>";
  private static final String FAILED_PAGE =
      "<!doctype html><meta charset=utf-8><title>calendly-mcp</title>"
          + "<p>Signing in did not work; the terminal says why.</p>";

  private OAuthLogin() {}

  /**
   * @param authBaseUrl Calendly's OAuth server
   * @param oauth the token endpoint of the app {@code clientId} belongs to
   * @param visit takes the user (or, for a sandbox, a plain HTTP client) to the authorize URL
   * @param timeout how long to wait for the redirect
   */
  static OAuthTokens run(URI authBaseUrl, String clientId, CalendlyOAuth oauth, Consumer<URI> visit, Duration timeout) {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    CompletableFuture<String> code = new CompletableFuture<>();
    DisposableServer loopback = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .route(routes -> routes.get("/callback", (request, response) -> {
          String page = accept(URI.create("http://127.0.0.1" + request.uri()), state, code);
          return response.header("Content-Type", "text/html; charset=utf-8")
              .header("Cache-Control", "no-store")
              .sendString(Mono.just(page), StandardCharsets.UTF_8)
              .then();
        }))
        .bindNow();
    try {
      URI redirect = URI.create("http://127.0.0.1:" + loopback.port() + "/callback");
      URI authorize = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(clientId))
          .endpointURI(URI.create(authBaseUrl + "/oauth/authorize"))
          .redirectionURI(redirect)
          .state(state)
          .codeChallenge(verifier, CodeChallengeMethod.S256)
          .build()
          .toURI();
      visit.accept(authorize);
      String received = code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return oauth.exchangeCode(received, redirect.toString(), verifier.getValue()).block();
    } catch (TimeoutException e) {
      throw new LoginFailedException("no answer from the browser within " + timeout.toMinutes()
          + " minutes; run calendly-mcp login again");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LoginFailedException failed
          ? failed
          : new LoginFailedException("the redirect from Calendly could not be read");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginFailedException("interrupted");
    } finally {
      loopback.disposeNow();
    }
  }

  /** Reads the redirect; completes {@code code} with the code or with why there is none. */
  private static String accept(URI redirect, State expected, CompletableFuture<String> code) {
    AuthorizationResponse response;
    try {
      response = AuthorizationResponse.parse(redirect);
    } catch (ParseException e) {
      // A stray request to the port (a favicon, a probe) is not the redirect; keep waiting.
      return FAILED_PAGE;
    }
    if (!expected.equals(response.getState())) {
      code.completeExceptionally(new LoginFailedException(
          "the redirect did not carry this login's state (another login in progress?); run calendly-mcp login again"));
      return FAILED_PAGE;
    }
    if (response instanceof AuthorizationErrorResponse error) {
      code.completeExceptionally(new LoginFailedException("Calendly did not authorize calendly-mcp ("
          + error.getErrorObject().getCode() + ")"));
      return FAILED_PAGE;
    }
    code.complete(response.toSuccessResponse().getAuthorizationCode().getValue());
    return DONE_PAGE;
  }
}
