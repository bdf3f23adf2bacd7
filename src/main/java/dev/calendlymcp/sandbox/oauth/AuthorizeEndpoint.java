package dev.calendlymcp.sandbox.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.User;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code GET /oauth/authorize} and the consent form's {@code POST /oauth/authorize}.
 *
 * <p>Until the client and its redirect URI are verified, errors are HTML pages: redirecting to an
 * unverified URI would make the sandbox an open redirector. After that, errors go back to the
 * client as {@code ?error=…&state=…}, as RFC 6749 §4.1.2.1 says.
 *
 * <p>With auto-approve on, a valid request is answered at once with a code for the {@code
 * login_hint} user (or the first seeded user). Otherwise a consent page lets a person pick a
 * seeded user and allow or deny. The form carries a one-time CSRF token that must also come back
 * in a same-site cookie (double submit), so another site cannot post the form for a visitor.
 */
final class AuthorizeEndpoint {

  static final String CSRF_COOKIE = "sbx_oauth_csrf";

  /** An S256 challenge is the base64url SHA-256 of the verifier: 43 characters (RFC 7636 §4.2). */
  private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** A validated authorization request, waiting for a user to approve or deny it. */
  private record Pending(
      String clientId, URI redirectUri, CodeChallenge challenge, List<String> scopes, State state, Instant expiresAt) {}

  private final Function<String, Optional<OAuthApp>> apps;
  private final OAuthGrants grants;
  private final SandboxStore store;
  private final Clock clock;
  private final boolean autoApprove;
  private final List<String> seededUsers;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

  /** @param seededUsers uuids of the users the consent page offers, in order; the first is the default */
  AuthorizeEndpoint(
      Function<String, Optional<OAuthApp>> apps,
      OAuthGrants grants,
      SandboxStore store,
      Clock clock,
      boolean autoApprove,
      List<String> seededUsers) {
    this.apps = apps;
    this.grants = grants;
    this.store = store;
    this.clock = clock;
    this.autoApprove = autoApprove;
    this.seededUsers = List.copyOf(seededUsers);
  }

  /** The refusal of a request, before (a page) or after (a redirect) the redirect URI is trusted. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ApiResponse response;

    Refusal(ApiResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  ApiResponse show(ApiRequest request) {
    try {
      Pending validated = validate(request.query().asMap());
      String hint = request.query().get("login_hint");
      if (!autoApprove) {
        return consentPage(validated, hint);
      }
      if (hint == null) {
        return approve(validated, seededUsers.get(0));
      }
      return userByEmail(hint)
          .map(user -> approve(validated, user.uuid()))
          .orElseGet(() -> error(validated, OAuth2Error.INVALID_REQUEST, "login_hint names no user of the sandbox."));
    } catch (Refusal refusal) {
      return refusal.response;
    }
  }

  ApiResponse decide(ApiRequest request) {
    Map<String, List<String>> form = URLUtils.parseParameters(new String(request.rawBody(), StandardCharsets.UTF_8));
    String csrf = first(form, "csrf_token");
    if (csrf == null) {
      return page(400, "The form has no csrf_token.");
    }
    String cookie = csrfCookie(request.header("cookie"));
    if (cookie == null
        || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), csrf.getBytes(StandardCharsets.UTF_8))) {
      return page(403, "The form's CSRF token does not match this browser's cookie. Start again from the app.");
    }
    Pending waiting = pending.get(csrf);
    if (waiting == null) {
      return page(400, "This authorization form was already used or is unknown. Start again from the app.");
    }
    if (!clock.instant().isBefore(waiting.expiresAt())) {
      pending.remove(csrf, waiting);
      return page(400, "This authorization form expired. Start again from the app.");
    }
    String decision = first(form, "decision");
    if (!"approve".equals(decision) && !"deny".equals(decision)) {
      return page(400, "decision must be approve or deny.");
    }
    Optional<User> user = Optional.ofNullable(first(form, "user")).flatMap(this::userByEmail);
    if ("approve".equals(decision) && user.isEmpty()) {
      return page(400, "user must be the email of one of the listed users.");
    }
    if (!pending.remove(csrf, waiting)) {
      return page(400, "This authorization form was already used. Start again from the app.");
    }
    if ("deny".equals(decision)) {
      return error(waiting, OAuth2Error.ACCESS_DENIED, "The user denied access.");
    }
    return approve(waiting, user.get().uuid());
  }

  /** Checks every parameter; refusals before the redirect URI is trusted are pages. */
  private Pending validate(Map<String, List<String>> params) {
    String clientId = single(params, "client_id");
    OAuthApp app = apps.apply(clientId)
        .orElseThrow(() -> new Refusal(page(400, "No OAuth app of the sandbox has this client_id.")));
    String redirect = single(params, "redirect_uri");
    if (!app.allowsRedirect(redirect)) {
      throw new Refusal(page(400, "The redirect_uri is not registered for this app (it must match exactly)."));
    }
    URI redirectUri = URI.create(redirect);
    String stateText = first(params, "state");
    State state = stateText == null || stateText.isEmpty() ? null : new State(stateText);
    Pending partial = new Pending(clientId, redirectUri, null, List.of(), state, null);
    AuthorizationRequest parsed;
    try {
      parsed = AuthorizationRequest.parse(params);
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
      throw new Refusal(error(partial, error, error.getDescription()));
    }
    if (!ResponseType.CODE.equals(parsed.getResponseType())) {
      throw new Refusal(error(partial, OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, "response_type must be code."));
    }
    CodeChallenge challenge = parsed.getCodeChallenge();
    CodeChallengeMethod method = parsed.getCodeChallengeMethod();
    if (method != null && !CodeChallengeMethod.S256.equals(method) || challenge != null && method == null) {
      throw new Refusal(error(partial, OAuth2Error.INVALID_REQUEST,
          "code_challenge_method must be S256; plain is not supported."));
    }
    if (method != null && challenge == null) {
      throw new Refusal(error(partial, OAuth2Error.INVALID_REQUEST, "code_challenge is required with code_challenge_method."));
    }
    if (challenge != null && !S256_CHALLENGE.matcher(challenge.getValue()).matches()) {
      throw new Refusal(error(partial, OAuth2Error.INVALID_REQUEST,
          "code_challenge must be the 43-character base64url SHA-256 of the code_verifier."));
    }
    List<String> scopes = app.scopes();
    if (parsed.getScope() != null) {
      for (String scope : parsed.getScope().toStringList()) {
        if (!app.allowsScope(scope)) {
          throw new Refusal(error(partial, OAuth2Error.INVALID_SCOPE, "The app may not ask for the scope " + scope + "."));
        }
      }
      scopes = parsed.getScope().toStringList();
    }
    return new Pending(
        clientId, redirectUri, challenge, OAuthGrants.ordered(scopes), state, clock.instant().plus(OAuthGrants.CODE_LIFETIME));
  }

