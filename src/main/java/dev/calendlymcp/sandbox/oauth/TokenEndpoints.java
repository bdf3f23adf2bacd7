package dev.calendlymcp.sandbox.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.model.User;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /oauth/token}, {@code /oauth/revoke} and {@code /oauth/introspect}. Requests are
 * parsed by Nimbus; clients authenticate with HTTP Basic ({@code client_secret_basic}), with
 * {@code client_id} and {@code client_secret} in the form ({@code client_secret_post}), or, as
 * public PKCE clients, with just {@code client_id} in the form. Introspection needs the secret.
 */
final class TokenEndpoints {

  private final Function<String, Optional<OAuthApp>> apps;
  private final OAuthGrants grants;
  private final OAuthGrants.TokenBudget budget;
  private final SandboxStore store;
  private final Uris uris;
  private final String authBaseUrl;

  TokenEndpoints(
      Function<String, Optional<OAuthApp>> apps,
      OAuthGrants grants,
      OAuthGrants.TokenBudget budget,
      SandboxStore store,
      Uris uris,
      String authBaseUrl) {
    this.apps = apps;
    this.grants = grants;
    this.budget = budget;
    this.store = store;
    this.uris = uris;
    this.authBaseUrl = authBaseUrl;
  }

  ApiResponse token(ApiRequest request) {
    try {
      HTTPRequest http = nimbus(request);
      TokenRequest parsed = parse(() -> TokenRequest.parse(http));
      OAuthGrants.Client client = authenticate(parsed.getClientAuthentication(), parsed.getClientID());
      checkBodyClientId(http, client);
      AuthorizationGrant grant = parsed.getAuthorizationGrant();
      OAuthGrants.Issued issued;
      if (grant instanceof AuthorizationCodeGrant code) {
        issued = grants.redeem(
            client, code.getAuthorizationCode().getValue(), code.getRedirectionURI(), code.getCodeVerifier(), budget);
      } else if (grant instanceof RefreshTokenGrant refresh) {
        List<String> requested = parsed.getScope() == null ? null : parsed.getScope().toStringList();
        issued = grants.refresh(client, refresh.getRefreshToken().getValue(), requested, budget);
      } else {
        throw OAuthError.unsupportedGrantType("Only the authorization_code and refresh_token grants are supported.");
      }
      return OAuthResponses.noStore(ApiResponse.json(200, tokenBody(issued)));
    } catch (OAuthError e) {
      return e.toResponse();
    }
  }

  ApiResponse revoke(ApiRequest request) {
    try {
      HTTPRequest http = nimbus(request);
      TokenRevocationRequest parsed = parse(() -> TokenRevocationRequest.parse(http));
      OAuthGrants.Client client = authenticate(parsed.getClientAuthentication(), parsed.getClientID());
      checkBodyClientId(http, client);
      grants.revoke(client, parsed.getToken().getValue());
      return OAuthResponses.noStore(ApiResponse.json(200, Json.object()));
    } catch (OAuthError e) {
      return e.toResponse();
    }
  }

  ApiResponse introspect(ApiRequest request) {
    try {
      HTTPRequest http = nimbus(request);
      TokenIntrospectionRequest parsed = parse(() -> TokenIntrospectionRequest.parse(http));
      ClientAuthentication authentication = parsed.getClientAuthentication();
      if (authentication == null) {
        throw OAuthError.invalidClient(
            "Token introspection needs the client's credentials: HTTP Basic client_id:client_secret, "
                + "or client_id and client_secret in the form.",
            false);
      }
      OAuthGrants.Client client = authenticate(authentication, null);
      checkBodyClientId(http, client);
      ObjectNode body = Json.object();
      Optional<OAuthGrants.Active> active = grants.introspect(client, parsed.getToken().getValue());
      body.put("active", active.isPresent());
      active.ifPresent(
          token -> {
            body.put("scope", String.join(" ", token.scopes()));
            body.put("client_id", token.clientId());
            body.put("token_type", token.tokenType());
            if (token.expiresAt() != null) {
              body.put("exp", token.expiresAt().getEpochSecond());
            }
            body.put("iat", token.issuedAt().getEpochSecond());
            body.put("owner", uris.user(token.userUuid()));
            organizationOf(token.userUuid()).ifPresent(organization -> body.put("organization", organization));
          });
      return OAuthResponses.noStore(ApiResponse.json(200, body));
    } catch (OAuthError e) {
      return e.toResponse();
    }
  }