  private ApiResponse consentPage(Pending request, String hint) {
    Instant now = clock.instant();
    pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String csrf = HexFormat.of().formatHex(bytes);
    pending.put(csrf, request);
    List<OAuthPages.Choice> choices =
        store.read(
            () -> {
              List<OAuthPages.Choice> list = new ArrayList<>(seededUsers.size());
              for (String uuid : seededUsers) {
                store.user(uuid).ifPresent(user -> list.add(new OAuthPages.Choice(
                    user.email(), user.name(),
                    store.organization(user.organizationUuid()).map(Organization::name).orElse(""))));
              }
              return list;
            });
    String cookie = CSRF_COOKIE + "=" + csrf + "; Path=/oauth; HttpOnly; SameSite=Strict";
    return OAuthResponses.html(
        200, OAuthPages.consent(request.clientId(), request.scopes(), choices, hint, csrf), Map.of("Set-Cookie", cookie));
  }

  private ApiResponse approve(Pending request, String userUuid) {
    String code = grants.issueCode(
        request.clientId(), userUuid, request.redirectUri().toString(), request.challenge(), request.scopes());
    return OAuthResponses.redirect(
        new AuthorizationSuccessResponse(
                request.redirectUri(), new AuthorizationCode(code), null, request.state(), ResponseMode.QUERY)
            .toURI());
  }

  private static ApiResponse error(Pending request, ErrorObject error, String description) {
    ErrorObject described = description == null ? error : error.setDescription(ErrorObject.removeIllegalChars(description));
    return OAuthResponses.redirect(
        new AuthorizationErrorResponse(request.redirectUri(), described, request.state(), ResponseMode.QUERY).toURI());
  }

  private static ApiResponse page(int status, String message) {
    return OAuthResponses.html(status, OAuthPages.error(message), Map.of());
  }

  private Optional<User> userByEmail(String email) {
    return store.read(() -> store.userByEmail(email.trim()));
  }

  /** The one value of a parameter that identifies the client or where it lives; a page otherwise. */
  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty() || values.get(0).isBlank()) {
      throw new Refusal(page(400, "The request has no " + name + "."));
    }
    if (values.size() > 1) {
      throw new Refusal(page(400, name + " must be sent once."));
    }
    return values.get(0);
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String csrfCookie(String header) {
    if (header == null) {
      return null;
    }
    for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
      if (cookie.name().equals(CSRF_COOKIE)) {
        return cookie.value();
      }
    }
    return null;
  }
}