  private ObjectNode tokenBody(OAuthGrants.Issued issued) {
    ObjectNode body = Json.object();
    body.put("token_type", "Bearer");
    body.put("access_token", issued.accessToken().value());
    body.put("refresh_token", issued.refreshToken());
    body.put("scope", String.join(" ", issued.scopes()));
    body.put("created_at", issued.accessToken().issuedAt().getEpochSecond());
    body.put("expires_in", OAuthGrants.ACCESS_TOKEN_LIFETIME.toSeconds());
    body.put("owner", uris.user(issued.accessToken().userUuid()));
    organizationOf(issued.accessToken().userUuid()).ifPresent(organization -> body.put("organization", organization));
    return body;
  }

  private Optional<String> organizationOf(String userUuid) {
    return store.read(() -> store.user(userUuid).map(User::organizationUuid)).map(uris::organization);
  }

  /**
   * The client behind the request's credentials.
   *
   * @throws OAuthError 401 {@code invalid_client} for an unknown client, a wrong secret, an
   *     unsupported method, or no identification at all
   */
  private OAuthGrants.Client authenticate(ClientAuthentication authentication, ClientID publicClient) {
    if (authentication != null) {
      boolean basic = authentication instanceof ClientSecretBasic;
      if (!(authentication instanceof PlainClientSecret secret)) {
        throw OAuthError.invalidClient("Only client_secret_basic and client_secret_post are supported.", false);
      }
      OAuthApp app = apps.apply(authentication.getClientID().getValue())
          .orElseThrow(() -> OAuthError.invalidClient("Client authentication failed.", basic));
      byte[] expected = app.clientSecret().getBytes(StandardCharsets.UTF_8);
      byte[] given = secret.getClientSecret().getValue().getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(expected, given)) {
        throw OAuthError.invalidClient("Client authentication failed.", basic);
      }
      return new OAuthGrants.Client(app, true);
    }
    if (publicClient != null) {
      OAuthApp app = apps.apply(publicClient.getValue())
          .orElseThrow(() -> OAuthError.invalidClient("Client authentication failed.", false));
      return new OAuthGrants.Client(app, false);
    }
    throw OAuthError.invalidClient(
        "The client is not identified: use HTTP Basic client_id:client_secret, client_id and client_secret "
            + "in the form, or (a PKCE client) client_id in the form.",
        false);
  }

  /** A {@code client_id} in the form next to HTTP Basic must name the same client. */
  private static void checkBodyClientId(HTTPRequest http, OAuthGrants.Client client) {
    List<String> named = URLUtils.parseParameters(http.getBody()).get("client_id");
    if (named != null && named.stream().anyMatch(id -> !id.equals(client.id()))) {
      throw OAuthError.invalidRequest("client_id in the form names another client than the credentials.");
    }
  }

  /** The request as Nimbus reads it: method, URL, Content-Type, Authorization and form body. */
  private HTTPRequest nimbus(ApiRequest request) {
    HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, URI.create(authBaseUrl + request.path()));
    String contentType = request.header("content-type");
    if (contentType != null) {
      try {
        http.setContentType(contentType);
      } catch (ParseException e) {
        throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded.");
      }
    }
    String authorization = request.header("authorization");
    if (authorization != null) {
      http.setAuthorization(authorization);
    }
    http.setBody(new String(request.rawBody(), StandardCharsets.UTF_8));
    return http;
  }

  /** Nimbus's parsing, its errors turned into OAuth error answers with Nimbus's error code. */
  private interface Parsing<T> {
    T parse() throws ParseException;
  }

  private static <T> T parse(Parsing<T> parsing) {
    try {
      return parsing.parse();
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
      if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
        throw OAuthError.invalidClient("Client authentication failed.", false);
      }
      String description = error.getDescription() != null ? error.getDescription() : "The request is malformed.";
      throw OAuthError.parsing(error.getCode(), description);
    }
  }
}
